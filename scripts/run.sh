#!/usr/bin/env bash
# Installs everything and starts Schakel with demo data on SQLite at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export SCHAKEL_DEBUG=1 SCHAKEL_DEMO=1
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py demo_data --if-empty
.venv/bin/python manage.py plan_overleggen --weken 8
.venv/bin/python manage.py demo_login_help
# The background worker sends reminders; it stops together with the server.
.venv/bin/python manage.py db_worker --no-reload -v0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
