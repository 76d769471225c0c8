"""The SPARQL 1.1 Protocol without Flask: media types, content negotiation, query screening.

Kept apart from the web wrappers (as rdflib-endpoint does) so the query worker processes, the
Linked Data views and the tests use the same tables, and so none of it needs a request
object. Media types live in lookup tables; adding a format is adding a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO, Any

import pyoxigraph as ox

from endpoint.errors import Forbidden, MalformedQuery, NotAcceptable, ResultTooLarge


@dataclass(frozen=True)
class Format:
    """One serialisation: the media type sent, the names accepted in ``?format=``."""

    media_type: str
    names: tuple[str, ...]
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat | None
    aliases: tuple[str, ...] = ()


RESULT_FORMATS: tuple[Format, ...] = (
    Format(
        "application/sparql-results+json",
        ("json", "srj"),
        ox.QueryResultsFormat.JSON,
        ("application/json",),
    ),
    Format(
        "application/sparql-results+xml",
        ("xml", "srx"),
        ox.QueryResultsFormat.XML,
        ("application/xml", "text/xml"),
    ),
    Format("text/csv", ("csv",), ox.QueryResultsFormat.CSV),
    Format("text/tab-separated-values", ("tsv",), ox.QueryResultsFormat.TSV),
)
"""SELECT and ASK results, in the server's order of preference (the first is the default)."""

GRAPH_FORMATS: tuple[Format, ...] = (
    Format("text/turtle", ("ttl", "turtle"), ox.RdfFormat.TURTLE, ("application/x-turtle",)),
    Format(
        "application/n-triples",
        ("nt", "ntriples", "n-triples"),
        ox.RdfFormat.N_TRIPLES,
        ("text/plain",),  # N-Triples' registration before 2014; rdflib still asks for it
    ),
    Format(
        "application/ld+json",
        ("jsonld", "json-ld", "json"),
        ox.RdfFormat.JSON_LD,
        ("application/json",),
    ),
    Format(
        "application/rdf+xml",
        ("rdf", "rdfxml", "xml", "owl"),
        ox.RdfFormat.RDF_XML,
        ("application/xml", "text/xml"),
    ),
    Format("application/trig", ("trig",), ox.RdfFormat.TRIG),
    Format("application/n-quads", ("nq", "nquads", "n-quads"), ox.RdfFormat.N_QUADS),
)
"""CONSTRUCT/DESCRIBE results and Linked Data documents; the first is the default."""

HTML = Format("text/html", ("html",), None, ("application/xhtml+xml",))

SPARQL_QUERY_MEDIA_TYPE = "application/sparql-query"
SPARQL_UPDATE_MEDIA_TYPE = "application/sparql-update"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


