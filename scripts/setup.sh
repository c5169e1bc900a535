#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Foresight needs to build and run (and, with --test, to test).
# Idempotent and quiet when everything is present. The Rust toolchain itself is a prerequisite.
set -euo pipefail

want=(postgresql pkg-config gcc)
command -v node >/dev/null && command -v npm >/dev/null || want+=(nodejs npm)
if [[ "${1:-}" == "--test" ]]; then
  # Browser tests drive Debian's Chromium (never a downloaded browser); CJK fonts so screenshots of
  # the Chinese UI show characters, not boxes.
  want+=(chromium fonts-noto-cjk)
  # The MQTT ingest tests run against a real external broker as well as the embedded one.
  want+=(mosquitto)
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# postgresql is a metapackage; the server binaries are what matter.
if [[ " ${missing[*]} " == *" postgresql "* ]] && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  missing=("${missing[@]/postgresql}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".").map(Number).reduce((a,v,i)=>i<2?a*1000+v:a,0)' 2>/dev/null || echo 0)
if ((node_major < 20019)); then
  echo "setup: the web app needs Node.js 20.19 or newer; found $(node --version 2>/dev/null || echo none)." >&2
  echo "setup: on Debian 12/Ubuntu 24.04 install a newer nodejs package, then run this again." >&2
  exit 1
fi
