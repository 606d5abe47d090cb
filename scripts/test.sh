#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, run every test
# with ctest. Exits non-zero if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j 2 --timeout 600
