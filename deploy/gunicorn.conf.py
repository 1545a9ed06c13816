"""gunicorn settings for hosting 对照检查助手 for an organisation (docs/hosting.md).

    gunicorn -c deploy/gunicorn.conf.py addin_server.wsgi:app

nginx in front terminates TLS, buffers whole requests and responses and holds slow clients, so
gunicorn's sync workers only ever see complete requests from one local proxy. gunicorn's master
restarts any worker that dies (a crash, the OOM killer, SIGKILL) and kills one that is stuck in a
request longer than `timeout`. Every value can be overridden with GUNICORN_CMD_ARGS.
"""
import multiprocessing
import os

# nginx connects here; a Unix socket keeps the app off the network entirely
bind = os.environ.get("ADDIN_GUNICORN_BIND", "127.0.0.1:8000")
# The work is CPU-bound Python: one process per core (GIL), two threads each to overlap the
# proxy's reads and writes. Memory: ~150 MB per worker after warm-up.
workers = int(os.environ.get("ADDIN_GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = 2
# A request over this many seconds kills its worker (the master starts a new one); well above
# the slowest legitimate request (a 20,000-paragraph upload, about 5 s on one core).
timeout = 60
graceful_timeout = 30  # SIGHUP / SIGTERM: requests in flight get this long to finish
keepalive = 5
# Recycle workers now and then, so the memory of a rare huge request does not stay held.
max_requests = 2000
max_requests_jitter = 200
# Load the app once in the master: workers fork with the frameworks and dictionaries already
# loaded and share those pages.
preload_app = True
# Header limits: nginx's are tighter still.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The access log would hold only what nginx logs already; our own access log (one line per request,
# never query strings or bodies) is on in the app (ADDIN_SERVER_ACCESS_LOG).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("ADDIN_SERVER_LOG_LEVEL", "info")
# Trust X-Forwarded-* only from the local proxy.
forwarded_allow_ips = "127.0.0.1,::1"
