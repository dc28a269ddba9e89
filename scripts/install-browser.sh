#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/browser), driven by Playwright's Python
# package through executable_path: Playwright's own browser download cannot work here, the
# distribution's package can. Instant once installed; installing needs root (CI runs as root).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing: run 'apt-get install chromium' as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium
