#include "engine/serve/rate_limit.h"

namespace vigie::serve {

void RateLimiter::Prune(std::deque<Clock::time_point>& times, Clock::time_point now) const {
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

bool RateLimiter::Blocked(const std::string& key, Clock::time_point now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  auto found = failures_.find(key);
  if (found == failures_.end()) return false;
  Prune(found->second, now);
  if (found->second.empty()) {
    failures_.erase(found);
    return false;
  }
  return found->second.size() >= max_failures_;
}

void RateLimiter::Failed(const std::string& key, Clock::time_point now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  // Bounded memory under a flood of made-up logins: old entries go first.
  if (failures_.size() > 100000) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  std::deque<Clock::time_point>& times = failures_[key];
  Prune(times, now);
  times.push_back(now);
  if (times.size() > max_failures_) times.pop_front();
}

void RateLimiter::Succeeded(const std::string& key) {
  const std::lock_guard<std::mutex> lock(mutex_);
  failures_.erase(key);
}

}  // namespace vigie::serve
