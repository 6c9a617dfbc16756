"""gunicorn settings for production: `gunicorn biopa.wsgi` reads this file.

Every value can be changed from the environment (GUNICORN_WORKERS, ...)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# (2 x cores) + 1 sync workers, capped: the site is mostly I/O-bound on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # large document uploads
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Restart workers now and then, so a slow leak never grows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 100))
# Smaller than any sane proxy's limits; the request line and headers only.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    '{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,'
    '"bytes":"%(B)s","duration_ms":%(M)s}'
)
preload_app = True
wsgi_app = "biopa.wsgi:application"
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl):
# two services run by the same user would fight over it. Off unless a path is given.
if control_socket_path := os.environ.get("GUNICORN_CONTROL_SOCKET", ""):
    control_socket = control_socket_path
else:
    control_socket_disable = True
