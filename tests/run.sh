#!/usr/bin/env bash
# Runs every test. Installs the system tools the tests drive (Chromium for
# the browser tests, poppler-utils for PDF text) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing ${need[*]}: install with 'sudo apt-get install ${need[*]}' (tests that need them will say so)" >&2
  fi
fi
cargo test --locked "$@"
