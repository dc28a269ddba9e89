#!/usr/bin/env bash
# Installs the test Strapi's node modules at the versions of the committed lockfile, quietly,
# and only when they are missing or stale: a stamp in node_modules records the hash of
# package.json and package-lock.json, and a run that finds the same hash does nothing.
#
# Not `npm ci`: the registry reachable here lacks other platforms' optional binaries
# (@swc/core-darwin-*, @rollup/rollup-win32-*, ...), so the lockfile cannot list them and
# `npm ci` refuses it as out of sync. `npm install --no-save` installs exactly the locked
# versions, skips those optional packages, and never rewrites the lockfile.
#
# better-sqlite3 is compiled from source (package.json's allowScripts lets only its install
# script run): the prebuilt binaries live on GitHub, out of reach here. First install: about
# 2-4 minutes on 2 cores (download, then a 75 s compile); later runs: instant.
set -euo pipefail
cd "$(dirname "$0")"
# Two test runs starting at once install one after the other, the second finding it done.
exec 9>.install.lock
flock --timeout 900 9
stamp=node_modules/.omnicanal-install-stamp
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "tests/upstreams/strapi/install.sh: node >= 20 and npm are required" >&2
    exit 1
fi
# node-gyp would download Node's headers to compile better-sqlite3; use the local ones.
if [[ -z ${npm_config_nodedir:-} && -f /usr/include/node/node.h ]]; then
    export npm_config_nodedir=/usr
fi
echo "Installing the test Strapi 5 (a few minutes the first time)..." >&2
started=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm_config_build_from_source=true npm install --no-save --no-audit --no-fund \
    --prefer-offline --loglevel=error >"$log" 2>&1; then
    grep -v 'Unknown user config "nodedir"' "$log" >&2
    exit 1
fi
if [[ $(cat package.json package-lock.json | sha256sum | cut -d' ' -f1) != "$want" ]]; then
    echo "install.sh: npm changed package.json or package-lock.json" >&2
    exit 1
fi
test -f node_modules/better-sqlite3/build/Release/better_sqlite3.node
echo "$want" >"$stamp"
echo "Test Strapi installed in $((SECONDS - started)) s." >&2
