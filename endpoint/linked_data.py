"""Linked Data: every IRI the graph mints dereferences here, as RDF or as a page.

``/id/...`` describes an entity, ``/graph/...`` returns a named graph (the read side of the
Graph Store Protocol, also at ``/rdf-graphs/service?graph=``), ``/ontology`` the ontology
with an anchor per term. ``?format=`` overrides Accept, as in Trifid. RDF comes from
``DESCRIBE``/``CONSTRUCT`` against the store, so it works with any SPARQL back end.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, redirect, render_template, request

from endpoint.app import cached_page
from endpoint.context import context
from endpoint.errors import BadRequest, NotFound
from endpoint.graph_views import graph_page, ontology_terms
from endpoint.protocol import GRAPH_FORMATS, Format, negotiate, prefers_html, serialize
from endpoint.resources import Describer, node
from graph.vocab import ONTOLOGY_IRI, PREFIXES

blueprint = Blueprint("linked_data", __name__)

# The formats a Linked Data document is offered in, and the links on every page.
DOCUMENT_FORMATS: tuple[Format, ...] = GRAPH_FORMATS[:4]
RAW_LINKS = (("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdf"))


def describer() -> Describer:
    ctx = context()
    return Describer(ctx.live, ctx.iris, request.host_url, ctx.settings.describe_limit)


def _wants_html() -> bool:
    return prefers_html(request.headers.get("Accept"), request.args.get("format"))


def _rdf(construct: str) -> Response:
    """Run one of our DESCRIBE/CONSTRUCT queries and serialise it as negotiated."""
    fmt = negotiate(DOCUMENT_FORMATS, request.headers.get("Accept"), request.args.get("format"))
    ctx = context()
    result = ctx.live.current().query(construct)
    body = serialize(result, fmt, limit=ctx.settings.max_result_bytes, prefixes=PREFIXES)
    return _with_alternates(Response(body, content_type=fmt.media_type))


def _with_alternates(response: Response) -> Response:
    links = [
        f'<{request.path}?format={name}>; rel="alternate"; '
        f'type="{negotiate(DOCUMENT_FORMATS, None, name).media_type}"'
        for _, name in RAW_LINKS
    ]
    response.headers["Link"] = ", ".join(links)
    return response


def _page(template: str, **values: object) -> Response:
    raw = [(label, f"{request.path}?format={name}") for label, name in RAW_LINKS]
    html = render_template(template, raw_links=raw, **values)
    return _with_alternates(Response(html, mimetype="text/html"))


def _iri_from_request_path() -> str:
    # Flask decodes %XX in the path; re-quote what an IRI cannot hold as is.
    path = quote(request.path, safe="/:@!$&'()*+,;=-._~")
    iri = context().iris.iri_for_path(path)
    try:
        node(iri)
    except ValueError as err:
        raise NotFound(f"{request.path} does not name an IRI of this graph ({err})") from err
    return iri


# -- routes ---------------------------------------------------------------------------------
@blueprint.route("/")
def index() -> Response:
    if not _wants_html():
        return redirect("/.well-known/void", code=303)  # type: ignore[return-value]
    ctx = context()
    return Response(
        render_template("index.html", base=ctx.settings.base, graphs=ctx.iris.graphs),
        mimetype="text/html",
    )


@blueprint.route("/ontology")
@cached_page
def ontology() -> Response:
    graph = context().iris.graphs.ontology
    if not context().live.current().has_graph(graph):
        raise NotFound(
            f"the ontology graph <{graph}> is not in the store; run `amtsgraph build` to load it"
        )
    if _wants_html():
        d = describer()
        return _page("ontology.html", iri=ONTOLOGY_IRI, terms=ontology_terms(d, graph))
    return _rdf(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node(graph)} {{ ?s ?p ?o }} }}")


@blueprint.route("/graph/<path:_rest>")
@cached_page
def named_graph(_rest: str) -> Response:
    return serve_graph(_iri_from_request_path())


def serve_graph(graph: str | None) -> Response:
    """One named graph (or, for None, the union default graph) as a document."""
    if graph is not None:
        try:
            exists = context().live.current().has_graph(graph)
        except ValueError as err:
            raise BadRequest(f"graph={graph!r} is not an IRI: {err}") from err
        if not exists:
            raise NotFound(f"there is no graph <{graph}> in the store")
    if _wants_html():
        if graph is None:
            raise NotFound(
                "the default graph is the union of all graphs: fetch it as RDF "
                "or download a dump from /dumps/"
            )
        return _page("graph.html", page=graph_page(describer(), graph))
    where = f"GRAPH {node(graph)} {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return _rdf(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")


@blueprint.route("/<path:_rest>")
@cached_page
def resource(_rest: str) -> Response:
    iri = _iri_from_request_path()
    d = describer()
    if _wants_html():
        page = d.resource(iri)
        if page is None:
            raise NotFound(f"<{iri}> is not in the graph")
        return _page("resource.html", page=page)
    if not d.exists(iri):
        raise NotFound(f"<{iri}> is not in the graph")
    return _rdf(f"DESCRIBE {node(iri)}")
