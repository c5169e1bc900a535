#!/usr/bin/env bash
# The web app's checks (stale API client, type check, lint, unit tests), its production build, and the
# browser tests in Debian's Chromium against a real `foresight` server with its own embedded
# PostgreSQL and the demo tenant. Called by scripts/test.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/foresight/target}"

# `npm install`, not `npm ci`: vite 8 lists an optional Windows-only package the registry does not
# serve, which `npm ci` counts as a lock-file mismatch. The lock file still pins every version.
(cd frontend && npm install --no-audit --no-fund --loglevel=error && npm test && npm run --silent build)

tests/browser/setup.sh >/dev/null
cargo build --locked -p foresight

# A throwaway server: its own data folder (under /tmp, reachable by the unprivileged database user).
data_dir=$(mktemp -d /tmp/foresight-browser-XXXXXX)
chmod 755 "$data_dir"
export FORESIGHT_DEMO_PASSWORD="Browser-Test-2026"
# Any free port for the embedded broker: another Foresight on this machine may hold the default.
export MQTT_LISTEN="127.0.0.1:0"
"$CARGO_TARGET_DIR/debug/foresight" --data-dir "$data_dir" --log-format text serve --demo \
  --listen 127.0.0.1:0 --web-dir frontend/dist >"$data_dir/stdout" 2>"$data_dir/stderr" &
server=$!
stop_server() {
  kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap stop_server EXIT

url=""
for _ in $(seq 1 240); do
  url=$(sed -n 's/^Foresight is running at //p' "$data_dir/stdout" | head -n 1)
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$data_dir/stderr"; echo "browser tests: foresight failed to start" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$url" ]] || { echo "browser tests: foresight did not start in time" >&2; exit 1; }

# The embedded broker's address (printed just after the URL), for the tests that publish as a gateway or
# listen as a device.
mqtt_url=""
for _ in $(seq 1 20); do
  mqtt_url=$(sed -n 's/^  MQTT: \(mqtt:\/\/[^ ;]*\).*/\1/p' "$data_dir/stdout" | head -n 1)
  [[ -n "$mqtt_url" ]] && break
  sleep 0.5
done

echo "== web app: browser tests against $url (MQTT $mqtt_url)"
FORESIGHT_URL="$url" FORESIGHT_MQTT_URL="$mqtt_url" npm --prefix tests/browser test
