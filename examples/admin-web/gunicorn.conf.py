"""gunicorn settings: four worker processes on one shared store."""

import os

workers = int(os.environ.get("ADMIN_WEB_WORKERS", "4"))
bind = os.environ.get("ADMIN_WEB_BIND", "127.0.0.1:8000")
# Each worker opens the store itself, after the fork (see app.directory).
preload_app = False
accesslog = "-" if os.environ.get("ADMIN_WEB_ACCESS_LOG") else None
