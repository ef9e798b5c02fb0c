#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test (test/browser/), driven by
# playwright-core with executablePath /usr/bin/chromium. Idempotent: does nothing when it is there.
# Playwright's own browser download is not used: it fetches a build from outside the package registries.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM is missing and apt-get is not available: install Chromium by hand." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser: $CHROMIUM is missing; run as root (apt-get install -y chromium)." >&2
    exit 1
  fi
fi
echo "install-browser: installing Debian's chromium for the HTML report test" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$CHROMIUM" --version >&2
