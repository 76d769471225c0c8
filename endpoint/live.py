"""Per-process read access to the store that follows a concurrent writer.

An Oxigraph read-only handle sees the data as of its opening; `amtsgraph build` may commit
while the server runs. Every request asks :meth:`LiveStore.current`, which compares the
store's ``generation`` file with the handle's (one small file read) and reopens when a
writer has committed since. Old handles are not closed explicitly: a request still using one
keeps it alive, and it goes when the last reference does.

The Linked Data views query this handle in the server process itself: their queries are
our own, bounded by LIMIT, and a round trip to a query worker would only add latency. User
SPARQL goes to the killable workers of :mod:`endpoint.executor`.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from endpoint.errors import StoreUnavailable
from graph.errors import QueryError, StoreError
from graph.store import Store


class LiveStore:
    """The current read-only handle; staleness is checked at most every ``recheck`` seconds.

    The check is a file read; at hundreds of requests per second, doing it on every call
    (a page makes several) was a tenth of the page's cost, while a 50 ms delay before new
    data shows is invisible to anyone.
    """

    def __init__(self, path: Path, recheck: float = 0.05) -> None:
        self.path = path
        self.recheck = recheck
        self._store: Store | None = None
        self._pid = 0
        self._checked = 0.0
        self._lock = threading.Lock()

    def current(self) -> Store:
        store = self._store
        if store is not None and self._pid == os.getpid():
            now = time.monotonic()
            if now - self._checked < self.recheck:
                return store
            self._checked = now
            if not store.is_stale():
                return store
        with self._lock:
            store = self._store
            if store is None or self._pid != os.getpid() or store.is_stale():
                try:
                    store = Store(self.path, read_only=True)
                except StoreError as err:
                    if store is None or self._pid != os.getpid():
                        raise StoreUnavailable(
                            f"{self.path}: the store cannot be opened ({err}); "
                            "run `amtsgraph build` to create it"
                        ) from err
                    # A writer is mid-commit: keep serving the last snapshot for now.
                    return store
                self._store, self._pid = store, os.getpid()
                self._checked = time.monotonic()
            return store

    def invalidate(self) -> None:
        """After this process wrote: look at the generation file on the next call."""
        self._checked = 0.0

    def generation(self) -> str:
        """The generation the current handle shows: what ETags must be made of."""
        return self.current().opened_generation

    def select(self, sparql: str, **kwargs: Any) -> list[Any]:
        """Our own SELECT queries: all rows, as pyoxigraph solutions."""
        try:
            return list(self.current().query(sparql, **kwargs))
        except QueryError as err:  # a bug in our query text, not the client's fault
            raise StoreError(f"internal query failed: {err}") from err

    def construct(self, sparql: str, **kwargs: Any) -> list[Any]:
        return list(self.current().query(sparql, **kwargs))
