"""Data that another process commits while the server runs becomes visible, no restart."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from endpoint_support import BASE, http

from endpoint.server import BackgroundServer
from endpoint.settings import Settings

NEW = BASE + "id/agency/neues-amt"
WRITER = """
import sys
import pyoxigraph as ox
from graph.store import Store
store = Store(sys.argv[1])
s = ox.NamedNode(sys.argv[2])
store.replace_graphs({sys.argv[3]: [
    ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
              ox.Literal("Neues Amt", language="de")),
    ox.Triple(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
              ox.NamedNode("https://w3id.org/amtsgraph/ontology#Agency")),
]})
store.close()
"""


def ask(url: str) -> bool:
    query = urllib.parse.urlencode({"query": f"ASK {{ <{NEW}> ?p ?o }}"})
    return bool(json.loads(http("GET", f"{url}/sparql?{query}").body)["boolean"])


def wait_for(check: object, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_a_build_in_another_process_shows_up(fresh_store: Path, tmp_path: Path) -> None:
    settings = Settings(store=fresh_store, dump_cache=tmp_path / "dumps")
    with BackgroundServer(settings) as server:
        url = server.url
        page = url + "/id/agency/neues-amt"
        assert not ask(url)
        assert http("GET", page).status == 404
        void_before = http("GET", url + "/.well-known/void").headers["ETag"]
        root = Path(__file__).resolve().parents[2]
        subprocess.run(
            [sys.executable, "-c", WRITER, str(fresh_store), NEW, BASE + "graph/article/neu"],
            check=True,
            cwd=root,
            timeout=60,
        )
        assert wait_for(lambda: ask(url)), "the query workers never saw the new data"
        assert wait_for(lambda: http("GET", page).status == 200)
        html = http("GET", page, headers={"Accept": "text/html"}).text
        assert "<h1>Neues Amt</h1>" in html
        assert http("GET", url + "/.well-known/void").headers["ETag"] != void_before
