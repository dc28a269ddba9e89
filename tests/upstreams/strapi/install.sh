#!/usr/bin/env bash
# Installs the test Strapi's node modules at the versions of the committed lockfile, quietly,
# and only when they are missing or stale (../npm-install.sh).
#
# better-sqlite3 is compiled from source (package.json's allowScripts lets only its install
# script run): the prebuilt binaries live on GitHub, out of reach here. First install: about
# 2-4 minutes on 2 cores (download, then a 75 s compile); later runs: instant.
set -euo pipefail
here=$(dirname "$0")
export npm_config_build_from_source=true
exec bash "$here/../npm-install.sh" "$here" "the test Strapi 5" \
    node_modules/better-sqlite3/build/Release/better_sqlite3.node
