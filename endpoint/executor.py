"""The server side of the query workers: a small pool of killable child processes.

Each server process owns one pool (created lazily, after any fork). A request checks out an
idle worker, sends the job and waits for the answer until the deadline; a worker that
overruns is killed (SIGKILL: the work really stops) and replaced in the background, so the
next query does not pay the start-up. A healthy round trip costs two pipe writes and a
pickle each way, well under a millisecond.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from endpoint import errors
from endpoint.worker import HEADER, read_exactly, send

log = logging.getLogger(__name__)

_START_TIMEOUT = 30.0


class WorkerGone(Exception):
    """The child exited or closed its pipe."""


class Worker:
    """One child process and its pipes."""

    def __init__(self, store: Path) -> None:
        root = Path(__file__).resolve().parent.parent
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "endpoint.worker", str(store)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in, self._out = self.proc.stdin, self.proc.stdout
        hello = self._receive(time.monotonic() + _START_TIMEOUT)
        if not (isinstance(hello, tuple) and hello[0] == "ready"):
            self.kill()
            raise WorkerGone(f"query worker did not start: {hello!r}")

    def call(self, job: dict[str, Any], deadline: float) -> Any:
        try:
            send(self._in, job)
        except (BrokenPipeError, OSError) as err:
            raise WorkerGone(str(err)) from err
        return self._receive(deadline)

    def _receive(self, deadline: float) -> Any:
        fd = self._out.fileno()
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        # The child writes a whole, already-serialised reply at once: read it blocking.
        header = read_exactly(self._out, HEADER.size)
        body = None if header is None else read_exactly(self._out, HEADER.unpack(header)[0])
        if body is None:
            raise WorkerGone(f"query worker {self.proc.pid} exited ({self.proc.poll()})")
        import pickle

        return pickle.loads(body)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for pipe in (self._in, self._out):
            with contextlib.suppress(OSError):
                pipe.close()


class QueryPool:
    """Up to ``size`` workers for one server process; thread-safe."""

    def __init__(self, store: Path, size: int) -> None:
        self.store = store
        self.size = size
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._started = 0
        self._closed = False

    def run(self, job: dict[str, Any], timeout: float) -> tuple[str, bytes, str]:
        """Evaluate a job; returns (media type, body, store generation) or raises."""
        deadline = time.monotonic() + timeout
        worker = self._checkout(deadline)
        try:
            reply = worker.call(job, deadline)
        except TimeoutError:
            self._discard(worker)
            raise errors.QueryTimeout(
                f"the query ran longer than the limit of {timeout:g} s and was stopped; "
                "make it more selective (add LIMIT, bind variables) or ask the operator to "
                "raise query_timeout"
            ) from None
        except WorkerGone as err:
            self._discard(worker)
            raise errors.ServerFault(f"the query worker failed: {err}") from err
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1], reply[2], reply[3]
        error_class = getattr(errors, reply[1], errors.ServerFault)
        raise error_class(reply[2])

    def _checkout(self, deadline: float) -> Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            may_start = self._started < self.size and not self._closed
            if may_start:
                self._started += 1
        if may_start:
            try:
                return Worker(self.store)
            except (OSError, WorkerGone) as err:
                with self._lock:
                    self._started -= 1
                raise errors.ServerFault(f"cannot start a query worker: {err}") from err
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise errors.Busy(
                f"all {self.size} query workers stayed busy until the time limit; try again shortly"
            ) from None

    def _discard(self, worker: Worker) -> None:
        """Kill a worker and start its replacement off the request path."""
        worker.kill()

        def replace() -> None:
            try:
                fresh = Worker(self.store)
            except (OSError, WorkerGone) as err:
                log.warning("could not replace a query worker: %s", err)
                with self._lock:
                    self._started -= 1
                return
            if self._closed:
                fresh.kill()
            else:
                self._idle.put(fresh)

        threading.Thread(target=replace, name="query-worker-replace", daemon=True).start()

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return
