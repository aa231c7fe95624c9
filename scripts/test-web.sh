#!/usr/bin/env bash
# The admin web example's browser test: headless Chromium (Debian's chromium and chromium-driver,
# installed with apt-get when missing) driven by Selenium against gunicorn with four workers on
# one shared SQLite store (examples/admin-web/tests). Uses the virtual environment of
# test-python.sh (.venv, or VASTUU_VENV), building the package into it when needed.
# ADMIN_WEB_SCREENSHOTS names a folder for the screenshots the test takes (the README's come from
# there). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
venv="${VASTUU_VENV:-$root/.venv}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "-- installing chromium and chromium-driver"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
python -m pip install --quiet --disable-pip-version-check \
  -r bindings-python/requirements-dev.txt -r examples/admin-web/requirements-test.txt
(cd bindings-python && maturin develop --quiet)
cd examples/admin-web
python -m pytest -q -W error -p no:cacheprovider tests
