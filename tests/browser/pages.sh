#!/usr/bin/env bash
# Runs the page-kind check (pages.mjs) against the demo content served by the
# real binary on a free port, with a reader and a moderator account.
# Usage: pages.sh PATH/TO/depeche [SCREENSHOT_DIR]
#   SCREENSHOT_DIR defaults to tests/browser/screenshots beside the binary's
#   build tree; it is emptied of old pictures first.
set -euo pipefail
binary=${1:?usage: pages.sh PATH/TO/depeche [SCREENSHOT_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shots=${2:-$(cd "$(dirname "$binary")" && pwd)/tests/browser/screenshots}
# The check's own watchdog stops it sooner; this one also covers Node and
# Java hanging before or after it (ctest allows 420 s).
watchdog_seconds=405
data=$(mktemp -d)
out=$(mktemp)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$data" "$out" "$out.err"
}
trap cleanup EXIT

if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/vnu-jar" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi

"$binary" demo --data "$data" --from "$root/demo" >/dev/null
printf 'veille de nuit sur le fil\n' | "$binary" user add --data "$data" \
  --email moderation@example.org --name "Modération" --role moderator >/dev/null
printf 'une page après l’autre\n' | "$binary" user add --data "$data" \
  --email pages@example.org --name "Lectrice des pages" --role reader >/dev/null
mkdir -p "$shots"
rm -rf "$shots/html"
find "$shots" -maxdepth 1 -name '*.png' -delete
# shellcheck source=tests/browser/serve.sh
source "$here/serve.sh"
depeche_serve "$binary" "$out" "$out.err" --data "$data" || exit 2
timeout --kill-after=5 "$watchdog_seconds" node "$here/pages.mjs" "$url" "$shots"
