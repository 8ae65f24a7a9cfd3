#!/usr/bin/env bash
# make bench: Schakel under load the way production serves it, with numbers per page.
#
#   make bench                          10,000 cases, 20 s per page, 1 and 16 users, 16 with think time
#   make bench GROOTTE=100000 DUUR=30s  (GROOTTE: 300 … 1000000; DUUR: seconds per page)
#
# 1. starts its own PostgreSQL 15 in a temporary folder (fsync on, settings of a small
#    production server, see docs/performance.md);
# 2. fills it with `manage.py demo_data --size GROOTTE`, or restores the dump kept from an
#    earlier run with the same size, seed, migrations and generator (var/bench/cache/);
# 3. makes dedicated bench accounts (procesregisseur, politie, ggz, privacy officer) with
#    their own password and TOTP key, and picks the cases, meetings, plans and requests each
#    may see (scripts/bench/prepare.py);
# 4. counts the queries of every page in-process (scripts/bench/queries.py);
# 5. serves Schakel with gunicorn as it stands behind the load balancer (plain http with
#    X-Forwarded-Proto: https, production settings, a fresh secret key) and drives it with
#    locust, headless, at 1 and at 16 users,
#    one page at a time (scripts/bench/locustfile.py);
# 6. prints the table and writes JSON and Markdown to var/bench/results/<time>-<size>/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

SIZE="${GROOTTE:-10000}"
DURATION="${DUUR:-20s}"
DURATION="${DURATION%s}"
SEED="${BENCH_SEED:-1}"
# Phases: a number is that many users without think time; with a "d" the same with
# think time (DENKTIJD seconds on average, between half and one and a half times that);
# "w" and a number is a working day: that many users going from page to page in the
# proportions of scripts/bench/pages.py (WORKDAY), with think time, for DUUR seconds in all.
CONCURRENCY="${GEBRUIKERS:-1 16 16d}"
THINK="${DENKTIJD:-2}"

# The shared virtualenv of a development machine can be named instead of installing one.
if [[ -n "${BENCH_PYTHON:-}" ]]; then
  PY="$BENCH_PYTHON"
else
  scripts/bootstrap.sh --system
  bench_stamp=".stamps/bench-$(sha1sum pyproject.toml | cut -c1-12)"
  if [[ ! -f "$bench_stamp" ]]; then
    echo "Schakel-bench: gunicorn en locust installeren"
    .venv/bin/python -m pip install -q -e ".[dev,bench]"
    rm -f .stamps/bench-*
    touch "$bench_stamp"
  fi
  PY=.venv/bin/python
fi
BIN="$(dirname "$PY")"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PG_PORT="${BENCH_PG_PORT:-$(free_port)}"
HTTP_PORT="${BENCH_HTTP_PORT:-$(free_port)}"

RESULTS="var/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-$SIZE"
CACHE=var/bench/cache
mkdir -p "$RESULTS" "$CACHE"
RESULTS="$ROOT/$RESULTS"

