"""Validation benchmark (issue 4).

    python benchmarks/bench_validation.py article STORE ARTICLES [N] [--findings FILE]
    python benchmarks/bench_validation.py import STORE
    python benchmarks/bench_validation.py build ARTICLES [--reports DIR]
    python benchmarks/bench_validation.py store STORE [LIMIT_SECONDS] [ours-only]

``article``: the first N (default 50) articles of ARTICLES extracted, mapped and validated one
at a time in the context of STORE (read only); median and p95 per article, and how the time
splits (types from the store, SPARQL checks); ``--findings`` writes every finding, one per
line, sorted, to compare two versions (run the script with each version's Python).

``import``: a small invented file (an account, its observation, a vendor address: 3 nodes,
~25 triples) imported into a COPY of STORE made here (``amtsgraph import``'s path:
validate in context, write in one transaction, update reasoning), five times; per phase.

``build``: ARTICLES built into a fresh store (``amtsgraph build``'s path, 2 workers), with the
time of each phase (validation is in ``extract+map`` where the workers do it) and the count
of findings; ``--reports`` keeps the validation reports (compare two versions' with ``diff``).

``store``: the whole STORE validated by ``validate_store`` (our path: pySHACL a chunk of nodes
at a time, SPARQL constraints as single SELECTs), then plain ``pyshacl.validate`` on the whole
stated graph (one union graph) with the core shapes (the SPARQL constraints read named
graphs, which a union graph has not), in the same run, each in a child process stopped after
LIMIT_SECONDS (default 1800): "> limit" when it did not finish.

STORE is never written (``import`` copies it first).
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

SMALL_IMPORT = """@prefix ag: <https://w3id.org/amtsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/amtsgraph/id/> .
<https://w3id.org/amtsgraph/id/account/x/bench-testamt> a ag:Account ;
    rdfs:label "Benchmark-Testamt auf X"@de ;
    ag:onPlatform <https://w3id.org/amtsgraph/id/platform/x> ;
    ag:accountHolder <https://w3id.org/amtsgraph/id/agency/polizei-sachsen> ;
    ag:startDate "2016"^^xsd:gYear .
<https://w3id.org/amtsgraph/id/observation/account-x/bench-testamt/followers/2020>
    a ag:Observation ;
    ag:observedEntity <https://w3id.org/amtsgraph/id/account/x/bench-testamt> ;
    ag:metric ag:Followers ;
    ag:value "2500"^^xsd:decimal ;
    ag:observationDate "2020"^^xsd:gYear .
<https://w3id.org/amtsgraph/id/vendor/bench-gmbh> a ag:Vendor ;
    rdfs:label "Bench GmbH"@de ;
    ag:legalForm "GmbH" ;
    ag:address <https://w3id.org/amtsgraph/id/vendor/bench-gmbh/address/01067> .
<https://w3id.org/amtsgraph/id/vendor/bench-gmbh/address/01067> a ag:PostalAddress ;
    rdfs:label "01067 Dresden"@de ;
    ag:postalCode "01067" ;
    ag:locality "Dresden" .
