#!/usr/bin/env bash
# Runs the accessibility check against the demo content served by the real
# binary on a free port. Usage: run.sh PATH/TO/depeche
set -euo pipefail
binary=${1:?usage: run.sh PATH/TO/depeche}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$(mktemp -d)
out=$(mktemp)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$data" "$out"
}
trap cleanup EXIT

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi

"$binary" ingest --data "$data" "$root/demo/dispatches" >/dev/null
# A moderator for the moderation checks (a throwaway data dir).
printf 'veille de nuit sur le fil\n' | "$binary" user add --data "$data" \
  --email moderation@example.org --name "Modération" --role moderator >/dev/null
"$binary" serve --data "$data" --listen 127.0.0.1:0 >"$out" &
server=$!
url=""
for _ in $(seq 1 200); do
  url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$out")
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "run.sh: the server did not start" >&2
  exit 2
fi
node "$here/a11y.mjs" "$url"
