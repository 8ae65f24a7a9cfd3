#!/usr/bin/env bash
# Installs everything Schakel needs on this machine: system packages (with --system),
# the Python virtualenv with the pinned dependencies, and the NL Design System CSS.
set -euo pipefail
cd "$(dirname "$0")/.."

want_system=0
[[ "${1:-}" == "--system" ]] && want_system=1

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "Schakel: systeempakketten installeren: ${missing[*]}"
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# WeasyPrint needs pango; the demo needs nothing else from the system.
apt_install python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
if ((want_system)); then
  # The test suite runs a real PostgreSQL 15 and Debian's chromium.
  apt_install postgresql-15 chromium
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
mkdir -p .stamps
py_stamp=".stamps/python-$(sha1sum pyproject.toml | cut -c1-12)"
if [[ ! -x .venv/bin/python || ! -f "$py_stamp" ]]; then
  echo "Schakel: Python-omgeving installeren"
  [[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .stamps/python-*
  touch "$py_stamp"
fi

js_stamp=".stamps/npm-$(sha1sum package-lock.json | cut -c1-12)"
if [[ ! -d node_modules/@utrecht/component-library-css || ! -f "$js_stamp" ]]; then
  echo "Schakel: NL Design System en htmx installeren"
  npm ci --no-audit --no-fund --loglevel=error
  rm -f .stamps/npm-*
  touch "$js_stamp"
fi

# The test suite's stand-in for an organisation's identity provider: a real OpenID
# provider on Node.js (tests/oidc_idp), with its own locked dependencies.
idp_stamp=".stamps/idp-npm-$(sha1sum tests/oidc_idp/package-lock.json | cut -c1-12)"
if [[ ! -d tests/oidc_idp/node_modules/oidc-provider || ! -f "$idp_stamp" ]]; then
  echo "Schakel: test-identity-provider installeren"
  (cd tests/oidc_idp && npm ci --no-audit --no-fund --loglevel=error)
  rm -f .stamps/idp-npm-*
  touch "$idp_stamp"
fi
