"""gunicorn settings for a Lastmile app server (used by ``make soak`` and the systemd unit).

Start: ``gunicorn config.wsgi:application -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001``.
The number of worker processes comes from ``--workers`` or gunicorn's own ``WEB_CONCURRENCY``
(default here: 2 × CPUs + 1). The app is stateless: sessions are in the database and uploads in
the shared MEDIA_ROOT, so any server may answer any request.
"""

import multiprocessing

workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "sync"
timeout = 60  # a request that runs longer is killed and logged
graceful_timeout = 30  # SIGTERM: finish the requests in flight, then stop
keepalive = 5  # nginx keeps upstream connections open
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"  # trust X-Forwarded-* only from the local nginx
accesslog = "-"
errorlog = "-"
loglevel = "info"
worker_tmp_dir = "/dev/shm"
