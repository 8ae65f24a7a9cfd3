#!/usr/bin/env bash
# Installs everything and starts Schakel with demo data on SQLite at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Like production (DEBUG off: Schakel's own error pages, static files served by the app),
# but in demo mode: the documented demo sign-in, plain http on 127.0.0.1.
export SCHAKEL_DEBUG=0 SCHAKEL_DEMO=1
# A key of this machine's own, kept so that sessions survive a restart of the demo.
key_file=.stamps/demo-secret-key
if [[ ! -s "$key_file" ]]; then
  mkdir -p .stamps
  .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" >"$key_file"
fi
SCHAKEL_SECRET_KEY="$(cat "$key_file")"
export SCHAKEL_SECRET_KEY
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py demo_data --if-empty
.venv/bin/python manage.py plan_overleggen --weken 8
.venv/bin/python manage.py demo_login_help
# The background worker sends reminders; it stops together with the server.
.venv/bin/python manage.py db_worker --no-reload -v0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
