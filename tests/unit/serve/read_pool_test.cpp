// The read-only connections of `vigie serve` (engine/serve/read_pool.h): a read never waits for the
// writer's lock, sees every write committed before it, one state of the store per borrow, at most
// `bound` connections, and the writer's file only.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/serve/read_pool.h"
#include "engine/serve/service.h"
#include "tests/unit/serve/test_server.h"

using namespace vigie;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A store file of its own in a fresh folder, with one user, `name`.
class StoreFolder {
 public:
  explicit StoreFolder(const std::string& tag)
      : folder_(fs::temp_directory_path() / ("vigie_read_pool_" + tag + "_" + std::to_string(::getpid()))) {
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  ~StoreFolder() {
    std::error_code error;
    fs::remove_all(folder_, error);
  }
  std::string Path(const std::string& name = "vigie.db") const { return (folder_ / name).string(); }
  // A new store at Path(name) holding the user `login`.
  std::unique_ptr<store::Store> Make(const std::string& login, const std::string& name = "vigie.db") const {
    store::StoreError error;
    std::unique_ptr<store::Store> made = store::Store::Open(Path(name), {}, error);
    REQUIRE(made);
    REQUIRE(made->AddUser({login, "controller", "hash", "2026-01-01T00:00:00Z", "test", {}}, error));
    return made;
  }

 private:
  fs::path folder_;
};

bool Audit(store::Store& writer, const std::string& detail) {
  store::StoreError error;
  return writer.RecordAudit({0, "2026-01-01T00:00:00Z", "test", "test", detail, std::nullopt}, error);
}

}  // namespace

TEST_CASE("a read through the pool does not wait for a write transaction held under the writer's lock", "[serve][pool]") {
  StoreFolder folder("held");
  std::unique_ptr<store::Store> writer = folder.Make("ctrl");
  std::mutex writer_mutex;
  serve::ReadPool pool(*writer, writer_mutex, 2);

  // A run recorded by another request: its transaction stays open, under the writer's lock, until
  // `finish` is set.
  std::promise<void> inside, finish;
  std::shared_future<void> finished = finish.get_future().share();
  std::thread writing([&] {
    const std::lock_guard<std::mutex> lock(writer_mutex);
    store::StoreError error;
    const int64_t id = writer->RecordRun({"2026-01-01T00:00:00Z", "ctrl", "0.1.0", "2026-01-01", "", "{}", "[]", "", 0}, {},
                                         [&](const store::Store::ResultsWriter&) {
                                           inside.set_value();
                                           return finished.wait_for(20s) == std::future_status::ready;
                                         },
                                         error);
    CHECK(id == 1);
  });
  inside.get_future().wait();
  std::future<std::pair<bool, bool>> reading = std::async(std::launch::async, [&] {
    const serve::ReadPool::Lease reader = pool.Borrow();
    // The user committed before; the run not yet (its transaction is open).
    return std::make_pair(reader.Pooled() && reader->UserByLogin("ctrl").has_value(), reader->RunById(1).has_value());
  });
  const bool answered = reading.wait_for(5s) == std::future_status::ready;
  CHECK(answered);  // false: the read waited for the writer's lock
  finish.set_value();
  writing.join();
  const auto [saw_user, saw_run] = reading.get();
  CHECK(saw_user);
  CHECK_FALSE(saw_run);
  // Committed: the next read sees it.
  CHECK(pool.Borrow()->RunById(1).has_value());
  CHECK(pool.Counted().through_writer == 0);
}

TEST_CASE("the pool sees every write committed before a borrow, and one state during it", "[serve][pool]") {
  StoreFolder folder("fresh");
  std::unique_ptr<store::Store> writer = folder.Make("ctrl");
  std::mutex writer_mutex;
  serve::ReadPool pool(*writer, writer_mutex, 2);
  // The same connections lent again and again: none may keep an old state between two borrows.
  for (int i = 1; i <= 30; ++i) {
    {
      const std::lock_guard<std::mutex> lock(writer_mutex);
      REQUIRE(Audit(*writer, "write " + std::to_string(i)));
    }
    const serve::ReadPool::Lease reader = pool.Borrow();
    REQUIRE(reader.Pooled());
    const std::vector<store::Store::AuditEntry> audit = reader->Audit();
    REQUIRE(audit.size() == static_cast<size_t>(i) + 1);  // + user-added
    CHECK(audit.back().detail == "write " + std::to_string(i));
  }
  CHECK(pool.Counted().open == 1);  // one request at a time: one connection, lent again

  // During a borrow, a write committed meanwhile (the writer is not held back by the reader) is
  // not seen: the request reads one state. The next borrow sees it.
  {
    const serve::ReadPool::Lease reader = pool.Borrow();
    REQUIRE(reader->Audit().size() == 31);
    {
      const std::lock_guard<std::mutex> lock(writer_mutex);
      REQUIRE(Audit(*writer, "during the read"));
    }
    CHECK(reader->Audit().size() == 31);
  }
  CHECK(pool.Borrow()->Audit().size() == 32);
}