"""


def _ms(xs: list[float]) -> str:
    ms = sorted(x * 1000 for x in xs)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms"


def per_article(store_path: Path, articles: Path, n: int, findings: Path | None) -> None:
    from graph import validation_context
    from graph.pipeline import _work
    from graph.store import Store
    from graph.validation import Unit, context_types, load_shapes, validate_units
    from graph.vocab import DEFAULT_BASE, GraphNames

    names = GraphNames()
    shapes = load_shapes()
    built = [_work((str(p), DEFAULT_BASE)) for p in sorted(articles.glob("*.txt"))[:n]]
    built = [b for b in built if not b.error]
    lines: list[str] = []
    with Store(store_path, read_only=True) as store:
        total, cpu, ctx, sparql = [], [], [], []
        for b in built:
            triples = [q.triple for q in ox.parse(b.ntriples, format=ox.RdfFormat.N_TRIPLES)]
            unit = Unit(names.article(b.slug), triples)
            t0, c0 = time.perf_counter(), time.process_time()
            validate_units([unit], store, shapes=shapes)
            total.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            t1 = time.perf_counter()
            context_types([Unit(unit.graph, triples)], store)
            t2 = time.perf_counter()
            if hasattr(validation_context, "sparql_results"):  # this version
                validation_context.sparql_results([unit], store, shapes, unit.focus())
            else:  # the version before: one stage, two hops, every graph name read
                stage = validation_context.build_stage([unit], store, shapes)
                validation_context.run_checks(stage, shapes, unit.focus())
            ctx.append(t2 - t1)
            sparql.append(time.perf_counter() - t2)
            for r in unit.report.results:
                lines.append(
                    f"{unit.graph}\t{r.severity}\t{r.focus}\t{r.shape}\t{r.component}"
                    f"\t{r.path}\t{r.value}\t{' '.join(r.graphs)}\t{r.message()}"
                )
    print(f"store {store_path} ({len(built)} articles validated one at a time)")
    print(f"per article: {_ms(total)} (CPU time of this process: {_ms(cpu)})")
    print(f"  store types {_ms(ctx)}; SPARQL checks {_ms(sparql)}")
    print(f"  {len(lines)} findings, {sum('Violation' in x for x in lines)} violations")
    if findings is not None:
        findings.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")


def small_import(store_path: Path, runs: int = 5) -> None:
    from graph.importing import import_files
    from graph.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(store_path, copy)
        data = Path(tmp) / "bench-import.ttl"
        data.write_text(SMALL_IMPORT, encoding="utf-8")
        phases: dict[str, list[float]] = {}
        total: list[float] = []
        for _ in range(runs):
            with Store(copy) as store:
                t0 = time.perf_counter()
                outcome = import_files([data], store)
                total.append(time.perf_counter() - t0)
            assert outcome.written, outcome.report.text()
            for k, v in outcome.seconds.items():
                phases.setdefault(k, []).append(v)
    print(f"small import ({len(outcome.sources[0].triples)} triples) into a copy of {store_path}")
    print(f"  total {_ms(total)}")
    for k, v in phases.items():
        print(f"  {k}: {_ms(v)}")


def _ours(store_path: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from graph.store import Store
    from graph.validation import load_shapes, validate_store

    shapes = load_shapes()
    with Store(store_path, read_only=True) as store:
        t0 = time.perf_counter()
        report = validate_store(store, shapes=shapes)
        out.put((time.perf_counter() - t0, len(report.results), report.summary()))


def _plain(store_path: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    import pyshacl
    from rdflib import Graph

    from graph.store import Store
    from graph.validation import load_shapes
    from graph.validation_context import to_rdflib

    shapes = load_shapes()
    t0 = time.perf_counter()
    g = Graph()
    with Store(store_path, read_only=True) as store:
        for q in store.quads():
            if "/graph/inferred" not in q.graph_name.value:  # type: ignore[union-attr]
                g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    t1 = time.perf_counter()
    # the core shapes: the SPARQL constraints query GRAPH ?g (they name sources), which
    # pySHACL cannot run on one union graph and runs graph by graph on a Dataset
    _, report, _ = pyshacl.validate(
        g, shacl_graph=shapes.core, allow_warnings=True, allow_infos=True
    )
    from graph.validation import results_of

    results = list(results_of(report))
    out.put(
        (time.perf_counter() - t1, len(results), f"graph {len(g)} triples read in {t1 - t0:.0f} s")
    )


def _timed(target: object, store_path: Path, limit: float) -> str:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=target, args=(str(store_path), out))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return f"> {limit:.0f} s (stopped)"
    if proc.exitcode != 0:
        return f"failed (exit code {proc.exitcode}, see above)"
    seconds, n, note = out.get()
    return f"{seconds:.1f} s, {n} results ({note})"


def whole_store(store_path: Path, limit: float, plain: bool = True) -> None:
    print(f"whole store {store_path}, limit {limit:.0f} s each")
    print(f"  validate_store (ours): {_timed(_ours, store_path, limit)}")
    if plain:
        print(f"  plain pyshacl.validate: {_timed(_plain, store_path, limit)}")


def build_corpus(corpus: Path, reports: Path | None, workers: int = 2) -> None:
    from collections import Counter

    from graph.pipeline import build
    from graph.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with Store(Path(tmp) / "store") as store:
            report = build([corpus], store, workers=workers)
        wall = time.perf_counter() - t0
        if reports is not None:
            shutil.rmtree(reports, ignore_errors=True)
            shutil.copytree(Path(tmp) / "store" / "reports", reports)
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items())
    print(f"build {corpus} into a fresh store, {workers} workers: {wall:.1f} s ({phases})")
    found = Counter(
        f"{r.severity} {r.shape.rpartition('#')[2]}"
        for rep in report.validation.values()
        for r in rep.results
    )
    print(f"  built {len(report.built)}, refused {report.refused}")
    print(f"  findings: {dict(sorted(found.items()))}")


def main() -> None:
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "article":
        out = Path(rest[rest.index("--findings") + 1]) if "--findings" in rest else None
        rest = [r for r in rest if r != "--findings" and (out is None or r != str(out))]
        per_article(Path(rest[0]), Path(rest[1]), int(rest[2]) if len(rest) > 2 else 50, out)
    elif mode == "build":
        out = Path(rest[rest.index("--reports") + 1]) if "--reports" in rest else None
        build_corpus(Path(rest[0]), out)
    elif mode == "import":
        small_import(Path(rest[0]))
    elif mode == "store":
        limit = float(rest[1]) if len(rest) > 1 else 1800
        whole_store(Path(rest[0]), limit, plain="ours-only" not in rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
