#!/usr/bin/env bash
# Installs the Debian 12 packages scrubline needs, only those missing.
# Runs as root, or through sudo when available. prometheus brings promtool,
# which checks and unit-tests the alert rules in deploy/prometheus/;
# publicsuffix the top-level domains the email validator accepts; clang and
# libclang-rt-14-dev the libFuzzer build that scripts/test.sh runs briefly.
set -euo pipefail
PACKAGES=(g++ make cmake ninja-build pkg-config
  librdkafka-dev libre2-dev libhyperscan-dev prometheus-cpp-dev libgtest-dev libgmock-dev
  libsimdjson-dev libyaml-cpp-dev libssl-dev libphonenumber-dev libprotobuf-dev libicu-dev
  libbenchmark-dev kcat prometheus publicsuffix clang libclang-rt-14-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
