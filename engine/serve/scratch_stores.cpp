#include "engine/serve/scratch_stores.h"

namespace vigie::serve {

ScratchStores::Lease::~Lease() {
  if (store_ != nullptr) pool_->GiveBack(std::move(store_));
}

ScratchStores::Lease ScratchStores::Borrow(store::StoreError& error) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<store::Store> store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(store));
    }
  }
  return Lease(*this, store::Store::Open(":memory:", {}, error));
}

void ScratchStores::GiveBack(std::unique_ptr<store::Store> store) {
  store::StoreError error;
  if (!store->EmptyInMemory(error)) return;  // not reusable: closed, the next check opens a new one
  const std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(store));
}

}  // namespace vigie::serve
