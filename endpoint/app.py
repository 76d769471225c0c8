"""The Flask application factory and what every response shares.

``create_app(settings)`` wires three blueprints (SPARQL protocol, Linked Data, dataset
metadata and dumps) and the cross-cutting HTTP behaviour: one error handler for every error
shape, request-size limits, CORS, and conditional GET (ETag / Last-Modified / 304) for every
view that depends on the data.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from endpoint.context import EXTENSION, Context, context
from endpoint.errors import EndpointError, PayloadTooLarge
from endpoint.protocol import prefers_html
from endpoint.settings import Settings

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

_CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Content-Type, Content-Length, Link, "
    "Retry-After",
}
_CACHED_HEADERS = ("Content-Type", "Link")
_CORS_PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization, If-None-Match, "
    "If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def data_dependent(view: F) -> F:
    """Mark a view whose answer depends only on the URL, Accept and the store's generation.

    Such views get an ETag and Last-Modified, and a matching conditional GET is answered
    304 before the view runs, so revalidation costs no query.
    """
    view._amtsgraph_cacheable = True  # type: ignore[attr-defined]
    return view


def cached_page(view: F) -> F:
    """A data-dependent view whose body is also kept in the process's page cache.

    The cache key is the ETag (generation, URL, Accept), so an entry can never be served
    for newer data. Used for Linked Data documents, which are read far more often than the
    data changes; SPARQL answers are not cached, so query timings stay honest.
    """
    view._amtsgraph_page = True  # type: ignore[attr-defined]
    return data_dependent(view)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION] = Context(settings)

    from endpoint.dataset import blueprint as dataset_bp
    from endpoint.graph_store import blueprint as graph_store_bp
    from endpoint.linked_data import blueprint as linked_data_bp
    from endpoint.sparql import blueprint as sparql_bp

    app.register_blueprint(sparql_bp)
    app.register_blueprint(dataset_bp)
    app.register_blueprint(graph_store_bp)
    app.register_blueprint(linked_data_bp)  # last: it has the catch-all IRI route

    app.register_error_handler(EndpointError, render_error)
    app.register_error_handler(HTTPException, _from_werkzeug)
    app.register_error_handler(Exception, _unexpected)
    app.before_request(_limit_request)
    app.before_request(_conditional_get)
    app.after_request(_decorate)
    return app


# -- errors: one shape, one handler ---------------------------------------------------------
def render_error(err: EndpointError) -> Response:
    """JSON for programs, an HTML page for browsers; the same fields either way."""
    body = {"status": err.status, "error": err.kind, "message": err.message}
    if prefers_html(request.headers.get("Accept"), request.args.get("format")):
        response = Response(render_template("error.html", **body), mimetype="text/html")
    else:
        response = jsonify(error=body)
    response.status_code = err.status
    response.headers.update(err.headers)
    return response


def _from_werkzeug(exc: HTTPException) -> Response:
    """Routing errors (404, 405, 413 ...) from Flask itself, in our shape."""
    status = exc.code or 500
    err = EndpointError(exc.description or exc.name)
    err.status, err.kind = status, exc.name.lower().replace(" ", "-")
    if status == 404:
        err.message = f"nothing is served at {request.path}"
    if status == 413:
        err = PayloadTooLarge(_too_large_message())
    if status == 405:
        allowed = exc.get_response().headers.get("Allow", "")
        err.message = f"{request.method} is not allowed on {request.path}; use {allowed}"
        err.headers["Allow"] = allowed
    return render_error(err)


def _unexpected(exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.path)
    err = EndpointError(f"internal error ({type(exc).__name__}); the server log has details")
    return render_error(err)


def _too_large_message() -> str:
    limit = context().settings.max_request_bytes
    return (
        f"the request is larger than the limit of {limit:,} bytes; send a shorter query "
        "or ask the operator to raise max_request_bytes"
    )


# -- hooks ----------------------------------------------------------------------------------
def _limit_request() -> None:
    if len(request.query_string) > context().settings.max_request_bytes:
        raise PayloadTooLarge(_too_large_message())
    if (request.content_length or 0) > context().settings.max_request_bytes:
        raise PayloadTooLarge(_too_large_message())


def _view_flag(name: str) -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, name, False))


def _validators() -> tuple[str, datetime]:
    """(ETag, Last-Modified) of this request's answer, computed once per request."""
    if "amtsgraph_validators" not in g:
        ctx = context()
        generation = ctx.live.generation()
        key = "\n".join(
            (generation, request.full_path, request.headers.get("Accept", ""), ctx.settings.base)
        )
        g.amtsgraph_validators = (
            hashlib.sha1(key.encode()).hexdigest()[:24],
            ctx.last_modified(generation),
        )
    validators: tuple[str, datetime] = g.amtsgraph_validators
    return validators


def _conditional_get() -> Response | None:
    if not _view_flag("_amtsgraph_cacheable"):
        return None
    etag, last_modified = _validators()
    not_modified = (
        etag in request.if_none_match
        if request.if_none_match
        else bool(request.if_modified_since and last_modified <= request.if_modified_since)
    )
    if not_modified:
        response = Response(status=304)
        response.set_etag(etag)
        response.last_modified = last_modified
        return response
    if _view_flag("_amtsgraph_page"):
        hit = context().pages.get(etag)
        if hit is not None:
            g.amtsgraph_cache_hit = True
            return Response(hit[0], status=200, headers=hit[1])
    return None


def _decorate(response: Response) -> Response:
    ctx = context()
    if ctx.settings.cors:
        response.headers.update(_CORS_HEADERS)
        if request.method == "OPTIONS":
            response.headers.update(_CORS_PREFLIGHT)
    if response.status_code == 200 and _view_flag("_amtsgraph_cacheable"):
        etag, last_modified = _validators()
        if _view_flag("_amtsgraph_page") and "amtsgraph_cache_hit" not in g:
            ctx.pages.put(
                etag,
                response.get_data(),
                [(k, v) for k, v in response.headers.items() if k in _CACHED_HEADERS],
            )
        response.set_etag(etag)
        response.last_modified = last_modified
        response.headers["Cache-Control"] = "public, no-cache"
    if response.status_code in (200, 304) and request.endpoint != "static":
        response.vary.add("Accept")
    return response
