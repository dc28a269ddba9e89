#!/usr/bin/env bash
# Installs @labdigital/commercetools-mock (and its peers) at the versions of the committed
# lockfile, quietly, and only when node_modules is missing or stale: a stamp records the
# hash of package.json and package-lock.json, and a run that finds the same hash does
# nothing. About 10 s the first time (pure JavaScript, nothing to compile); then instant.
#
# `npm ci` works for this package set (no platform-specific optional binaries) and refuses
# a lockfile out of step with package.json, so the installed tree is exactly the locked one.
set -euo pipefail
cd "$(dirname "$0")"
# Two test runs starting at once install one after the other, the second finding it done.
exec 9>.install.lock
flock --timeout 300 9
stamp=node_modules/.omnicanal-install-stamp
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "tests/upstreams/commercetools/install.sh: node >= 20 and npm are required" >&2
    exit 1
fi
echo "Installing the commercetools mock (a few seconds the first time)..." >&2
started=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund --prefer-offline --loglevel=error >"$log" 2>&1; then
    grep -v 'Unknown user config "nodedir"' "$log" >&2
    exit 1
fi
test -f node_modules/@labdigital/commercetools-mock/package.json
echo "$want" >"$stamp"
echo "commercetools mock installed in $((SECONDS - started)) s." >&2
