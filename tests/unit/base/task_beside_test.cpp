// TaskBeside runs one task on a thread of its own, in the caller's language, and gives back what it
// threw on the caller's thread.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "engine/base/language.h"
#include "engine/base/locale_text.h"
#include "engine/base/task_beside.h"

using vigie::TaskBeside;

TEST_CASE("a task beside runs on a thread of its own, in the caller's thread language", "[base][task_beside]") {
  vigie::SetLanguage(vigie::Language::kEnglish);
  const vigie::ScopedLanguage french(vigie::Language::kFrench);
  std::thread::id ran_on;
  vigie::Language language = vigie::Language::kEnglish;
  TaskBeside task([&] {
    ran_on = std::this_thread::get_id();
    language = vigie::CurrentLanguage();
  });
  task.Join();
  CHECK(ran_on != std::this_thread::get_id());
  CHECK(language == vigie::Language::kFrench);
}

TEST_CASE("a task beside's exception is thrown again by Join, on the caller's thread", "[base][task_beside]") {
  TaskBeside task([] { throw std::runtime_error("the record failed"); });
  CHECK_THROWS_WITH(task.Join(), "the record failed");
}

TEST_CASE("a task beside not joined is waited for when it goes out of scope", "[base][task_beside]") {
  std::atomic<bool> done{false};
  try {
    TaskBeside task([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      done = true;
    });
    throw std::runtime_error("the caller's own work threw");
  } catch (const std::runtime_error&) {
    CHECK(done);  // the task's thread ended before the exception left its scope
  }
}
