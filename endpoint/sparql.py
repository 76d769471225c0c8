"""The SPARQL 1.1 Protocol endpoints: ``/sparql`` (queries) and ``/update`` (token only).

This is the thin web wrapper: it reads the protocol's parameters from the request, screens
the query (:func:`endpoint.protocol.screen_query`) and hands it to a query worker
(:mod:`endpoint.executor`), which negotiates the format and serialises under the caps.
"""

from __future__ import annotations

import hmac
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for

from endpoint import errors
from endpoint.app import data_dependent
from endpoint.context import context
from endpoint.descriptions import service_description
from endpoint.errors import (
    BadRequest,
    Busy,
    Forbidden,
    MalformedQuery,
    QueryTimeout,
    ServerFault,
    Unauthorized,
    UnsupportedMediaType,
)
from endpoint.examples import load_examples
from endpoint.protocol import (
    FORM_MEDIA_TYPE,
    GRAPH_FORMATS,
    SPARQL_QUERY_MEDIA_TYPE,
    SPARQL_UPDATE_MEDIA_TYPE,
    negotiate,
    prefers_html,
    screen_query,
)
from graph.errors import StoreError
from graph.store import Store
from graph.vocab import PREFIXES

blueprint = Blueprint("sparql", __name__)


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise BadRequest(f"the {name} parameter was given {len(values)} times; give it once")
    return values[0] if values else None


def _format_param() -> str | None:
    return request.values.get("format") or request.values.get("output")


def _update_url() -> str | None:
    return url_for("sparql.update") if context().settings.update_token else None


@blueprint.route("/sparql", methods=["GET", "POST"])
@data_dependent
def query() -> Response:
    """One route for the three ways of sending a query (GET, form POST, direct POST)."""
    if request.method == "GET":
        text = _single(request.args.getlist("query"), "query")
        if text is None:
            return _no_query()
    else:
        text = _query_from_body()
    default_graphs = _graph_iris("default-graph-uri")
    named_graphs = _graph_iris("named-graph-uri")
    settings = context().settings
    screen_query(text, update_endpoint=_update_url())
    media_type, body, _generation = context().pool.run(
        {
            "query": text,
            "default_graph": default_graphs,
            "named_graphs": named_graphs,
            "accept": request.headers.get("Accept"),
            "format": _format_param(),
            "limit": settings.max_result_bytes,
        },
        settings.query_timeout,
    )
    response = Response(body, content_type=_with_charset(media_type))
    return response


def _graph_iris(name: str) -> list[str]:
    iris = request.values.getlist(name)
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError as err:
            raise BadRequest(f"{name}={iri!r} is not an absolute IRI: {err}") from err
    return iris


def _query_from_body() -> str:
    content_type = request.mimetype
    if content_type == FORM_MEDIA_TYPE:
        if "update" in request.form:
            raise MalformedQuery(
                "this is the query endpoint; a SPARQL Update goes to "
                + (_update_url() or "an update endpoint, and this server is read-only")
            )
        text = _single(request.form.getlist("query"), "query")
        if text is None:
            raise BadRequest("the form has no query parameter; send query=<SPARQL>")
        return text
    if content_type == SPARQL_QUERY_MEDIA_TYPE:
        try:
            return request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError as err:
            raise BadRequest(f"the query is not UTF-8 text: {err}") from err
    if content_type == SPARQL_UPDATE_MEDIA_TYPE:
        raise UnsupportedMediaType(
            "this is the query endpoint; send SPARQL Update to "
            + (_update_url() or "an update endpoint; this server is read-only")
        )
    raise UnsupportedMediaType(
        f"cannot read a query from a {content_type or 'body without Content-Type'}; POST "
        f"{FORM_MEDIA_TYPE} (query=...) or {SPARQL_QUERY_MEDIA_TYPE}"
    )


def _no_query() -> Response:
    """A browser gets the query page; a program gets the service description."""
    if prefers_html(request.headers.get("Accept"), _format_param()):
        return Response(
            render_template(
                "sparql.html",
                examples=[asdict(e) for e in load_examples(context().settings.examples)],
                endpoint=url_for("sparql.query", _external=True),
                prefixes=PREFIXES,
            ),
            mimetype="text/html",
        )
    fmt = negotiate(GRAPH_FORMATS, request.headers.get("Accept"), _format_param())
    body = service_description(fmt, request.host_url, context().settings)
    return Response(body, content_type=_with_charset(fmt.media_type))


def _with_charset(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("+xml", "/xml"))
    return f"{media_type}; charset=utf-8" if textual else media_type


# -- update -----------------------------------------------------------------------------------
def require_token() -> None:
    """Writes exist only with a configured token, and only for requests that carry it."""
    token = context().settings.update_token
    if not token:
        raise Forbidden(
            "this server is read-only: updates are disabled (start it with "
            "--update-token to enable /update and Graph Store writes)"
        )
    sent = request.headers.get("Authorization", "")
    if not sent.startswith("Bearer ") or not hmac.compare_digest(
        sent[len("Bearer ") :].strip().encode(), token.encode()
    ):
        raise Unauthorized("updates need the header 'Authorization: Bearer <update token>'")


@contextmanager
def open_writer() -> Iterator[Store]:
    """A writable handle for one request; afterwards this process reads the new data at once
    (other processes within their recheck interval)."""
    try:
        store = Store(context().settings.store)
    except StoreError as err:
        raise Busy(f"the store is being written by another process; try again ({err})") from err
    try:
        yield store
    finally:
        store.close()
        context().live.invalidate()


@blueprint.route("/update", methods=["POST"])
def update() -> Response:
    require_token()
    if request.mimetype == SPARQL_UPDATE_MEDIA_TYPE:
        text = request.get_data(cache=False).decode("utf-8", errors="replace")
    elif request.mimetype == FORM_MEDIA_TYPE:
        text = _single(request.form.getlist("update"), "update") or ""
        if not text:
            raise BadRequest("the form has no update parameter; send update=<SPARQL Update>")
    else:
        raise UnsupportedMediaType(
            f"POST {SPARQL_UPDATE_MEDIA_TYPE} or {FORM_MEDIA_TYPE} (update=...) to /update"
        )
    run_update(text)
    return Response(status=204)


def run_update(text: str) -> None:
    """Run one update in a killable writer process, bounded like queries."""
    settings = context().settings
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "endpoint.writer", str(settings.store)],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=settings.query_timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:  # run() has killed the writer: nothing was committed
        raise QueryTimeout(
            f"the update ran longer than the limit of {settings.query_timeout:g} s and was "
            "stopped; nothing changed"
        ) from None
    finally:
        context().live.invalidate()
    try:
        reply = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise ServerFault(
            f"the update process failed (exit {done.returncode}); nothing changed"
        ) from None
    if "error" in reply:
        raise getattr(errors, reply["error"], ServerFault)(reply["message"])
