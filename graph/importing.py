"""``amtsgraph validate`` and ``amtsgraph import``: files checked against the shapes in the
context of the store, and (import) written into a named graph of their own.

A *source* is one file: RDF (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, chosen by
extension) or an article (``.txt``/``.html``, read, extracted and mapped as ``build`` does).
Each source becomes one unit of validation and one graph ``<base>graph/import/<name>``
(``name``: the file stem, or ``--graph``), described like an article graph: ``prov:Entity``,
source file, content hash (SHA-256 of the file), time, software, and for an article
``prov:wasDerivedFrom`` the article. A dataset's own graph names are dropped: an import is
one graph. ``validate`` checks exactly what ``import`` would write, so the two agree.

Validation runs in the context of the store (``graph.validation.validate_units``): what the
data points to is typed from the store, and conflicts are looked for in the stored graphs,
leaving out the graphs the import replaces. Import writes all sources in ONE transaction
(``Store.replace_graphs_ntriples``) and only if no source has a Violation; then the inferred
graphs are brought up to date, as ``build`` does (a second transaction: if that one is
interrupted, the next ``build`` or ``import`` completes it).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from graph import __version__, reasoning
from graph.errors import ConfigError, ReadError
from graph.rdf_files import RDF_SUFFIXES, Where, locator, parse_rdf, rdf_format
from graph.store import Store
from graph.validation import Unit, validate_units
from graph.validation_report import Report
from graph.vocab import AG, DEFAULT_BASE, GraphNames

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PAUSE_ENV = "AMTSGRAPH_TEST_PAUSE_IN_COMMIT"  # tests only: seconds to wait before the commit


@dataclass
class Source:
    """One file, parsed (or extracted) and given its graph and provenance."""

    path: Path
    graph: str
    triples: list[ox.Triple]  # the data and, last, the graph's provenance
    content_hash: str
    where: Where | None = None
    report: Report = field(default_factory=Report)


@dataclass
class Outcome:
    sources: list[Source]
    report: Report  # all sources' findings together
    written: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    reasoning: reasoning.ReasoningReport | None = None

    @property
    def conforms(self) -> bool:
        return self.report.conforms


def load_sources(
    paths: Sequence[Path], *, base: str = DEFAULT_BASE, graph_name: str | None = None
) -> list[Source]:
    """Read every file; raises ``ParseError``/``ReadError`` (exit 2) on unusable input."""
    names = GraphNames(base)
    if graph_name is not None and len(paths) != 1:
        raise ConfigError("--graph names the graph of ONE file; give one file or drop --graph")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    sources: list[Source] = []
    seen: dict[str, Path] = {}
    for path in paths:
        graph = names.import_(graph_name or path.stem)
        if graph in seen:
            raise ConfigError(
                f"{seen[graph]} and {path} would both be imported into {graph}; "
                "rename one, or import them one at a time with --graph"
            )
        seen[graph] = path
        sources.append(_load(path, graph, base, now))
    return sources


def _load(path: Path, graph: str, base: str, now: str) -> Source:
    if not path.is_file():
        raise ReadError(f"{path}: no such file")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    derived: str | None = None
    if rdf_format(path) is not None:
        triples = parse_rdf(path, data)
        where = locator(path, data.decode("utf-8", errors="replace"))
    elif path.suffix.lower() in ARTICLE_SUFFIXES:
        triples, derived = _article(path, base)
        where = _file_only(path)
    else:
        known = ", ".join(sorted({*ARTICLE_SUFFIXES, *RDF_SUFFIXES}))
        raise ReadError(f"{path}: unknown file type {path.suffix!r}; expected one of {known}")
    provenance = _provenance(graph, path, digest, now, base, derived)
    return Source(path, graph, triples + provenance, digest, where)


def _file_only(path: Path) -> Where:
    return lambda result: str(path)


def _article(path: Path, base: str) -> tuple[list[ox.Triple], str | None]:
    """An article through reading, extraction and mapping (the build's worker); the mapper's
    provenance of the article graph is left out (the import graph gets its own)."""
    from graph.pipeline import _work

    built = _work((str(path), base))
    if built.error:
        raise ReadError(built.error)
    article_graph = ox.NamedNode(GraphNames(base).article(built.slug))
    triples = [q.triple for q in ox.parse(built.ntriples, format=ox.RdfFormat.N_TRIPLES)]
    derived = next(
        (
            t.object.value
            for t in triples
            if t.subject == article_graph and t.predicate.value == PROV + "wasDerivedFrom"
        ),
        None,
    )
    return [t for t in triples if t.subject != article_graph], derived


def _provenance(
    graph: str, path: Path, digest: str, now: str, base: str, derived: str | None
) -> list[ox.Triple]:
    g = ox.NamedNode(graph)
    software = f"{GraphNames(base).base}id/software/amtsgraph/{__version__}"
    triples = [
        ox.Triple(g, ox.NamedNode(RDF_TYPE), ox.NamedNode(PROV + "Entity")),
        ox.Triple(g, ox.NamedNode(AG + "sourceFile"), ox.Literal(str(path))),
        ox.Triple(g, ox.NamedNode(AG + "contentHash"), ox.Literal(digest)),
        ox.Triple(
            g,
            ox.NamedNode(PROV + "generatedAtTime"),
            ox.Literal(now, datatype=ox.NamedNode(XSD + "dateTime")),
        ),
        ox.Triple(g, ox.NamedNode(PROV + "wasAttributedTo"), ox.NamedNode(software)),
    ]
    if derived:
        triples.append(ox.Triple(g, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(derived)))
    return triples


def check(sources: list[Source], store: Store | None) -> Report:
    """Validate the sources in the context of the store and of each other (nothing written).
    The graphs they would replace are not context: re-importing a file is not a conflict."""
    units = [Unit(s.graph, s.triples, str(s.path), where=s.where) for s in sources]
    validate_units(units, store, exclude={s.graph for s in sources})
    combined = Report()
    for source, unit in zip(sources, units, strict=True):
        source.report = unit.report
        combined.extend(r for r in unit.report.results if r not in combined.results)
    return combined


def write(store: Store, sources: list[Source], *, base: str = DEFAULT_BASE) -> None:
    """All sources in one transaction: each graph replaced by the source's triples."""
    graphs = {
        s.graph: ox.serialize(_fresh_blank_nodes(s.triples), format=ox.RdfFormat.N_TRIPLES) or b""
        for s in sources
    }
    pause = os.environ.get(PAUSE_ENV)
    if pause:  # lets a test kill the process between preparing and committing
        print(f"amtsgraph: {PAUSE_ENV}: pausing {pause} s before the commit", file=sys.stderr)
        sys.stderr.flush()
        time.sleep(float(pause))
    store.replace_graphs_ntriples(graphs)


def _fresh_blank_nodes(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Blank nodes renamed per file: two files both saying ``_:b1`` mean two nodes."""
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}

    def node(term: object) -> object:
        if isinstance(term, ox.BlankNode):
            return fresh.setdefault(term, ox.BlankNode())
        return term

    if not any(isinstance(x, ox.BlankNode) for t in triples for x in (t.subject, t.object)):
        return triples
    return [ox.Triple(node(t.subject), t.predicate, node(t.object)) for t in triples]  # type: ignore[arg-type]


def validate_files(
    paths: Sequence[Path], store: Store | None, *, base: str = DEFAULT_BASE
) -> Outcome:
    """``amtsgraph validate``: the report, nothing written."""
    t0 = time.perf_counter()
    sources = load_sources(paths, base=base)
    t1 = time.perf_counter()
    report = check(sources, store)
    return Outcome(sources, report, seconds={"read": t1 - t0, "validate": time.perf_counter() - t1})


def import_files(
    paths: Sequence[Path],
    store: Store | None,
    *,
    base: str = DEFAULT_BASE,
    graph_name: str | None = None,
    dry_run: bool = False,
) -> Outcome:
    """``amtsgraph import``: validate in context; write only if nothing violates.
    ``store`` may be None for a dry run when no store exists yet."""
    t0 = time.perf_counter()
    sources = load_sources(paths, base=base, graph_name=graph_name)
    t1 = time.perf_counter()
    outcome = Outcome(sources, check(sources, store))
    t2 = time.perf_counter()
    outcome.seconds = {"read": t1 - t0, "validate": t2 - t1}
    if dry_run or not outcome.conforms or store is None:
        return outcome
    write(store, sources, base=base)
    outcome.written = True
    t3 = time.perf_counter()
    outcome.reasoning = reasoning.update(store, [s.graph for s in sources], [], base=base)
    outcome.seconds |= {"write": t3 - t2, "reasoning": time.perf_counter() - t3}
    return outcome
