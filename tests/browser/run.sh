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
  rm -rf "$data" "$out" "$out.err"
}
trap cleanup EXIT

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi

# The demo dated to the present, so that its comment threads are open.
"$binary" demo --data "$data" --from "$root/demo" >/dev/null
# A moderator for the moderation checks (a throwaway data dir).
printf 'veille de nuit sur le fil\n' | "$binary" user add --data "$data" \
  --email moderation@example.org --name "Modération" --role moderator >/dev/null
# shellcheck source=tests/browser/serve.sh
source "$here/serve.sh"
depeche_serve "$binary" "$out" "$out.err" --data "$data" || exit 2
node "$here/a11y.mjs" "$url"