# --- PostgreSQL 15 ---------------------------------------------------------------------
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=$(mktemp -d /tmp/schakel-bench-pg.XXXXXX)
chmod 755 "$PG_DIR"
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[[ $(id -u) -eq 0 ]] && chown postgres "$PG_DIR"
SERVER_PID=""
CPU_PID=""
cleanup() {
  [[ -n "$CPU_PID" ]] && kill "$CPU_PID" 2>/dev/null
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  if [[ -d "$PG_DIR/replica" ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -m fast -w stop >/dev/null 2>&1 || true
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U schakel -E UTF8 --locale=C.UTF-8 >/dev/null
# A small production server (2 cores, 4 GB for PostgreSQL): durable commits, a quarter of
# the memory as shared buffers, SSD costs. Nothing here is tuned to flatter the numbers.
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start -o "\
 -p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 \
 -c fsync=on -c synchronous_commit=on -c full_page_writes=on \
 -c max_connections=100 -c shared_buffers=1GB -c effective_cache_size=3GB \
 -c work_mem=16MB -c maintenance_work_mem=256MB -c random_page_cost=1.1 \
 -c max_wal_size=4GB -c checkpoint_completion_target=0.9" >/dev/null
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U schakel schakel
export DATABASE_URL="postgres://schakel@127.0.0.1:$PG_PORT/schakel"
export PYTHONDONTWRITEBYTECODE=1
# A fresh key each run: every session of an earlier run is void.
SCHAKEL_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SCHAKEL_SECRET_KEY

# --- the data: generated once per size, seed and generator -----------------------------
# A dump made before a newer migration is restored and then migrated, as production's
# database is: a new index or column does not cost a fresh fill of a million cases.
data_hash=$(
  { echo "$SIZE $SEED"; cat schakel/demo/*.py schakel/home/management/commands/demo_data.py; } |
    sha1sum | cut -c1-12
)
DUMP="$CACHE/schakel-$SIZE-seed$SEED-$data_hash.dump"
started=$(date +%s)
if [[ -f "$DUMP" ]]; then
  echo "Schakel-bench: database van $SIZE casussen terugzetten uit $DUMP"
  "$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U schakel -d schakel -j 2 --no-owner "$DUMP"
  SCHAKEL_DEBUG=0 "$PY" manage.py migrate --no-input -v0
else
  echo "Schakel-bench: database vullen met $SIZE casussen (eenmalig voor deze grootte)"
  # DEBUG stays off: with it on Django keeps every query in memory.
  SCHAKEL_DEBUG=0 "$PY" manage.py migrate --no-input -v0
  SCHAKEL_DEBUG=0 SCHAKEL_DEMO=1 "$PY" manage.py demo_data --size "$SIZE" --seed "$SEED"
  "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U schakel -Fc -f "$DUMP.part" schakel
  mv "$DUMP.part" "$DUMP"
fi
# A restored or freshly loaded database has no statistics yet; production's has.
"$PG_BIN/vacuumdb" -h 127.0.0.1 -p "$PG_PORT" -U schakel --analyze --quiet schakel
echo "Schakel-bench: database klaar in $(($(date +%s) - started)) s"
# BENCH_ONLY_DATA=1 fills the cache and stops (to prepare a large size ahead of time).
[[ "${BENCH_ONLY_DATA:-0}" == 1 ]] && exit 0

# --- optionally a streaming replica (BENCH_REPLICA=1) -----------------------------------
# As in docs/deployment.md: pg_basebackup, then the lists and reports read from it
# (DATABASE_REPLICA_URL, schakel.core.routing). Here it shares the machine's two cores
# with the primary, so it shows the routing's cost and correctness, not the capacity a
# replica on its own machine adds.
if [[ "${BENCH_REPLICA:-0}" == 1 ]]; then
  REPLICA_PORT="$(free_port)"
  as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U schakel \
    -D "$PG_DIR/replica" -R -X stream --checkpoint=fast
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -l "$PG_DIR/replica.log" -w start -o "\
 -p $REPLICA_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c hot_standby=on \
 -c max_connections=100 -c shared_buffers=1GB -c effective_cache_size=3GB \
 -c work_mem=16MB -c random_page_cost=1.1" >/dev/null
  export DATABASE_REPLICA_URL="postgres://schakel@127.0.0.1:$REPLICA_PORT/schakel"
  echo "Schakel-bench: streaming replica op poort $REPLICA_PORT"
fi

# --- production settings ---------------------------------------------------------------
export DJANGO_SETTINGS_MODULE=bench_settings
export PYTHONPATH="$ROOT/scripts/bench:$ROOT"
export SCHAKEL_DEBUG=0 SCHAKEL_DEMO=0 SCHAKEL_HTTPS=1
export SCHAKEL_ALLOWED_HOSTS=127.0.0.1
# A simulated user signs in once per run and uses some of its sessions only once per round
# of pages: the idle timeout (15 minutes) is lengthened so long slices do not sign them
# out. Every request still renews and saves its session, as in production.
export SCHAKEL_SESSION_IDLE_MINUTES=120
export SCHAKEL_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
"$PY" manage.py collectstatic --no-input -v0

# One slot (accounts and a share of the objects to write to) per simulated user, at least 16.
SLOTS=16
for phase in $CONCURRENCY; do
  users="${phase//[dw]/}"
  ((users > SLOTS)) && SLOTS=$users
done
"$PY" scripts/bench/prepare.py --slots "$SLOTS" --out "$RESULTS/plan.json"
"$PY" scripts/bench/queries.py --plan "$RESULTS/plan.json" --out "$RESULTS/queries.json"

# --- gunicorn behind the load balancer --------------------------------------------------
# In production a load balancer ends TLS and passes plain http with X-Forwarded-Proto
# (docs/deployment.md); the load tool plays browser and load balancer in one. A TLS
# handshake per request in the load tool's Python cost more CPU than most pages.
# gunicorn's rule of thumb, 2 x cores + 1; BENCH_WORKERS to try another number.
WORKERS="${BENCH_WORKERS:-$((2 * $(nproc) + 1))}"
"$BIN/gunicorn" schakel.wsgi:application --bind "127.0.0.1:$HTTP_PORT" \
  --workers "$WORKERS" --worker-class sync --pid "$PG_DIR/gunicorn.pid" \
  --error-logfile "$RESULTS/gunicorn.log" --log-level warning &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -sf -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$HTTP_PORT/inloggen/" && break
  sleep 0.2
done

if [[ "${BENCH_SERVE_ONLY:-0}" == 1 ]]; then
  # To look at the pages by hand or try the load file: the plan has the bench accounts.
  echo "Schakel-bench: http://127.0.0.1:$HTTP_PORT/ (achter een load balancer: stuur X-Forwarded-Proto: https mee; plan: $RESULTS/plan.json); Ctrl-C stopt"
  wait "$SERVER_PID" || true
  exit 0
fi

for phase in $CONCURRENCY; do
  users="${phase//[dw]/}"
  # "16d": the same users with think time between pages (DENKTIJD seconds on average);
  # "w64": a working day of 64 users, all pages mixed, with think time.
  think=""
  mix=0
  [[ "$phase" == *d ]] && think="$THINK"
  [[ "$phase" == w* ]] && think="$THINK" && mix=1
  if ((mix)); then
    echo "Schakel-bench: werkdag, $users gelijktijdige gebruikers, denktijd $think s, $DURATION s"
  else
    echo "Schakel-bench: $users gelijktijdige gebruiker(s)${think:+, denktijd $think s}, $DURATION s per pagina"
  fi
  cat /proc/loadavg >"$RESULTS/load-$phase-begin.txt"
  # Where the machine's time goes while the phase runs: app server, PostgreSQL, the rest.
  postgres_pids=$(head -qn1 "$PG_DIR"/data/postmaster.pid "$PG_DIR"/replica/postmaster.pid 2>/dev/null || true)
  # shellcheck disable=SC2086 # one argument per pid
  "$PY" scripts/bench/report.py cpu --gunicorn-pid "$SERVER_PID" --postgres-pid $postgres_pids \
    --out "$RESULTS/cpu-$phase.jsonl" &
  CPU_PID=$!
  BENCH_PLAN="$RESULTS/plan.json" BENCH_USERS="$users" BENCH_SLICE="$DURATION" \
    BENCH_THINK="$think" BENCH_MIX="$mix" BENCH_ORIGIN="https://127.0.0.1:$HTTP_PORT" \
    BENCH_SAMPLES="$RESULTS/samples-$phase.json" BENCH_USED="$RESULTS/answered.json" \
    "$BIN/locust" -f scripts/bench/locustfile.py --headless --only-summary \
    --host "http://127.0.0.1:$HTTP_PORT" -u "$users" -r "$users" \
    --run-time "$((300 + 20 * DURATION))s" --exit-code-on-error 0 \
    --loglevel WARNING >"$RESULTS/locust-$phase.log" 2>&1 || {
      tail -n 30 "$RESULTS/locust-$phase.log"
      exit 1
    }
  kill "$CPU_PID" && wait "$CPU_PID" || true
  CPU_PID=""
  cat /proc/loadavg >"$RESULTS/load-$phase-end.txt"
  # A failed request is a result (the table's "fout" column); only a crash stops the run.
  "$PY" scripts/bench/report.py rss --gunicorn-pid "$SERVER_PID" \
    --out "$RESULTS/rss-$phase.json"
done
"$PY" scripts/bench/report.py check --plan "$RESULTS/plan.json" --out "$RESULTS/check.json"

"$PY" scripts/bench/report.py table --results "$RESULTS" --size "$SIZE" \
  --duration "$DURATION" --workers "$WORKERS"
