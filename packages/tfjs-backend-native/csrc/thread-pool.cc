// Persistent worker threads. Workers spin briefly after a region (kernels in
// a training step come in quick succession), then sleep on a condition
// variable. The caller takes part as thread 0, takes tasks until none are
// left, and waits only for workers already inside the region. Which thread
// runs a task never changes a result: kernels partition by task index.
#include "thread-pool.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace steth {
namespace {

struct Pool {
  std::vector<std::thread> workers;
  std::mutex mu;
  // Held for the length of a parallel region: a second caller (a nested
  // region, or the addon loaded in another worker thread) runs serially.
  std::mutex region;
  std::condition_variable cv;
  std::atomic<unsigned long> generation{0};
  std::atomic<int> next_task{0};
  // Workers inside the current region, and whether it still takes workers:
  // the caller closes it once every task has been taken, so it never waits
  // for a worker that has not woken up yet (on a loaded machine that wait
  // was a scheduler time slice a region).
  std::atomic<int> active{0};
  std::atomic<bool> open{false};
  int ntasks = 0;
  const TaskFn* fn = nullptr;
  bool stop = false;
  int nthreads = 1;

  void work(int tid) {
    for (;;) {
      int t = next_task.fetch_add(1, std::memory_order_relaxed);
      if (t >= ntasks) break;
      (*fn)(t, tid);
    }
  }

  void worker_main(int tid) {
    unsigned long seen = 0;
    for (;;) {
      // Spin for a while: the next kernel usually follows within microseconds.
      int spins = 0;
      while (generation.load(std::memory_order_acquire) == seen && spins < 4000) {
        ++spins;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
      if (generation.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return stop || generation.load(std::memory_order_acquire) != seen; });
      }
      if (stop) return;
      const unsigned long g = generation.load(std::memory_order_seq_cst);
      seen = g;
      // Enter, then check the region is still open and still this one
      // (sequentially consistent, paired with the caller's close-then-count).
      active.fetch_add(1, std::memory_order_seq_cst);
      if (open.load(std::memory_order_seq_cst) && generation.load(std::memory_order_seq_cst) == g) work(tid);
      active.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  void start(int n) {
    nthreads = n < 1 ? 1 : n;
    stop = false;
    for (int i = 1; i < nthreads; ++i) workers.emplace_back([this, i] { worker_main(i); });
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
    }
    cv.notify_all();
    for (auto& w : workers) w.join();
    workers.clear();
  }

  void run(int n, const TaskFn& f) {
    if (n <= 0) return;
    std::unique_lock<std::mutex> owner(region, std::try_to_lock);
    if (nthreads == 1 || n == 1 || !owner.owns_lock()) {
      for (int t = 0; t < n; ++t) f(t, 0);
      return;
    }
    fn = &f;
    ntasks = n;
    next_task.store(0, std::memory_order_relaxed);
    open.store(true, std::memory_order_seq_cst);
    {
      std::lock_guard<std::mutex> lock(mu);
      generation.fetch_add(1, std::memory_order_seq_cst);
    }
    cv.notify_all();
    work(0);
    // Every task is taken: close the region, then wait only for workers that
    // entered it (they may still be running their last task).
    open.store(false, std::memory_order_seq_cst);
    for (int spins = 0; active.load(std::memory_order_seq_cst) != 0; ++spins) {
      if (spins < 2000) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      } else {
        std::this_thread::yield();
      }
    }
    fn = nullptr;
  }

  ~Pool() { shutdown(); }
};

Pool& pool() {
  static Pool* p = [] {
    Pool* q = new Pool();
    unsigned hc = std::thread::hardware_concurrency();
    q->start(hc == 0 ? 1 : static_cast<int>(hc));
    return q;
  }();
  return *p;
}

}  // namespace

int pool_threads() { return pool().nthreads; }

void pool_set_threads(int n) {
  Pool& p = pool();
  if (n < 1) n = 1;
  std::lock_guard<std::mutex> owner(p.region);
  if (n == p.nthreads) return;
  p.shutdown();
  p.start(n);
}

void pool_run(int ntasks, const TaskFn& fn) { pool().run(ntasks, fn); }

}  // namespace steth
