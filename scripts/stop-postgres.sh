#!/usr/bin/env bash
# Stop the throw-away server scripts/start-postgres.sh started and remove its files.
set -euo pipefail

PORT="${BACKCHANNEL_PG_PORT:-54329}"
STATE="${BACKCHANNEL_PG_DIR:-${TMPDIR:-/tmp}/backchannel-pg-$PORT}"
DATA="$STATE/data"

if [[ ! -d "$STATE" ]]; then
    exit 0
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[[ -n "$BIN" ]] || BIN=$(dirname "$(command -v pg_ctl || echo /nonexistent/pg_ctl)")
if [[ -f "$DATA/postmaster.pid" && -x "$BIN/pg_ctl" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$(stat -c %U "$DATA")" -- "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
    else
        "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
    fi
fi
rm -rf "$STATE"
