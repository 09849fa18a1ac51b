#include "engine/eval/work_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "engine/base/language.h"

namespace vigie::eval {

int ThreadsFor(int jobs) {
  if (jobs > 0) return jobs;
  const unsigned cores = std::thread::hardware_concurrency();  // 0 when unknown
  return cores == 0 ? 1 : static_cast<int>(cores);
}

void ForEachIndex(size_t count, int threads, const std::function<void(size_t worker, size_t index)>& work) {
  const size_t helpers = std::min(count, static_cast<size_t>(std::max(threads, 1))) - (count > 0 ? 1 : 0);
  if (helpers == 0) {
    for (size_t i = 0; i < count; ++i) work(0, i);
    return;
  }
  // Each thread takes the next index until none is left: a long piece does not hold up the others.
  std::atomic<size_t> next{0};
  std::vector<std::exception_ptr> failed(count);
  // The helpers write their texts in the caller's language, its thread's own included.
  const std::optional<Language> language = ThreadLanguage();
  auto take = [&](size_t worker) {
    SetThreadLanguage(language);
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
      try {
        work(worker, i);
      } catch (...) {
        failed[i] = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(helpers);
    for (size_t t = 0; t < helpers; ++t) {
      try {
        pool.emplace_back(take, t + 1);
      } catch (const std::system_error&) {
        break;  // no more threads to be had: the ones started and this one do the work
      }
    }
    take(0);
  }  // joined here
  for (const std::exception_ptr& e : failed) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace vigie::eval
