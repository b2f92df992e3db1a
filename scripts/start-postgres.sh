#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the test suite and print its URL.
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 at an unusual port
# (BACKCHANNEL_PG_PORT, default 54329) and on a socket in that directory, and is
# tuned for speed over durability (fsync off): it is for tests, never for data.
# Installs Debian's `postgresql` package when no server binaries are found and we are
# root. Exits 3, with the reason on stderr, when no server can be had here.
# scripts/stop-postgres.sh stops it and removes the directory.
set -euo pipefail

PORT="${BACKCHANNEL_PG_PORT:-54329}"
STATE="${BACKCHANNEL_PG_DIR:-${TMPDIR:-/tmp}/backchannel-pg-$PORT}"
ROLE=backchannel
PASSWORD=backchannel
URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/backchannel"

unavailable() {
    echo "start-postgres: $*" >&2
    exit 3
}

server_bin() {
    local dir
    if [[ -n "${BACKCHANNEL_PG_BIN:-}" ]]; then  # a server elsewhere (or none, to test)
        [[ -x "$BACKCHANNEL_PG_BIN/pg_ctl" ]] && echo "$BACKCHANNEL_PG_BIN"
        return 0
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/pg_ctl" ]]; then
        echo "$dir"
    elif command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
    fi
}

BIN=$(server_bin)
if [[ -z "$BIN" ]]; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        unavailable "no PostgreSQL server binaries, and no root apt-get to install them"
    fi
    echo "start-postgres: installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } \
        >&2 || unavailable "apt-get could not install postgresql"
    BIN=$(server_bin)
    [[ -n "$BIN" ]] || unavailable "postgresql installed but no pg_ctl found"
fi

# The server refuses to run as root: run it as the `postgres` user then.
if [[ $(id -u) -eq 0 ]]; then
    OWNER=postgres
    id -u "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$OWNER"
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER=$(id -un)
    as_owner() { "$@"; }
fi

DATA="$STATE/data"
if [[ -f "$DATA/postmaster.pid" ]] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "$URL"
    exit 0
fi

mkdir -p "$STATE"
chown "$OWNER" "$STATE"
chmod 700 "$STATE"
if [[ ! -f "$DATA/PG_VERSION" ]]; then
    as_owner "$BIN/initdb" -D "$DATA" -U "$OWNER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$STATE/initdb.log" 2>&1 || { cat "$STATE/initdb.log" >&2; unavailable "initdb failed"; }
fi
# Unix-socket connections for the owner are trusted; TCP needs the role's password.
cat >"$DATA/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 scram-sha-256
HBA
chown "$OWNER" "$DATA/pg_hba.conf"
OPTIONS="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$STATE"
OPTIONS+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
as_owner "$BIN/pg_ctl" -D "$DATA" -l "$STATE/server.log" -o "$OPTIONS" -w -t 60 start >/dev/null \
    || { tail -n 20 "$STATE/server.log" >&2; unavailable "the server did not start"; }

psql_owner() { as_owner "$BIN/psql" -h "$STATE" -p "$PORT" -U "$OWNER" -d postgres -qtA "$@"; }
if [[ -z $(psql_owner -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'") ]]; then
    # CREATEDB: the test fixture makes a fresh database per test.
    psql_owner -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [[ -z $(psql_owner -c "SELECT 1 FROM pg_database WHERE datname = 'backchannel'") ]]; then
    psql_owner -c "CREATE DATABASE backchannel OWNER $ROLE"
fi
echo "$URL"
