#!/usr/bin/env bash
# Installs what the browser tests need on a Debian machine: Chromium, CJK fonts for the Chinese
# screenshots, and playwright-core (from package-lock.json; it downloads no browser).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
