// A small pool of threads for independent pieces of one evaluation (a commitment's columns). Each
// piece writes only its own output, so the results do not depend on which thread ran it or when:
// the run is the same bit for bit with 1 thread or 16.
#pragma once

#include <cstddef>
#include <functional>

namespace vigie::eval {

// The threads a run uses for `jobs`: jobs itself when positive, else one per core (at least 1).
int ThreadsFor(int jobs);

// Calls work(worker, i) once for every i in [0, count), on up to `threads` threads: `worker` says
// which thread (0 is the calling thread; the others are numbered 1, 2...), so that each may keep
// state of its own. With 1 thread: in order, on the calling thread alone. Returns when every call
// has returned. If a call throws, the others still finish, then the first exception (by index) is
// rethrown here.
void ForEachIndex(size_t count, int threads, const std::function<void(size_t worker, size_t index)>& work);

}  // namespace vigie::eval
