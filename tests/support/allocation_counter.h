// Counts heap allocations (C++ operator new) made on a thread while
// g_counting is set, for the tests that prove a hot path allocates nothing.
// Replacing the global operator new is allowed once per program: include this
// header in exactly one file of a test program. Under AddressSanitizer (which
// owns operator new) counting is off; tests check SCRUBLINE_COUNT_ALLOCATIONS
// and skip themselves.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define SCRUBLINE_COUNT_ALLOCATIONS 0
#else
#define SCRUBLINE_COUNT_ALLOCATIONS 1
#endif

namespace {
thread_local bool g_counting = false;
std::atomic<long> g_allocations{0};
}  // namespace

#if SCRUBLINE_COUNT_ALLOCATIONS
// GCC pairs the inlined malloc/free below with the new-expressions that
// reach them and warns; the pairing is exactly what replacement means.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (g_counting) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop
#endif
