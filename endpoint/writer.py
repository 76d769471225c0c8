"""A one-shot writer process for ``/update``: it runs one SPARQL Update and exits.

Why a process: pyoxigraph cannot cancel an update, so a time limit that really stops the
work needs something the server can kill. An update is one Oxigraph transaction and the
snapshot for readers is published only when the writer closes, so a killed writer leaves
the store and every reader exactly as they were.

Run as ``python -m endpoint.writer STORE_DIR`` with the update text on stdin; it prints
one JSON line: ``{"ok": true}`` or ``{"error": <EndpointError class name>, "message": ...}``.
"""

from __future__ import annotations

import json
import sys

from graph.errors import QueryError, StoreError
from graph.store import Store


def run(store_path: str, text: str) -> dict[str, object]:
    try:
        store = Store(store_path)
    except StoreError as err:
        return {"error": "Busy", "message": f"the store is being written by another process: {err}"}
    try:
        store.update(text)
    except QueryError as err:
        return {"error": "MalformedQuery", "message": str(err)}
    except StoreError as err:
        return {"error": "StoreUnavailable", "message": str(err)}
    finally:
        store.close()
    return {"ok": True}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m endpoint.writer STORE_DIR < update.ru", file=sys.stderr)
        return 2
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    print(json.dumps(run(argv[0], text)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
