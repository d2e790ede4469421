// A persistent thread pool: workers are started once and reused by every
// kernel, so a parallel region costs a wake-up, not a thread start.
// run(ntasks, fn) hands tasks out dynamically; the calling thread works too.
#pragma once
#include <functional>

namespace steth {

using TaskFn = std::function<void(int task, int tid)>;

// Number of threads (calling thread included) parallel regions use.
int pool_threads();
// Sets the number of threads (>= 1); restarts the workers.
void pool_set_threads(int n);
// Runs fn(task, tid) for task in [0, ntasks); tid in [0, pool_threads()).
// Runs inline on the calling thread when ntasks == 1 or the pool has 1 thread.
void pool_run(int ntasks, const TaskFn& fn);

}  // namespace steth

namespace steth {
// Splits [0, n) into contiguous ranges of at least `grain` items over the pool
// and calls fn(lo, hi) for each.
template <typename F>
void parallel_for(long n, long grain, F&& fn) {
  if (n <= 0) return;
  int T = pool_threads();
  long parts = T;
  if (grain < 1) grain = 1;
  if (n / grain < parts) parts = n / grain;
  if (parts <= 1) {
    fn(0L, n);
    return;
  }
  long per = (n + parts - 1) / parts;
  pool_run(static_cast<int>(parts), [&](int t, int) {
    long lo = t * per;
    long hi = lo + per < n ? lo + per : n;
    if (lo < hi) fn(lo, hi);
  });
}
}  // namespace steth