TEST_CASE("the pool never opens more than its bound; a borrow past it waits for a connection given back", "[serve][pool]") {
  StoreFolder folder("bound");
  std::unique_ptr<store::Store> writer = folder.Make("ctrl");
  std::mutex writer_mutex;
  serve::ReadPool pool(*writer, writer_mutex, 2);
  std::optional<serve::ReadPool::Lease> first(pool.Borrow()), second(pool.Borrow());
  CHECK(pool.Counted().open == 2);
  std::future<bool> third = std::async(std::launch::async, [&] {
    const serve::ReadPool::Lease reader = pool.Borrow();
    return reader.Pooled() && reader->UserByLogin("ctrl").has_value();
  });
  CHECK(third.wait_for(300ms) == std::future_status::timeout);
  first.reset();
  REQUIRE(third.wait_for(5s) == std::future_status::ready);
  CHECK(third.get());
  second.reset();

  // Eight threads at once, twenty reads each.
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const serve::ReadPool::Lease reader = pool.Borrow();
        if (reader.Pooled() && reader->UserByLogin("ctrl")) ++good;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(good == 160);
  CHECK(pool.Counted().open == 2);
  CHECK(pool.Counted().most_lent_at_once == 2);
  CHECK(pool.Counted().lent == 163);
  CHECK(pool.Counted().through_writer == 0);
}

TEST_CASE("a store file replaced or deleted: the requests read through the writer, as it writes", "[serve][pool]") {
  StoreFolder folder("replaced");
  std::unique_ptr<store::Store> writer = folder.Make("ctrl");
  std::mutex writer_mutex;

  SECTION("replaced by another store") {
    folder.Make("someone.else", "other.db").reset();
    serve::ReadPool pool(*writer, writer_mutex, 2);
    fs::rename(folder.Path("other.db"), folder.Path());
    const serve::ReadPool::Lease reader = pool.Borrow();
    CHECK_FALSE(reader.Pooled());
    CHECK(reader->UserByLogin("ctrl").has_value());  // the writer's file, not the new one
    CHECK_FALSE(reader->UserByLogin("someone.else").has_value());
    CHECK(pool.Counted().open == 0);
  }
  SECTION("deleted") {
    serve::ReadPool pool(*writer, writer_mutex, 2);
    fs::remove(folder.Path());
    const serve::ReadPool::Lease reader = pool.Borrow();
    CHECK_FALSE(reader.Pooled());
    CHECK(reader->UserByLogin("ctrl").has_value());
  }
  SECTION("a connection opened before stays on the writer's file") {
    folder.Make("someone.else", "other.db").reset();
    serve::ReadPool pool(*writer, writer_mutex, 2);
    pool.Borrow();  // one connection, on the writer's file
    fs::rename(folder.Path("other.db"), folder.Path());
    {
      const serve::ReadPool::Lease reader = pool.Borrow();
      CHECK(reader.Pooled());
      CHECK(reader->UserByLogin("ctrl").has_value());
      // A second request while the first holds the connection: none more is opened on the new file.
      const serve::ReadPool::Lease other = pool.Borrow();
      CHECK_FALSE(other.Pooled());
      CHECK(other->UserByLogin("ctrl").has_value());
    }
    CHECK(pool.Counted().open == 1);
  }
  SECTION("a store in memory has no file to share") {
    store::StoreError error;
    std::unique_ptr<store::Store> memory = store::Store::Open(":memory:", {}, error);
    REQUIRE(memory);
    serve::ReadPool pool(*memory, writer_mutex, 2);
    CHECK_FALSE(pool.Borrow().Pooled());
    CHECK(pool.Counted().open == 0);
  }
}

TEST_CASE("vigie serve reads through its pool: a value declared is in the form and the verdicts at once", "[serve][pool][http]") {
  testing::TestServer server;
  serve::Service& service = server.Service();
  const serve::Principal sedan{"sedan", serve::Role::kEstablishment, {"080000037"}};
  const sema::model::Date as_of{2020, 6, 30};
  // 55, 56, ..., 64: each declared then read back at once (the fixture holds 61 for 2019).
  for (int value = 55; value < 65; ++value) {
    const serve::Declaration declared =
        service.DeclareValues(sedan, "080000037", "finess;indicateur;periode;valeur\n080000037;ambu;2019;" + std::to_string(value) + "\n",
                              "valeurs.csv");
    REQUIRE(declared.stored);
    std::string current;
    for (const serve::FormRow& row : service.Form(sedan, "080000037")) {
      if (row.indicator == "ambu" && row.period == "2019") current = row.current;
    }
    CHECK(current == std::to_string(value));
    const serve::EntityView view = service.Verdicts(sedan, "080000037", as_of);
    REQUIRE_FALSE(view.contracts.empty());
    bool seen = false;
    for (const report::VerdictRow& row : view.contracts.front().verdicts) {
      if (row.period == "2019" && row.measured && *row.measured == value) seen = true;
    }
    CHECK(seen);
  }
  CHECK(service.Readers().Counted().lent >= 20);
  CHECK(service.Readers().Counted().through_writer == 0);
  CHECK(service.Readers().Counted().open >= 1);
  CHECK(service.Readers().Counted().open <= service.Readers().Bound());
}
