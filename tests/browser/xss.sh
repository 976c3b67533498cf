#!/usr/bin/env bash
# Runs the XSS check (xss.mjs) against the real binary: ingests the payload
# dispatches and makes the pseudonym accounts in a throwaway data dir, serves
# it on a free port with lifted comment and report limits, then posts,
# reports and loads every page in Chromium. Exit 0: no payload ran.
# Usage: xss.sh PATH/TO/depeche
set -euo pipefail
binary=${1:?usage: xss.sh PATH/TO/depeche}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi

"$binary" demo --data "$work/data" --from "$root/demo" >/dev/null
node "$here/xss.mjs" prepare "$binary" "$work/data" "$work"
# Every payload is posted twice and reported once within a minute; links
# must not hold a comment and threads must stay open.
cat >"$work/depeche.toml" <<'TOML'
[comments]
max_links = 100
close_after_days = 0
post_limit = { account = 100000, address = 100000, window_seconds = 60 }
report_limit = { account = 100000, address = 100000, window_seconds = 60 }
TOML
# shellcheck source=tests/browser/serve.sh
source "$here/serve.sh"
depeche_serve "$binary" "$work/server.out" "$work/server.err" \
  --data "$work/data" --config "$work/depeche.toml" || exit 2
node "$here/xss.mjs" check "$url" "$work"
