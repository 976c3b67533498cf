# Sourced by the browser checks: starts `depeche serve` on a free port and
# waits for its address. Sets `server` (its pid, for the caller's clean-up)
# and `url`; returns 2 with the server's errors when it did not start.
# Usage: depeche_serve BINARY OUT ERR [SERVE ARGS...]
depeche_serve() {
  local binary=$1 out=$2 err=$3
  shift 3
  "$binary" serve --listen 127.0.0.1:0 "$@" >"$out" 2>"$err" &
  server=$!
  url=""
  for _ in $(seq 1 200); do
    url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$out")
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "the server did not start" >&2
  cat "$err" >&2
  return 2
}
