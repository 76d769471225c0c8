"""A query worker: a long-lived child process that evaluates SPARQL queries.

Why a process: pyoxigraph cannot cancel a running query, and a thread cannot be killed, so a
time limit that really stops the work needs something the server can kill. Spawning a
process per query would cost tens of milliseconds; instead each server process keeps a few
of these alive (see :mod:`endpoint.executor`), sends them jobs over a pipe and kills and
replaces one only when it overruns.

Run as ``python -m endpoint.worker STORE_DIR``; it reads length-prefixed pickled jobs on
stdin and answers on stdout. It imports no Flask, so it starts in about 100 ms.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import IO, Any

from endpoint.errors import EndpointError, MalformedQuery, ServerFault
from endpoint.protocol import negotiate, result_offers, serialize
from graph.errors import QueryError, StoreError
from graph.store import Store
from graph.vocab import PREFIXES

HEADER = struct.Struct("!Q")


def send(out: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(HEADER.pack(len(data)))
    out.write(data)
    out.flush()


def read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(stream: IO[bytes]) -> Any:
    """The next message, or None at end of input (the server went away)."""
    header = read_exactly(stream, HEADER.size)
    if header is None:
        return None
    body = read_exactly(stream, HEADER.unpack(header)[0])
    return None if body is None else pickle.loads(body)


class Evaluator:
    """Holds the read-only store and reopens it when a writer has committed since."""

    def __init__(self, store_path: str) -> None:
        self.store_path = store_path
        self.store: Store | None = None

    def current(self) -> Store:
        if self.store is None or self.store.is_stale():
            try:
                self.store = Store(self.store_path, read_only=True)
            except StoreError:
                if self.store is None:
                    raise
                # A writer is mid-commit: answer from the previous snapshot this time.
        return self.store

    def run(self, job: dict[str, Any]) -> tuple[str, bytes, str]:
        store = self.current()
        result = store.query(
            job["query"],
            default_graph=job.get("default_graph") or None,
            named_graphs=job.get("named_graphs") or None,
            prefixes=PREFIXES,
        )
        fmt = negotiate(result_offers(result), job.get("accept"), job.get("format"))
        body = serialize(result, fmt, limit=job["limit"], prefixes=PREFIXES)
        return fmt.media_type, body, store.opened_generation


def answer(evaluator: Evaluator, job: dict[str, Any]) -> tuple[Any, ...]:
    """Run one job; every outcome is a message, so the worker never dies on bad input."""
    try:
        return ("ok", *evaluator.run(job))
    except EndpointError as err:
        return ("error", type(err).__name__, err.message)
    except QueryError as err:
        return ("error", MalformedQuery.__name__, str(err))
    except StoreError as err:
        return ("error", "StoreUnavailable", str(err))
    except (OSError, ValueError, RuntimeError, TypeError) as err:
        # Evaluation errors surface lazily while serialising; report, do not crash.
        return ("error", ServerFault.__name__, f"query evaluation failed: {err}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m endpoint.worker STORE_DIR", file=sys.stderr)
        return 2
    requests = os.fdopen(sys.stdin.fileno(), "rb", buffering=0)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not corrupt the reply stream
    evaluator = Evaluator(argv[0])
    send(replies, ("ready", os.getpid()))
    while True:
        job = receive(requests)
        if job is None:
            return 0
        send(replies, answer(evaluator, job))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
