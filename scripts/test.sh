#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, run every test
# with ctest, then rebuild with AddressSanitizer + UndefinedBehaviorSanitizer
# and run the unit and fuzz-regression suites again under them, then fuzz the
# PII scanner with libFuzzer (clang, ASan+UBSan) for a minute.
# Exits non-zero if any test fails or the fuzzer finds a crash.
# SCRUBLINE_SKIP_SANITIZERS=1 skips stages 2 and 3; SCRUBLINE_FUZZ_SECONDS
# sets stage 3's length (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
echo "== stage 1: all tests (build/)"
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure -j 2 --timeout 600)
if [ "${SCRUBLINE_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== stage 2: unit + fuzz-regression under ASan+UBSan (build-asan/)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$(nproc)"
  ctest --preset asan -L 'unit|fuzz-regression' --output-on-failure -j 2 --timeout 900
fi
if [ "${SCRUBLINE_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== stage 3: libFuzzer on the PII scanner under ASan+UBSan (build-fuzz/)"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz --target pii_classify_fuzzer -j "$(nproc)"
  FUZZ_WORK="$(mktemp -d)" tests/fuzz/run.sh pii_classify "${SCRUBLINE_FUZZ_SECONDS:-60}"
fi
