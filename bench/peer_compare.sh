#!/usr/bin/env bash
# peer_compare.sh [CORPUS_FILE] [BUILD_DIR]
#
# Compares scrubline with the npm package redact-pii on the same message
# bodies and prints a markdown table (bench/peer/README.md explains the
# metrics and caveats). Needs Node 20+ and npm, and
# `cmake --build BUILD_DIR --target scrubline-peer-eval`.
#
# redact-pii is installed, at a pinned version, into a scratch folder
# (PEER_DIR, default ${TMPDIR:-/tmp}/scrubline-peer), never into the repo: it
# is not a project dependency. Without CORPUS_FILE the corpus is generated
# with BUILD_DIR/bench/scrubline-pii-accuracy --write-corpus.
set -euo pipefail

readonly REDACT_PII_VERSION=3.4.0
readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO="$(dirname "$HERE")"
CORPUS="${1:-}"
BUILD_DIR="${2:-$REPO/build}"
PEER_DIR="${PEER_DIR:-${TMPDIR:-/tmp}/scrubline-peer}"

die() { echo "peer_compare.sh: $*" >&2; exit 1; }

command -v node >/dev/null || die "node not found (Node 20+ is needed for redact-pii)"
command -v npm >/dev/null || die "npm not found"
readonly EVAL="$BUILD_DIR/bench/scrubline-peer-eval"
[[ -x "$EVAL" ]] || die "$EVAL missing: cmake --build $BUILD_DIR --target scrubline-peer-eval"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/scrubline-peer-run.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [[ -z "$CORPUS" ]]; then
  GENERATOR="$BUILD_DIR/bench/scrubline-pii-accuracy"
  [[ -x "$GENERATOR" ]] || die "no CORPUS_FILE given and $GENERATOR does not exist;
  build it (cmake --build $BUILD_DIR --target scrubline-pii-accuracy) or pass a corpus file"
  CORPUS="$WORK/corpus.jsonl"
  "$GENERATOR" --write-corpus "$CORPUS" >&2
fi
[[ -s "$CORPUS" ]] || die "corpus $CORPUS is missing or empty"

# Install the pinned version once; later runs reuse it.
installed="$(node -e "try{console.log(require('$PEER_DIR/node_modules/redact-pii/package.json').version)}catch{}" 2>/dev/null || true)"
if [[ "$installed" != "$REDACT_PII_VERSION" ]]; then
  echo "installing redact-pii@$REDACT_PII_VERSION into $PEER_DIR" >&2
  mkdir -p "$PEER_DIR"
  npm install --prefix "$PEER_DIR" "redact-pii@$REDACT_PII_VERSION" --no-audit --no-fund >&2
fi

"$EVAL" "$CORPUS" > "$WORK/scrubline.json"
node "$HERE/peer/redact_pii_peer.mjs" "$CORPUS" --redact-pii-dir "$PEER_DIR" > "$WORK/redact_pii.json"
node "$HERE/peer/compare_table.mjs" "$WORK/scrubline.json" "$WORK/redact_pii.json"
