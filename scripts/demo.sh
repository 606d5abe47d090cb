#!/usr/bin/env bash
# README command 1: install what is missing, build, run the demo on the
# embedded Kafka mock cluster. Arguments go to `scrubline demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh >/dev/null
exec ./build/scrubline demo "$@"
