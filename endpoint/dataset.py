"""Dataset-level documents: VoID (``/.well-known/void``) and the dumps (``/dumps/``).

Dumps are exported once per store generation into a cache folder, in a background thread
(an export of a large store takes minutes: no request waits for it), atomically (a temp
file renamed into place, so no one is ever served half a file), and one process at a time
(a lock file). Until the dump of the current generation is complete, the last complete one
is served, marked by its ``X-Amtsgraph-Dump-Generation`` header; only when there is none
yet does a request wait briefly, then get ``503`` with ``Retry-After``.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import logging
import os
import threading
from pathlib import Path
from typing import IO, cast

from flask import Blueprint, Response, render_template, request, send_file

from endpoint.app import cached_page
from endpoint.context import context
from endpoint.descriptions import DUMPS, dataset_statistics, void_description
from endpoint.errors import Busy, NotFound
from endpoint.protocol import GRAPH_FORMATS, negotiate, prefers_html
from graph.store import Store

blueprint = Blueprint("dataset", __name__)

log = logging.getLogger(__name__)

# How long a request waits for a first dump before it is told to come back.
FIRST_DUMP_WAIT = 10.0
_exports: dict[Path, threading.Event] = {}
_exports_lock = threading.Lock()


@blueprint.route("/.well-known/void")
@cached_page
def void() -> Response:
    ctx = context()
    stats = ctx.memoised("void", lambda: dataset_statistics(ctx.live, ctx.settings))
    modified = ctx.last_modified(ctx.live.generation())
    if prefers_html(request.headers.get("Accept"), request.args.get("format")):
        fmt = GRAPH_FORMATS[0]
        body = void_description(fmt, request.host_url, ctx.settings, stats, modified)
        return Response(
            render_template(
                "text_document.html",
                title="VoID description",
                text=body.decode("utf-8"),
                raw_url=request.path,
            ),
            mimetype="text/html",
        )
    fmt = negotiate(GRAPH_FORMATS, request.headers.get("Accept"), request.args.get("format"))
    body = void_description(fmt, request.host_url, ctx.settings, stats, modified)
    return Response(body, content_type=fmt.media_type)


@blueprint.route("/dumps/")
@cached_page
def dumps_index() -> Response:
    ctx = context()
    stats = ctx.memoised("void", lambda: dataset_statistics(ctx.live, ctx.settings))
    files = [
        {"name": name, "format": label, "media_type": media_type, "url": f"/dumps/{name}"}
        for name, (_, media_type, label) in DUMPS.items()
    ]
    if prefers_html(request.headers.get("Accept"), request.args.get("format")):
        return Response(
            render_template("dumps.html", files=files, stats=stats), mimetype="text/html"
        )
    from flask import jsonify

    return jsonify(dumps=files, triples=stats["triples"], graphs=stats["graphs"])


@blueprint.route("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in DUMPS:
        raise NotFound(f"no dump named {name!r}; the dumps are {', '.join(DUMPS)}")
    # the exporter prunes superseded dumps: hold the file open so that a dump chosen here is
    # the one sent, and look again if it was pruned between choosing and opening
    for _ in range(3):
        path = _dump_file(name)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            continue
        break
    else:
        raise Busy(f"the dump {name} is being replaced; try again shortly")
    stat = os.fstat(handle.fileno())
    response = send_file(
        handle,
        mimetype="application/gzip",
        as_attachment=True,
        download_name=name,
        conditional=True,
        etag=f"{path.name}-{stat.st_size}-{int(stat.st_mtime)}",
        last_modified=stat.st_mtime,
    )
    response.headers["X-Amtsgraph-Dump-Generation"] = path.name.split("-", 1)[0]
    return response


def _dump_file(name: str) -> Path:
    """The dump of the current generation if complete, else the last complete one."""
    ctx = context()
    generation = ctx.live.generation()
    folder = ctx.settings.resolved_dump_cache()
    path = folder / f"{generation}-{name}"
    if path.exists():
        return path
    done = start_export(ctx.live.current(), path, DUMPS[name][0])
    previous = _latest_complete(folder, name)
    if previous is not None:
        return previous
    if done.wait(FIRST_DUMP_WAIT) and path.exists():
        return path
    raise Busy(f"the dump {name} is being prepared; try again shortly")


def _latest_complete(folder: Path, name: str) -> Path | None:
    """Complete dumps are the only files named ``<generation>-<name>``; the newest wins."""
    done = [p for p in folder.glob(f"*-{name}") if p.name.split("-", 1)[0].isdigit()]
    return max(done, key=lambda p: int(p.name.split("-", 1)[0]), default=None)


def start_export(store: Store, path: Path, fmt: str) -> threading.Event:
    """Export ``store`` to ``path`` in a background thread (once per path per process)."""
    with _exports_lock:
        event = _exports.get(path)
        if event is not None:
            return event
        event = _exports[path] = threading.Event()
    thread = threading.Thread(
        target=_export, args=(store, path, fmt, event), name=f"dump-{path.name}", daemon=True
    )
    thread.start()
    return event


def _export(store: Store, path: Path, fmt: str, done: threading.Event) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # One exporter per dump across the server's processes: the others wait, then find
        # the file done. The kernel drops the lock if its holder dies.
        with open(folder / f".{path.name.split('-', 1)[1]}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists():
                tmp = folder / f".{path.name}.{os.getpid()}.tmp"
                try:
                    with (
                        open(tmp, "wb") as raw,
                        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out,
                    ):
                        store.export(cast("IO[bytes]", out), fmt)  # GzipFile is one
                    tmp.replace(path)
                finally:
                    with contextlib.suppress(OSError):
                        tmp.unlink()
            _drop_older(path)
    except Exception:  # a failed export must not kill the server; the log has it
        log.exception("exporting %s failed", path)
    finally:
        done.set()
        with _exports_lock:
            _exports.pop(path, None)


def _drop_older(path: Path) -> None:
    """Remove complete dumps older than ``path`` (an open download keeps its file)."""
    generation = int(path.name.split("-", 1)[0])
    for old in path.parent.glob(f"*-{path.name.split('-', 1)[1]}"):
        stem = old.name.split("-", 1)[0]
        if stem.isdigit() and int(stem) < generation:
            with contextlib.suppress(OSError):
                old.unlink()
