#!/usr/bin/env bash
# A throwaway local PostgreSQL for tests, CI and benchmarks (not for production).
#   scripts/postgres.sh start [PORT]   installs it if missing, starts it on 127.0.0.1, prints the URL
#   scripts/postgres.sh stop  [PORT]   stops the server started by `start` and removes its data
# For speed it runs with fsync, synchronous_commit and full_page_writes off; DURABLE=1 keeps
# PostgreSQL's durable defaults (to benchmark what a production server would do). PG_OPTS adds
# server options (for example "-c log_checkpoints=on").
# max_connections is 1000: the test suite runs a few hundred apps at once, each with its own small
# pool, and went past 400 ("too many clients already") as the portal's tests were added.
# Data lives in /tmp/nbne-pg-PORT. Runs the server as the `postgres` user when run as root.
set -euo pipefail

command=${1:-}
port=${2:-54329}
dir=/tmp/nbne-pg-$port

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

case "$command" in
  start)
    pgbin=$(find_bin)
    if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] || ! ls /usr/share/postgresql/*/extension/btree_gist.control >/dev/null 2>&1; then
      echo "Installing PostgreSQL from Debian packages..." >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
      pgbin=$(find_bin)
    fi
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_postgres "$pgbin/pg_ctl -D $dir/data -m fast stop" >&2 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_postgres "$pgbin/initdb -D $dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${DURABLE:-0}" = 1 ] && speed=""
    as_postgres "$pgbin/pg_ctl -D $dir/data -l $dir/server.log -w -o '-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=1000 $speed ${PG_OPTS:-}' start" >&2
    psql -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE booking_test" >&2
    # Created once in `public`, so every per-test schema finds its operator classes.
    psql -q -h 127.0.0.1 -p "$port" -U postgres -d booking_test -c "CREATE EXTENSION IF NOT EXISTS btree_gist" >&2
    echo "postgres://postgres@127.0.0.1:$port/booking_test"
    ;;
  stop)
    pgbin=$(find_bin)
    if [ -n "$pgbin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_postgres "$pgbin/pg_ctl -D $dir/data -m fast stop" >&2 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop [PORT]" >&2
    exit 2
    ;;
esac
