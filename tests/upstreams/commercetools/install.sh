#!/usr/bin/env bash
# Installs @labdigital/commercetools-mock (and its peers) at the versions of the committed
# lockfile, quietly, and only when node_modules is missing or stale (../npm-install.sh).
# About 10 s the first time (pure JavaScript, nothing to compile); then instant.
set -euo pipefail
here=$(dirname "$0")
exec bash "$here/../npm-install.sh" "$here" "the commercetools mock" \
    node_modules/@labdigital/commercetools-mock/package.json
