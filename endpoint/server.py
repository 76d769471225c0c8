"""Running the app under waitress: in the foreground with several processes, or in a thread.

``serve`` binds the listening socket once and, for ``workers > 1``, forks that many server
processes that all accept on it (the kernel spreads connections), each with its own
threads, its own read-only store handle and its own query workers. The parent only
supervises: it restarts a worker that dies and stops them all on SIGINT/SIGTERM. Forking
happens before any thread or store exists, so nothing unsafe is inherited.

``BackgroundServer`` runs one waitress server in a thread of the calling process, for the
tests and the benchmark.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from waitress.server import create_server

from endpoint.app import create_app
from endpoint.context import EXTENSION
from endpoint.settings import Settings

_WAITRESS = {
    "ident": "amtsgraph",
    "channel_timeout": 120,
    "connection_limit": 1000,
    "asyncore_use_poll": True,
}


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def _run_one(settings: Settings, sock: socket.socket, threads: int) -> None:
    app = create_app(settings)
    server = create_server(app, sockets=[sock], threads=threads, **_WAITRESS)
    try:
        server.run()
    finally:
        app.extensions[EXTENSION].close()


def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    threads: int,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve until interrupted (the `amtsgraph serve` command)."""
    sock = bind(host, port)
    url_host = f"[{host}]" if ":" in host else host
    actual_port = sock.getsockname()[1]
    announce(
        f"amtsgraph: serving {settings.store} on http://{url_host}:{actual_port}/ "
        f"({workers} process{'es' if workers > 1 else ''} x {threads} threads)"
    )
    announce(f"query page: http://{url_host}:{actual_port}/sparql")
    if workers <= 1:
        with contextlib.suppress(KeyboardInterrupt):
            _run_one(settings, sock, threads)
        return
    _supervise(settings, sock, workers, threads)


def _exit_on_signal(signum: int, _frame: Any) -> None:
    """Leave through ``finally`` so the process stops its query workers on the way out."""
    raise SystemExit(0)


def _supervise(settings: Settings, sock: socket.socket, workers: int, threads: int) -> None:
    children: set[int] = set()
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # child: serve, never return into the supervisor's code
            signal.signal(signal.SIGINT, _exit_on_signal)
            signal.signal(signal.SIGTERM, _exit_on_signal)
            code = 0
            try:
                _run_one(settings, sock, threads)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.add(pid)

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for _ in range(workers):
        spawn()
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            print(f"amtsgraph: server process {pid} exited ({status}); restarting", file=sys.stderr)
            time.sleep(0.5)
            spawn()
    sock.close()


class BackgroundServer:
    """A waitress server in a daemon thread on a free loopback port (tests, benchmarks)."""

    def __init__(self, settings: Settings, *, threads: int = 8, host: str = "127.0.0.1") -> None:
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self.app = create_app(settings)
        self.server: Any = create_server(self.app, host=host, port=0, threads=threads, **_WAITRESS)
        self.port: int = self.server.effective_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._run, name="waitress", daemon=True)

    def _run(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # closed under our feet at shutdown
            self.server.run()

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.server.task_dispatcher.shutdown()
        self.server.close()
        for channel in list(self.server._map.values()):
            with contextlib.suppress(OSError):
                channel.close()
        self._thread.join(timeout=5)
        self.app.extensions[EXTENSION].close()
