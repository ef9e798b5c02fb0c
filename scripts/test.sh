#!/usr/bin/env bash
# The test command (`npm test`): build, make sure what the tests need is installed, run every
# vitest project (unit, browser, e2e). The e2e suite starts the local control plane itself
# (scripts/test-cluster.sh up) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
if [ -f scripts/install-browser.sh ]; then bash scripts/install-browser.sh; fi
# The Prometheus format test parses the output with the Python client's own parsers
# (test/reports/prometheus.test.ts); without them it is skipped, and fails under CI=true.
if command -v python3 >/dev/null && ! python3 -c 'import prometheus_client' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check 'prometheus-client==0.26.0' \
    || echo "test.sh: could not install prometheus-client; the Prometheus format test will not run" >&2
fi
exec npx vitest run "$@"
