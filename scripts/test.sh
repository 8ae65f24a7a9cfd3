#!/usr/bin/env bash
# Installs everything and runs the whole test suite:
#   1. lint and types, 2. all tests on SQLite, 3. all tests on a real PostgreSQL 15 server that
#   this script starts in a temporary directory, 4. browser tests in Debian's chromium.
# Fails when any part fails or runs no tests (pytest exits 5 then).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --system

export PYTHONDONTWRITEBYTECODE=1
PYTEST=(.venv/bin/python -m pytest -q -p no:randomly)

echo "== 1/4 lint (ruff) en types (mypy) =="
.venv/bin/ruff check .
.venv/bin/mypy schakel

echo "== 2/4 tests op SQLite =="
env -u DATABASE_URL "${PYTEST[@]}" -m "not browser" -n 2

echo "== 3/4 tests op PostgreSQL 15 =="
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=$(mktemp -d /tmp/schakel-pg.XXXXXX)
chmod 755 "$PG_DIR"
PG_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[[ $(id -u) -eq 0 ]] && chown postgres "$PG_DIR"
stop_pg() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_pg EXIT
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U schakel -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
  -w start >/dev/null
export DATABASE_URL="postgres://schakel@127.0.0.1:$PG_PORT/schakel"
"${PYTEST[@]}" -m "not browser" -n 2

echo "== 4/4 browsertests in chromium (PostgreSQL) =="
"${PYTEST[@]}" -m browser

echo "Alle onderdelen geslaagd."
