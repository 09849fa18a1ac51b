// Sign-in attempts, limited: after `max_failures` refused attempts within `window` for one key
// (a login, or an address), the next attempts are refused without checking the password until the
// oldest failure leaves the window. A success forgets the key's failures.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace vigie::serve {

class RateLimiter {
 public:
  using Clock = std::chrono::system_clock;
  RateLimiter(size_t max_failures, std::chrono::seconds window) : max_failures_(max_failures), window_(window) {}
  // True when `key` has used up its failures at `now`.
  bool Blocked(const std::string& key, Clock::time_point now);
  void Failed(const std::string& key, Clock::time_point now);
  void Succeeded(const std::string& key);

 private:
  void Prune(std::deque<Clock::time_point>& times, Clock::time_point now) const;
  size_t max_failures_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace vigie::serve
