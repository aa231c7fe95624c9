#!/usr/bin/env bash
# Starts the admin web example (examples/admin-web) on http://127.0.0.1:8000: gunicorn with four
# worker processes on one shared store. Builds the `vastuu` package into the virtual environment
# test-python.sh uses (.venv at the repository root, or VASTUU_VENV), installs Flask and gunicorn,
# and creates a demo directory on first use.
#   VASTUU_STORE     the store to serve: a SQLite file (default: admin-web/demo.sqlite under
#                    $CARGO_TARGET_DIR or target/, created with demo data when missing) or a
#                    PostgreSQL connection string (postgresql://... or host=... dbname=...;
#                    the demo data is imported when its directory is empty; ADMIN_WEB_SCHEMA
#                    names the schema)
#   ADMIN_WEB_BIND   where to listen (default 127.0.0.1:8000)
# Needs python3 (3.10 or later) with venv and pip, cargo and a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
venv="${VASTUU_VENV:-$root/.venv}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
python -m pip install --quiet --disable-pip-version-check \
  -r bindings-python/requirements-dev.txt -r examples/admin-web/requirements.txt
(cd bindings-python && maturin develop --quiet)
store="${VASTUU_STORE:-$CARGO_TARGET_DIR/admin-web/demo.sqlite}"
case "$store" in
  postgres://* | postgresql://* | *dbname=* | *host=*) (cd examples/admin-web && python demo.py "$store") ;;
  *)
    if [ ! -e "$store" ]; then
      mkdir -p "$(dirname "$store")"
      python examples/admin-web/demo.py "$store"
    fi
    store="$(cd "$(dirname "$store")" && pwd)/$(basename "$store")"
    ;;
esac
echo "serving $store on http://${ADMIN_WEB_BIND:-127.0.0.1:8000}"
cd examples/admin-web
VASTUU_STORE="$store" exec python -m gunicorn -c gunicorn.conf.py app:app