# -- content negotiation ------------------------------------------------------------------
@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def match(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 type/*, 0 */*, -1."""
        kind, _, sub = media_type.partition("/")
        if self.type == kind and self.subtype == sub:
            return 2
        if self.type == kind and self.subtype == "*":
            return 1
        if self.type == "*" and self.subtype == "*":
            return 0
        return -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header leniently: malformed parts are skipped, not fatal."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        kind, _, sub = fields[0].lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def _quality(ranges: list[MediaRange], media_type: str, *, exact: bool = False) -> float:
    """The q-value of the most specific range matching ``media_type`` (0 when none does)."""
    best, best_q = -1, 0.0
    for r in ranges:
        specificity = r.match(media_type)
        if specificity > best and (specificity == 2 or not exact):
            best, best_q = specificity, r.q
    return best_q if best >= 0 else 0.0


def _format_quality(ranges: list[MediaRange], fmt: Format) -> float:
    # Aliases count only when named exactly: `text/*` must not pick XML via `text/xml`.
    return max(
        [
            _quality(ranges, fmt.media_type),
            *(_quality(ranges, alias, exact=True) for alias in fmt.aliases),
        ]
    )


def negotiate(
    offers: tuple[Format, ...], accept: str | None, format_name: str | None = None
) -> Format:
    """Choose a format: ``format=`` wins over Accept; q-values first, then server order.

    >>> negotiate(GRAPH_FORMATS, "application/ld+json;q=0.9, text/turtle;q=0.5").media_type
    'application/ld+json'
    >>> negotiate(RESULT_FORMATS, None, "csv").media_type
    'text/csv'
    """
    if format_name:
        wanted = format_name.strip().lower()
        for fmt in offers:
            if wanted in fmt.names or wanted == fmt.media_type or wanted in fmt.aliases:
                return fmt
        names = ", ".join(n for f in offers for n in f.names[:1])
        raise NotAcceptable(f"format={format_name!r} is not offered here; choose one of {names}")
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best: Format | None = None
    best_q = 0.0
    for fmt in offers:
        q = _format_quality(ranges, fmt)
        if q > best_q:
            best, best_q = fmt, q
    if best is None:
        offered = ", ".join(f.media_type for f in offers)
        raise NotAcceptable(
            f"none of the accepted media types ({accept}) is offered; "
            f"this resource is available as {offered}"
        )
    return best


def prefers_html(accept: str | None, format_name: str | None = None) -> bool:
    """True when a browser asks: text/html named explicitly and ranked at least as high as
    every RDF and results type (``*/*`` alone, as curl sends, does not mean HTML)."""
    if format_name:
        return format_name.strip().lower() in HTML.names
    ranges = parse_accept(accept)
    html_q = max(_quality(ranges, t, exact=True) for t in (HTML.media_type, *HTML.aliases))
    if html_q == 0:
        return False
    other = max(_format_quality(ranges, f) for f in (*GRAPH_FORMATS, *RESULT_FORMATS))
    return html_q >= other


# -- query screening ----------------------------------------------------------------------
_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRI references
    r"|#[^\n]*",  # comments
    re.DOTALL,
)
_KEYWORD_EDGE = r"(?<![\w:?$.@\-]){}(?![\w:\-])"
_SERVICE = re.compile(_KEYWORD_EDGE.format("SERVICE"), re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[\w.\-]*:)\s*<>\s*)*", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)


def strip_noise(sparql: str) -> str:
    """The query text with strings and comments blanked and IRIs emptied to ``<>``.

    What remains are keywords, names and punctuation, so a keyword search cannot be fooled
    by (or falsely triggered by) the word inside a literal, an IRI or a comment.
    """

    def blank(m: re.Match[str]) -> str:
        return "<>" if m.group(0).startswith("<") else " "

    return _NOISE.sub(blank, sparql)


def operation_form(sparql: str) -> str | None:
    """The first keyword after the prologue (SELECT, INSERT, ...), upper-cased, if any."""
    text = strip_noise(sparql)
    prologue = _PROLOGUE.match(text)
    m = _FIRST_WORD.match(text, prologue.end() if prologue else 0)
    return m.group(0).upper() if m else None


def screen_query(sparql: str, *, update_endpoint: str | None) -> None:
    """Refuse what a read-only public endpoint must not run, before anything is evaluated.

    - SPARQL Update (and so LOAD) sent as a query: refused with a pointer to /update;
    - SERVICE anywhere: Oxigraph would fetch any host the server can reach (a request
      forgery vector), so federation is off. The keyword is looked for only outside
      strings, IRIs and comments and not as part of a prefixed name or variable, so
      ``?service``, ``ex:service`` and ``"SERVICE"`` are fine.
    """
    form = operation_form(sparql)
    if form in UPDATE_FORMS:
        where = (
            f"send it to {update_endpoint} with the update token"
            if update_endpoint
            else "this server is read-only (no update token configured)"
        )
        raise MalformedQuery(f"SPARQL Update ({form}) is not a query: {where}")
    if _SERVICE.search(strip_noise(sparql)):
        raise Forbidden(
            "SERVICE (federated query) is disabled on this endpoint: the server does not "
            "fetch data from other hosts; run the federated part against that host yourself"
        )


# -- serialisation ------------------------------------------------------------------------
class ResultTooBig(Exception):
    """Raised by :class:`CappedWriter` inside Oxigraph's serialiser to stop the evaluation."""


class CappedWriter:
    """A binary sink that refuses to grow past ``limit`` bytes.

    Oxigraph evaluates lazily while it serialises, so raising from ``write`` stops the work
    itself, not just the output: a result cap that also caps CPU time and memory.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooBig()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def result_offers(result: Any) -> tuple[Format, ...]:
    return GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else RESULT_FORMATS


def serialize(
    result: Any, fmt: Format, *, limit: int, prefixes: dict[str, str] | None = None
) -> bytes:
    """Serialise a pyoxigraph query result in ``fmt``, refusing to exceed ``limit`` bytes."""
    out = CappedWriter(limit)
    sink: IO[bytes] = out  # type: ignore[assignment]
    try:
        if isinstance(result, ox.QueryTriples):
            assert isinstance(fmt.oxigraph, ox.RdfFormat)
            use_prefixes = (
                prefixes if fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
            )
            ox.serialize(result, sink, fmt.oxigraph, prefixes=use_prefixes)
        else:
            assert isinstance(fmt.oxigraph, ox.QueryResultsFormat)
            result.serialize(sink, fmt.oxigraph)
    except ResultTooBig:
        raise ResultTooLarge(
            f"the result is larger than the cap of {limit:,} bytes; add LIMIT or select "
            "fewer variables (or ask the operator to raise max_result_bytes)"
        ) from None
    return out.getvalue()
