"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/rdf-graphs/service``.

Reads (GET/HEAD with ``?graph=<iri>`` or ``?default``) are open to all; writes (PUT replaces
a graph, POST adds to it, DELETE drops it) exist only with an update token and need it.
Every write is one store transaction and bumps the store generation, so the readers of
every server process see it on their next request.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request

from endpoint.app import cached_page
from endpoint.errors import BadRequest, NotFound, StoreUnavailable, UnsupportedMediaType
from endpoint.linked_data import serve_graph
from endpoint.protocol import GRAPH_FORMATS
from endpoint.sparql import open_writer, require_token
from graph.errors import QueryError, StoreError

blueprint = Blueprint("graph_store", __name__)

_TRIPLE_FORMATS = {
    fmt.media_type: fmt.oxigraph
    for fmt in GRAPH_FORMATS
    if isinstance(fmt.oxigraph, ox.RdfFormat) and not fmt.oxigraph.supports_datasets
}


def _target() -> str | None:
    """The graph a request names: ``?graph=<iri>``, or None for ``?default``."""
    graph = request.args.get("graph")
    if graph and "default" not in request.args:
        try:
            ox.NamedNode(graph)
        except ValueError as err:
            raise BadRequest(f"graph={graph!r} is not an absolute IRI: {err}") from err
        return graph
    if "default" in request.args and not graph:
        return None
    raise BadRequest("name exactly one graph: ?graph=<IRI> or ?default")


@blueprint.route("/rdf-graphs/service", methods=["GET"])
@cached_page
def read() -> Response:
    return serve_graph(_target())


@blueprint.route("/rdf-graphs/service", methods=["PUT", "POST", "DELETE"])
def write() -> Response:
    require_token()
    graph = _target()
    if graph is None:
        raise BadRequest(
            "the default graph is the union of all named graphs and cannot be "
            "written; name a graph with ?graph=<IRI>"
        )
    with open_writer() as store:
        existed = store.has_graph(graph)
        try:
            if request.method == "DELETE":
                if not existed:
                    raise NotFound(f"there is no graph <{graph}> to delete")
                store.replace_graphs({}, drop=[graph])
                return Response(status=204)
            triples = _parse_body(graph)
            if request.method == "PUT" or not existed:
                store.replace_graphs({graph: triples})
            elif triples:
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {body.decode()} }} }}")
        except (StoreError, QueryError) as err:
            raise StoreUnavailable(f"writing <{graph}> failed, nothing changed: {err}") from err
    return Response(status=204 if existed else 201)


def _parse_body(graph: str) -> list[ox.Triple]:
    rdf_format = _TRIPLE_FORMATS.get(request.mimetype)
    if rdf_format is None:
        raise UnsupportedMediaType(
            f"cannot read a graph from {request.mimetype or 'a body without Content-Type'}; "
            f"send one of {', '.join(_TRIPLE_FORMATS)}"
        )
    try:
        quads = ox.parse(request.get_data(cache=False), rdf_format, base_iri=graph)
        return [q.triple for q in quads]
    except SyntaxError as err:
        raise BadRequest(f"the {request.mimetype} body does not parse: {err}") from err
