#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the PostgreSQL store.
#
#   source scripts/postgres.sh        start a server in a new temporary folder, export
#                                     VASTUU_POSTGRES_DSN, stop and remove it when the sourcing
#                                     shell exits (an EXIT trap; the caller must not set its own)
#   bash scripts/postgres.sh run CMD  the same around one command, e.g.
#                                     bash scripts/postgres.sh run cargo test --workspace --all-features
#   bash scripts/postgres.sh start DIR [NAME=VALUE...]   make a cluster in the empty folder DIR
#                                         (if not made yet), start it with these settings too,
#                                         print its DSN
#   bash scripts/postgres.sh stop DIR [MODE]     pg_ctl stop (MODE: smart, fast, immediate)
#   bash scripts/postgres.sh restart DIR [MODE]  pg_ctl restart
#
# The server's binaries come from Debian's postgresql package, installed with apt-get when
# /usr/lib/postgresql/*/bin/initdb is missing. initdb refuses to run as root, so as root the
# cluster belongs to the `postgres` user (made by the package) and runs as it. The server
# listens only on a Unix socket in DIR (no TCP port, so any number can run side by side); the
# database `vastuu` belongs to the role `vastuu`, which is not a superuser. fsync is off: the
# tests crash server processes, not the machine.
#
# The start, stop and restart commands are what the Rust tests use for a server of their own,
# one they can restart (tests/src/postgres_server.rs).

vastuu_pg_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "postgres.sh: PostgreSQL is not installed; as root: apt-get install postgresql" >&2
      return 1
    fi
    echo "postgres.sh: installing PostgreSQL (Debian package postgresql)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] || { echo "postgres.sh: initdb still missing after installing" >&2; return 1; }
  fi
  dirname "$initdb"
}

# Runs a server binary as the cluster's owner.
vastuu_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

vastuu_pg_dsn() {
  echo "host=$1 port=5432 user=vastuu dbname=vastuu"
}

vastuu_pg_start() {
  local dir=$1 bin extra="" setting
  shift
  for setting in "$@"; do extra="$extra -c $setting"; done
  bin=$(vastuu_pg_bin) || return 1
  mkdir -p "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    vastuu_pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
    local fresh=1
  fi
  vastuu_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-k $dir -c listen_addresses='' -c port=5432 -c fsync=off -c full_page_writes=off -c max_connections=200$extra" \
    >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  if [ -n "${fresh:-}" ]; then
    vastuu_pg_as_owner "$bin/psql" -h "$dir" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE vastuu LOGIN" -c "CREATE DATABASE vastuu OWNER vastuu" >/dev/null || return 1
  fi
  vastuu_pg_dsn "$dir"
}

vastuu_pg_ctl() {
  local command=$1 dir=$2 mode=${3:-fast} bin
  bin=$(vastuu_pg_bin) || return 1
  vastuu_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -m "$mode" "$command" >/dev/null
}

vastuu_pg_down() {
  if [ -n "${VASTUU_POSTGRES_DIR:-}" ] && [ -d "$VASTUU_POSTGRES_DIR" ]; then
    vastuu_pg_ctl stop "$VASTUU_POSTGRES_DIR" immediate 2>/dev/null || true
    rm -rf "$VASTUU_POSTGRES_DIR"
  fi
}

vastuu_pg_up() {
  VASTUU_POSTGRES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vastuu-postgres.XXXXXX")
  trap vastuu_pg_down EXIT
  VASTUU_POSTGRES_DSN=$(vastuu_pg_start "$VASTUU_POSTGRES_DIR") || return 1
  export VASTUU_POSTGRES_DIR VASTUU_POSTGRES_DSN
  echo "postgres.sh: PostgreSQL running: VASTUU_POSTGRES_DSN='$VASTUU_POSTGRES_DSN'" >&2
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: start one for the caller.
  vastuu_pg_up || return 1
else
  set -euo pipefail
  case "${1:-}" in
    run) shift; vastuu_pg_up; "$@" ;;
    start) shift; vastuu_pg_start "$@" ;;
    stop) vastuu_pg_ctl stop "$2" "${3:-fast}" ;;
    restart) vastuu_pg_ctl restart "$2" "${3:-fast}" ;;
    *) echo "usage: source $0 | $0 run CMD... | $0 start DIR | $0 stop DIR [MODE] | $0 restart DIR [MODE]" >&2; exit 2 ;;
  esac
fi
