// The in-memory stores in which `vigie serve` first imports each declaration (service.cpp,
// DeclareValues: the file's own mistakes and the entities it names, before the real store sees it).
// Creating one costs its whole schema (most of a declaration's processor time under load), so they
// are kept and emptied after each use instead: at most one per declaration being checked at once.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/store/store.h"

namespace vigie::serve {

class ScratchStores {
 public:
  // One scratch store for the time of a check, empty; given back (and emptied) when it goes.
  class Lease {
   public:
    Lease(ScratchStores& pool, std::unique_ptr<store::Store> store) : pool_(&pool), store_(std::move(store)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    explicit operator bool() const { return store_ != nullptr; }
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_.get(); }

   private:
    ScratchStores* pool_;
    std::unique_ptr<store::Store> store_;
  };
  // An idle scratch store, else a new one; empty (false, with `error`, when none can be created).
  Lease Borrow(store::StoreError& error);

 private:
  void GiveBack(std::unique_ptr<store::Store> store);
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

}  // namespace vigie::serve
