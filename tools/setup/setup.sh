#!/usr/bin/env bash
# Brings a fresh Debian machine to where the project builds and tests: installs the Debian
# packages that are missing (only those), then the npm dependencies when they are missing or
# older than package-lock.json. Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Build: cmake ninja-build ccache g++; C++ tests: libgtest-dev; fuzzing: clang libclang-rt-dev;
# style: clang-format; packet I/O and captures for the dataplane: libpcap-dev tcpdump tshark iproute2;
# IPsec elements: libssl-dev (libcrypto); clickos-instance's sandbox: libseccomp-dev;
# clickos-switch's AF_XDP ports: libxdp-dev libbpf-dev.
PACKAGES=(cmake ninja-build ccache g++ pkg-config libgtest-dev clang libclang-rt-dev clang-format
  libpcap-dev tcpdump tshark iproute2 iputils-ping libssl-dev libseccomp-dev libxdp-dev libbpf-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then SUDO=sudo; else
      echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  else
    SUDO=
  fi
  log=$(mktemp)
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: apt-get failed (see above)" >&2
    exit 1
  fi
  rm -f "$log"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies (npm ci)"
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/tmp/clickos-npm-ci.log; then
    # The registry this machine kind reaches lacks the other platforms' optional binaries
    # (biome, nx, rollup), so the lock file cannot list them and npm ci calls it out of sync.
    # npm install with the same lock file installs the same versions and skips them.
    echo "setup: npm ci refused the lock file ($(grep -m1 -o 'Missing: [^ ]*' /tmp/clickos-npm-ci.log || echo 'see /tmp/clickos-npm-ci.log')); using npm install --no-save"
    npm install --no-audit --no-fund --no-save --loglevel=error
  fi
fi
