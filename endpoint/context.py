"""The per-app state the blueprints share: settings, IRI map, live store, query workers.

One object hung on ``app.extensions`` instead of module globals, so two apps (tests run
several) never share a store handle or a worker pool. The worker pool is created lazily per
process id: a pre-forking server must not inherit its parent's pipes.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from flask import current_app

from endpoint.executor import QueryPool
from endpoint.iris import IriMap
from endpoint.live import LiveStore
from endpoint.settings import Settings

EXTENSION = "amtsgraph"


class Context:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.iris = IriMap(settings.base)
        self.live = LiveStore(settings.store)
        self._pool: QueryPool | None = None
        self._pool_pid = 0
        self._lock = threading.Lock()
        self.memo: dict[tuple[str, str], Any] = {}
        self.pages = PageCache(settings.page_cache_bytes)

    @property
    def pool(self) -> QueryPool:
        if self._pool is None or self._pool_pid != os.getpid():
            with self._lock:
                if self._pool is None or self._pool_pid != os.getpid():
                    self._pool = QueryPool(self.settings.store, self.settings.query_workers)
                    self._pool_pid = os.getpid()
        return self._pool

    def close(self) -> None:
        if self._pool is not None and self._pool_pid == os.getpid():
            self._pool.close()

    def last_modified(self, generation: str) -> datetime:
        """When the data last changed: the generation token is a commit time in ns."""
        try:
            seconds = int(generation) / 1e9
        except ValueError:
            seconds = 0
        if seconds <= 0:
            try:
                seconds = os.stat(self.settings.store).st_mtime
            except OSError:
                seconds = 0
        return datetime.fromtimestamp(int(seconds), tz=UTC)

    def memoised(self, name: str, compute: Any) -> Any:
        """A value derived from the whole store (VoID counts), computed once per generation."""
        generation = self.live.generation()
        key = (name, generation)
        if key not in self.memo:
            for stale in [k for k in self.memo if k[0] == name]:
                del self.memo[stale]
            self.memo[key] = compute()
        return self.memo[key]


class PageCache:
    """A byte-bounded LRU of rendered documents, keyed by ETag; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[bytes, list[tuple[str, str]]]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, list[tuple[str, str]]] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, body: bytes, headers: list[tuple[str, str]]) -> None:
        if len(body) > self.max_bytes // 8:
            return  # one huge document must not flush everything else
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (body, headers)
            self._size += len(body)
            while self._size > self.max_bytes and self._entries:
                _, (old, _) = self._entries.popitem(last=False)
                self._size -= len(old)


def context() -> Context:
    ctx: Context = current_app.extensions[EXTENSION]
    return ctx
