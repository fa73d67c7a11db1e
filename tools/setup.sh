#!/usr/bin/env bash
# Installs what fakty needs on Debian 12 (as root, or with sudo), then
# configures and builds it in build/. Safe to run again: it installs only
# what is missing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(gcc meson ninja-build pkg-config libpcre2-dev libicu-dev libcjson-dev libcmocka-dev
      python3 python3-jsonschema jq)
# extra packages for the full test suite (tools/test-all.sh passes --test)
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(clang libclang-rt-14-dev valgrind python3-distributed python3-dask hyperfine chromium)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -f build/build.ninja ]]; then
  meson setup build --buildtype=release >/dev/null
fi
ninja -C build >/dev/null
echo "setup: built build/fakty" >&2
