"""Helpers shared by the endpoint tests (a uniquely named module: tests/ has no packages)."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.store import Store

DATA = Path(__file__).parent / "data"
BASE = "https://w3id.org/amtsgraph/"
TOKEN = "s3cret-token"


def load_fixture(path: Path, trig: Path = DATA / "fixture.trig") -> Store:
    by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        assert isinstance(quad.graph_name, ox.NamedNode)
        by_graph[quad.graph_name.value].append(quad.triple)
    store = Store(path)
    store.replace_graphs(by_graph)
    return store


@dataclass
class Reply:
    status: int
    headers: Any
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()


def http(
    method: str, url: str, *, headers: dict[str, str] | None = None, body: bytes | None = None
) -> Reply:
    """One request with the standard library; errors are replies, not exceptions."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as err:
        with err:
            return Reply(err.code, err.headers, err.read())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
