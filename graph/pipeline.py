"""The thin chain: read -> extract -> map -> store. Stages are plain functions; this module
only decides what to (re)build and commits it in one transaction.

Unchanged articles are skipped by content hash (the hash covers the file and the mappings, so
editing a mapping rebuilds everything). Extraction and mapping run in worker processes; the
store is written once at the end, so a build that fails leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from graph import __version__, reasoning
from graph.assets import mappings_dir, ontology_dir
from graph.errors import AmtsgraphError, ReadError, StoreError
from graph.extraction import extract_all
from graph.lexicon import load
from graph.mapping import Mapper
from graph.reading import read
from graph.store import Store
from graph.validation_build import validate_built
from graph.validation_report import Report, write_reports
from graph.vocab import AG, DEFAULT_BASE, GraphNames

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})


@dataclass
class Built:
    """One source file after extraction and mapping (what a worker sends back)."""

    source: str
    slug: str = ""
    fingerprint: str = ""
    ntriples: bytes = b""  # the article graph, N-Triples (one triple per line)
    classes: Counter[str] = field(default_factory=Counter)
    error: str | None = None
    inference: reasoning.Inference | None = None  # the inferred graph, derived in the worker


@dataclass
class BuildReport:
    read: int = 0
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    classes: Counter[str] = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    reasoning: reasoning.ReasoningReport | None = None  # inferred graphs, inconsistencies
    validation: dict[str, Report] = field(default_factory=dict)  # slug -> findings

    @property
    def refused(self) -> list[str]:
        """Articles not stored because their graph violates the shapes."""
        return sorted(slug for slug, r in self.validation.items() if not r.conforms)

    @property
    def ok(self) -> bool:
        return self.read > 0


def discover(paths: Iterable[Path]) -> list[Path]:
    """Article files under the given files/folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


