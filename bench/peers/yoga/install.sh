#!/usr/bin/env bash
# Installs the yoga peer's node modules with `npm ci` (exactly the committed lockfile), quietly,
# and only when node_modules is missing or stale: a stamp in node_modules records the hash of
# package.json and package-lock.json. Pure JavaScript, about 10 s the first time; then instant.
# `python -m bench.run --peers` runs it first.
set -euo pipefail
cd "$(dirname "$0")"
# Two runs starting at once install one after the other, the second finding it done.
exec 9>"${TMPDIR:-/tmp}/omnicanal-bench-yoga-install.lock"
flock --timeout 300 9
stamp=node_modules/.omnicanal-install-stamp
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "installing the yoga peer: node >= 20.18 and npm are required" >&2
    exit 1
fi
echo "Installing the yoga peer from its lockfile (npm ci)..." >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$want" >"$stamp"
