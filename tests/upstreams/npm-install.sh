#!/usr/bin/env bash
# Installs a test upstream's node modules at the versions of its committed lockfile, quietly,
# and only when they are missing or stale: a stamp in node_modules records the hash of
# package.json and package-lock.json, and a run that finds the same hash does nothing.
#
#   npm-install.sh <project dir> <label> <file the install must produce>
#
# Each upstream's install.sh calls this (and may set npm_config_* variables first).
#
# Not `npm ci`: the registry reachable here lacks other platforms' optional binaries
# (@swc/core-darwin-*, @rollup/rollup-win32-*, ...), so a lockfile cannot list them and
# `npm ci` refuses it as out of sync. `npm install --no-save` installs exactly the locked
# versions, skips those optional packages, and must not rewrite the lockfile (checked).
set -euo pipefail
if [[ $# -ne 3 ]]; then
    echo "usage: $0 <project dir> <label> <file the install must produce>" >&2
    exit 2
fi
cd "$1"
label=$2
product=$3
# Two test runs starting at once install one after the other, the second finding it done.
exec 9>.install.lock
flock --timeout 900 9
stamp=node_modules/.omnicanal-install-stamp
hash() { cat package.json package-lock.json | sha256sum | cut -d' ' -f1; }
want=$(hash)
if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "installing $label: node >= 20 and npm are required" >&2
    exit 1
fi
# node-gyp would download Node's headers to compile native modules; use the local ones.
if [[ -z ${npm_config_nodedir:-} && -f /usr/include/node/node.h ]]; then
    export npm_config_nodedir=/usr
fi
echo "Installing $label from its lockfile..." >&2
started=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm install --no-save --no-audit --no-fund --prefer-offline --loglevel=error \
    >"$log" 2>&1; then
    grep -v 'Unknown user config "nodedir"' "$log" >&2
    exit 1
fi
if [[ $(hash) != "$want" ]]; then
    echo "installing $label: npm changed package.json or package-lock.json" >&2
    exit 1
fi
if [[ ! -f $product ]]; then
    echo "installing $label: the install did not produce $product" >&2
    exit 1
fi
echo "$want" >"$stamp"
echo "Installed $label in $((SECONDS - started)) s." >&2
