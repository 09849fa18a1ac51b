// One task run on a thread of its own while the caller does something else (a run's record in the
// store beside its report model's build): the second core put to use by two steps that only read
// what they share.
#pragma once

#include <exception>
#include <functional>
#include <thread>

namespace vigie {

class TaskBeside {
 public:
  // Starts `task` on a thread of its own, in the caller's language (its thread's own included).
  // When no thread can be started, the task is run by Join() on the caller's thread instead.
  explicit TaskBeside(std::function<void()> task);
  // Waits for the task (when Join was not called: the caller's own work threw), its exception dropped.
  ~TaskBeside();
  TaskBeside(const TaskBeside&) = delete;
  TaskBeside& operator=(const TaskBeside&) = delete;

  // Waits for the task to end, then rethrows what it threw. Once.
  void Join();
  // Whether the task runs on a thread of its own (false: no thread could be started).
  bool OnThread() const { return thread_.joinable(); }

 private:
  std::function<void()> task_;
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace vigie
