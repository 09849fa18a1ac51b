#include "engine/base/task_beside.h"

#include <optional>
#include <system_error>
#include <utility>

#include "engine/base/language.h"

namespace vigie {

TaskBeside::TaskBeside(std::function<void()> task) : task_(std::move(task)) {
  try {
    thread_ = std::thread([this, language = ThreadLanguage()] {
      SetThreadLanguage(language);
      try {
        task_();
      } catch (...) {  // given to the caller by Join, on its own thread
        failure_ = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    // No thread to be had: Join runs the task.
  }
}

TaskBeside::~TaskBeside() {
  if (thread_.joinable()) thread_.join();
}

void TaskBeside::Join() {
  if (thread_.joinable()) {
    thread_.join();
  } else if (task_) {
    std::exchange(task_, nullptr)();
    return;
  }
  task_ = nullptr;
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

}  // namespace vigie
