#!/bin/sh
# Runs one libFuzzer target from a fuzz build (cmake --preset fuzz && cmake --build --preset fuzz).
#
#   tests/fuzz/run.sh NAME [SECONDS] [extra libFuzzer flags...]
#
# NAME is one of SCRUBLINE_FUZZ_TARGETS in tests/fuzz/CMakeLists.txt (record,
# pii_classify, key_ring, config, policy, encrypted_value, field_selector,
# policy_router, field_names, aup, review_feedback). New interesting
# inputs go to $FUZZ_WORK/NAME (default /tmp/scrubline-fuzz/NAME), never into
# the committed corpus: pick the few worth keeping by hand (see README.md).
# Crashers land in $FUZZ_WORK/NAME/artifacts/.
set -eu
name=${1:?usage: run.sh NAME [SECONDS] [libFuzzer flags...]}
seconds=${2:-180}
[ $# -ge 2 ] && shift 2 || shift 1
here=$(cd "$(dirname "$0")" && pwd)
build=${FUZZ_BUILD:-$here/../../build-fuzz}
work=${FUZZ_WORK:-/tmp/scrubline-fuzz}/$name
mkdir -p "$work/corpus" "$work/artifacts"
case $name in
  config|policy) dict=$here/yaml.dict ;;
  *) dict=$here/$name.dict ;;
esac
# A target without a dictionary of its own runs without one.
[ -f "$dict" ] && dict_flag="-dict=$dict" || dict_flag="-max_len=4096"
exec "$build/tests/fuzz/${name}_fuzzer" \
  "$dict_flag" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$@" \
  "$work/corpus" "$here/corpus/$name"
