"""Load and fault tests (``make soak``): the production layout on loopback, under load and faults.

Nothing here is imported by the application. ``run.py`` is the runner, ``locustfile.py`` the
scenarios (run only through locust's own command line, which monkey-patches with gevent)."""
