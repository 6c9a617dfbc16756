"""gunicorn settings for production: `gunicorn biopa.wsgi` reads this file.

Every value can be changed from the environment (GUNICORN_WORKERS, ...)."""

import multiprocessing
import os
import random

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# (2 x cores) + 1 sync workers, capped: the site is mostly I/O-bound on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # large document uploads
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Restart workers now and then, so a slow leak never grows, but never two at once: a narrow
# jitter alone (the old 100 of 1000) let workers that started together restart within
# moments of each other, leaving gaps of 1-6 s with no worker. post_fork below staggers the
# workers' limits by max_requests / workers, and the jitter (half of that step) stays
# smaller than that step, so two workers' restarts are always hundreds of requests apart.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(
    os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", max(max_requests // (2 * workers), 1))
)


def post_fork(server, worker):
    """Stagger the restarts: the n-th worker forked gets n/workers of max_requests more,
    plus a jitter no wider than half that step (worker.age counts the workers this server
    has forked), so that two workers' limits never fall close together by chance."""
    if max_requests > 0 and server.num_workers > 1:
        step = max_requests // server.num_workers
        share = (worker.age - 1) % server.num_workers
        jitter = random.randint(0, min(max_requests_jitter, step // 2))  # noqa: S311
        worker.max_requests = max_requests + share * step + jitter


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
