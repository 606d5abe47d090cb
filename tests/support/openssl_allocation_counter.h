// Counts every allocation OpenSSL makes, through its own hooks, for tests
// that prove a path through OpenSSL allocates nothing. The hooks can only be
// installed before OpenSSL's first allocation in the process: call
// InstallOpenSslAllocationCounter() first thing (ctest runs each test in its
// own process) and fail, not pass, when it returns false. Include in one
// file of a test program.
#pragma once

#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>

namespace scrubline::testing_support {

inline std::atomic<long> g_openssl_allocations{0};

inline void* CountingOpenSslMalloc(std::size_t n, const char*, int) {
  g_openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
inline void* CountingOpenSslRealloc(void* p, std::size_t n, const char*, int) {
  g_openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
inline void CountingOpenSslFree(void* p, const char*, int) { std::free(p); }

// True when installed now or earlier (idempotent within the process).
inline bool InstallOpenSslAllocationCounter() {
  static const bool installed =
      CRYPTO_set_mem_functions(CountingOpenSslMalloc, CountingOpenSslRealloc, CountingOpenSslFree) == 1;
  return installed;
}

inline long OpenSslAllocations() { return g_openssl_allocations.load(std::memory_order_relaxed); }

}  // namespace scrubline::testing_support
