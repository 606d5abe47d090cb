#!/usr/bin/env bash
# Configures and builds scrubline into ${BUILD_DIR:-build} (Release with debug info).
# Extra CMake arguments are passed through, e.g. -DSCRUBLINE_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
WERROR=OFF
if [ "${CI:-}" = "true" ]; then WERROR=ON; fi
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSCRUBLINE_WERROR="$WERROR" "$@"
cmake --build "$BUILD_DIR" -j "$(nproc)"
