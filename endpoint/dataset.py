"""Dataset-level documents: VoID (``/.well-known/void``) and the dumps (``/dumps/``).

Dumps are written once per store generation into a cache folder (atomically: a temp file
renamed into place, so concurrent workers never serve half a file) and then served as
static files, so a thousand downloads cost one export.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import threading
from pathlib import Path

from flask import Blueprint, Response, render_template, request, send_file

from endpoint.app import cached_page
from endpoint.context import context
from endpoint.descriptions import DUMPS, dataset_statistics, void_description
from endpoint.errors import NotFound
from endpoint.protocol import GRAPH_FORMATS, negotiate, prefers_html

blueprint = Blueprint("dataset", __name__)

_dump_lock = threading.Lock()


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
    path = _ensure_dump(name)
    response = send_file(
        path,
        mimetype="application/gzip",
        as_attachment=True,
        download_name=name,
        conditional=True,
        etag=True,
    )
    return response


def _ensure_dump(name: str) -> Path:
    """The dump file for the current generation, exporting it first if needed."""
    ctx = context()
    generation = ctx.live.generation()
    folder = ctx.settings.resolved_dump_cache()
    path = folder / f"{generation}-{name}"
    if path.exists():
        return path
    with _dump_lock:
        if path.exists():
            return path
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
        fmt = DUMPS[name][0]
        store = ctx.live.current()
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
            store.export(out, fmt)  # type: ignore[arg-type]
        tmp.replace(path)
        for old in folder.glob(f"*-{name}"):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()
    return path
