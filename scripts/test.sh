#!/usr/bin/env bash
# The test command (`npm test`): build, make sure what the tests need is installed, run every
# vitest project (unit, browser, e2e). The e2e suite starts the local control plane itself
# (scripts/test-cluster.sh up) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
if [ -f scripts/install-browser.sh ]; then bash scripts/install-browser.sh; fi
exec npx vitest run "$@"