@cache
def mappings_fingerprint() -> str:
    """Changes when any mapping file or the engine version changes."""
    h = hashlib.sha256(__version__.encode())
    for p in sorted(mappings_dir().glob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _work(args: tuple[str, str]) -> Built:
    """Worker: one file through reading, extraction and mapping, to N-Quads."""
    source, base = args
    lex = load()
    built = Built(source)
    try:
        document = read(Path(source), lex)
        extraction = next(extract_all([document], lex))
        mapper = Mapper.for_base(base, lex)
        graph = mapper.graphs.article(extraction.article.slug)
        triples = mapper.triples(mapper.extraction(extraction))
    except ReadError as err:
        built.error = str(err)
        return built
    except AmtsgraphError as err:
        built.error = f"{source}: {err}"
        return built
    except Exception as err:  # a bug on one article must not lose the others
        built.error = f"{source}: internal error while extracting ({type(err).__name__}: {err})"
        return built
    built.slug = extraction.article.slug
    built.fingerprint = f"{document.content_hash}:{mappings_fingerprint()}"
    g = ox.NamedNode(graph)
    hash_mark = ox.Triple(g, ox.NamedNode(AG + "contentHash"), ox.Literal(built.fingerprint))
    stated = [t for t in triples if not (t.subject == g and t.predicate == hash_mark.predicate)]
    stated.append(hash_mark)
    built.ntriples = _ntriples(stated)
    try:  # reasoning here, on triples already in memory; the store-side pass is the fallback
        built.inference = _reasoning_context(base).infer(built.ntriples)
    except Exception:  # never lose an article to a reasoning bug: update derives it again
        built.inference = None
    types = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    seen = {(t.subject, t.object) for t in triples if t.predicate == types}
    built.classes = Counter(
        c.value.removeprefix(AG)
        for _, c in seen
        if isinstance(c, ox.NamedNode) and c.value.startswith(AG)
    )
    return built


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # without an output, serialize returns the bytes
    return data


@cache
def _reasoning_context(base: str) -> reasoning.Context:
    """The compiled ontology and the closed region hierarchy, once per process."""
    names = GraphNames(base)
    return reasoning.Context(
        _ontology_quads(names), _reference_quads(Mapper.for_base(base, load())), reasoning.AG_ONLY
    )


def _fingerprints(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """Content hashes of the article graphs in the store, and the graph of each source file."""
    rows = store.query(
        f"""SELECT ?g ?h ?src WHERE {{ GRAPH ?g {{
            ?g <{AG}contentHash> ?h . OPTIONAL {{ ?g <{AG}sourceFile> ?src }} }} }}""",
        union_default_graph=False,
    )
    hashes: dict[str, str] = {}
    sources: dict[str, str] = {}
    for row in rows:
        hashes[row["g"].value] = row["h"].value
        if row["src"] is not None:
            sources[row["src"].value] = row["g"].value
    return hashes, sources


def _ontology_quads(names: GraphNames) -> list[ox.Quad]:
    g = ox.NamedNode(names.ontology)
    quads: list[ox.Quad] = []
    for path in sorted(ontology_dir().glob("*.ttl")):
        try:
            quads += [
                ox.Quad(q.subject, q.predicate, q.object, g)
                for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            ]
        except SyntaxError as err:
            raise StoreError(f"{path}: not valid Turtle: {err}") from err
    return quads


def _reference_quads(mapper: Mapper) -> list[ox.Quad]:
    g = ox.NamedNode(mapper.graphs.reference)
    return [
        ox.Quad(t.subject, t.predicate, t.object, g) for t in mapper.triples(mapper.reference())
    ]


def _run(jobs: list[tuple[str, str]], workers: int) -> Iterator[Built]:
    if workers <= 1 or len(jobs) < 50:
        yield from map(_work, jobs)
        return
    load()  # parse mappings once, before forking
    for base in {base for _, base in jobs}:
        _reasoning_context(base)
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_work, jobs, chunksize=16)


def build(
    sources: Iterable[Path],
    store: Store,
    *,
    base: str = DEFAULT_BASE,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> BuildReport:
    """Build the given article files into the store; returns what happened."""
    started = time.perf_counter()
    report = BuildReport()
    paths = discover(sources)
    names = GraphNames(base)
    lex = load()
    mapper = Mapper.for_base(base, lex)
    known, graph_of_source = _fingerprints(store)
    if force:
        known = {}
    results: list[Built] = []
    slugs: dict[str, str] = {}
    # After a change of the ontology or the reference graph every inferred graph is derived
    # again: then the workers' results for unchanged articles are used too, instead of reading
    # those articles back from the store (about 10 µs per quad).
    rederive = reasoning.materialised_with(store, base) != _reasoning_context(base).fingerprint
    unchanged: dict[str, reasoning.Inference] = {}
    for i, built in enumerate(_run([(str(p), base) for p in paths], workers), 1):
        if progress:
            progress(i, len(paths))
        if built.error:
            report.skipped.append((built.source, built.error))
            continue
        report.read += 1
        if built.slug in slugs:
            report.skipped.append(
                (
                    built.source,
                    f"{built.source}: same article as "
                    f"{slugs[built.slug]} (date and title), skipped",
                )
            )
            continue
        slugs[built.slug] = built.source
        report.classes.update(built.classes)
        if known.get(names.article(built.slug)) == built.fingerprint:
            report.unchanged.append(built.slug)
            if rederive and built.inference is not None:
                unchanged[names.article(built.slug)] = built.inference
            continue
        results.append(built)
    report.timings["extract+map"] = time.perf_counter() - started
    t_valid = time.perf_counter()
    results, report.validation = validate_built(
        store, results, names, context=_reference_quads(mapper), workers=workers
    )
    if store.path is not None:
        write_reports(store.path / "reports", report.validation)
    report.timings["validate"] = time.perf_counter() - t_valid
    t_store = time.perf_counter()
    # a file whose title or date changed gets a new graph: its old one goes
    stale = [
        graph_of_source[b.source]
        for b in results
        if b.source in graph_of_source and graph_of_source[b.source] != names.article(b.slug)
    ]
    _commit(store, results, names, mapper, stale)
    report.timings["store"] = time.perf_counter() - t_store
    t_reason = time.perf_counter()
    changed = [names.ontology, names.reference, *(names.article(b.slug) for b in results)]
    precomputed = unchanged | {names.article(b.slug): b.inference for b in results if b.inference}
    report.reasoning = reasoning.update(store, changed, stale, base=base, precomputed=precomputed)
    report.timings["reasoning"] = time.perf_counter() - t_reason
    report.built = [b.slug for b in results]
    report.triples = len(store)
    report.seconds = time.perf_counter() - started
    return report


def _commit(
    store: Store, results: list[Built], names: GraphNames, mapper: Mapper, stale: list[str]
) -> None:
    """Write everything in one transaction (or one bulk load into an empty store).

    Article graphs travel as N-Triples bytes from the workers: ``<g> { ... }`` blocks of them
    are TriG for a bulk load and the body of ``INSERT DATA`` for a transactional update, so
    no Python object is made per triple.
    """
    fixed: dict[str, bytes] = {
        names.ontology: _ntriples(q.triple for q in _ontology_quads(names)),
        names.reference: _ntriples(q.triple for q in _reference_quads(mapper)),
    }
    graphs = {**fixed, **{names.article(b.slug): b.ntriples for b in results}}
    if len(store) == 0:
        store.bulk_load_fresh_trig(graphs)
    else:
        store.replace_graphs_ntriples(graphs, drop=stale)
