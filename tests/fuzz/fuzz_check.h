// FUZZ_CHECK: an invariant check for fuzz targets that stays on in every build.
//
// assert() vanishes under NDEBUG (RelWithDebInfo), and a fuzz target that
// checks nothing only finds crashes. FUZZ_CHECK prints where the invariant
// broke (file, line, the condition and a note) and aborts, which libFuzzer
// and the replay driver both report as a crash with the input that caused it.
// The note must never hold input bytes: crash logs end up in CI output.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, note)                                                               \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s (%s)\n", __FILE__, __LINE__, #cond, \
                   note);                                                                    \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)
