"""gunicorn settings for production.

Run as ``gunicorn -c gunicorn.conf.py nuithanh_cchc.wsgi``.

Every value can be changed from the environment (see docs/deploy.md); the defaults
suit one server with nginx in front on the same machine.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Where nginx sends requests. A unix socket also works: unix:/run/cchc/gunicorn.sock
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Workers: gunicorn's rule of thumb, (2 x CPU) + 1, capped so that a small server with
# many cores does not run out of memory (each worker holds ~80-120 MB).
workers = _int(
    "GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, _int("WEB_MAX", 12))
)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A report export over a whole year may take a while; anything slower is a bug.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then: a slow leak in any library can never pile up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Logs to stdout/stderr, collected by systemd's journal. The application itself writes
# one JSON line per request (with the user and the duration); gunicorn's access line
# is kept for the proxy's view. GUNICORN_ACCESSLOG="" turns it off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
capture_output = True

# Only nginx on this machine may say which scheme the browser used.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

# Heartbeat files in memory, not on a possibly slow disk.
# /dev/shm is a RAM disk that only gunicorn's heartbeat files use here.
SHM = "/dev/shm"  # noqa: S108  # nosec B108
if Path(SHM).is_dir():
    worker_tmp_dir = SHM

proc_name = "nuithanh_cchc"
# The runtime control socket (gunicornc) is off unless asked for.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
