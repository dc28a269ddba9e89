#!/usr/bin/env bash
# The Debian packages the tests need, each only when its command is missing (instant once
# installed; installing needs root, and CI runs as root):
#   chromium  for tests/browser, driven by Playwright's Python package through
#             executable_path (Playwright's own browser download cannot work here);
#   wrk       for bench/tests/test_wrk.py, the load generator of `bench.soak --load wrk`.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${missing[*]}: run 'apt-get install ${missing[*]}' as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium wrk
