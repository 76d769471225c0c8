"""Reasoning benchmark: full materialisation (compiled rules vs owlrl) and one-article updates.

    python benchmarks/bench_reasoning.py --stated /work/bench/store10k-stated \\
        --sizes 1000 10000 --owlrl-limit 150 --work /tmp/rb

``--stated`` is a store of stated triples only (``amtsgraph build`` of synthetic articles
without reasoning); it is copied, never written. The store for a size N is its ontology,
reference and first N article graphs. For each size, in the same run:

- *compiled, build path*: each article's inferred graph derived from its triples as build
  workers do (the triples are read from the store first, untimed: a worker has them in
  memory), in a pool of ``--workers`` processes whose results travel back to the parent as in
  a build (wall time; the CPU time of the same work in one process is shown too), then
  ``materialise`` with those results (store-wide index, shared graph, checks of the
  inferences against the index, bulk write, consistency checks);
- *compiled, from the store*: ``materialise`` reading every graph back from the store (the
  fallback when the ontology changes);
- *owlrl*: its OWL-RL closure over the same stated triples, in a subprocess killed after
  ``--owlrl-limit`` seconds (parsing not counted).

On the largest store: one-article updates (the article replaced by itself plus a comment, then
``update``), median over ``--repeat`` articles, with the worker's result and without it; then
the worst case of writing each conclusion once: removing the article that holds the type of one
of the five most-named agencies (each update finds the line a new holder).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox

from graph.pipeline import _reasoning_context
from graph.reasoning import AG_ONLY, Inference, Layout, materialise, update
from graph.store import Store

LAYOUT = Layout()
AG = "https://w3id.org/amtsgraph/ontology#"


def subset(stated: Path, n: int, work: Path) -> Path:
    """A store with the fixed graphs and the first ``n`` article graphs of ``stated``."""
    out = work / f"store{n}"
    if out.exists():
        shutil.rmtree(out)
    copy = work / "stated-copy"
    if not copy.exists():
        subprocess.run(["cp", "-a", str(stated), str(copy)], check=True)
    with Store(copy, read_only=True) as src:
        graphs = [g for g in src.graphs() if not LAYOUT.is_inferred(g)]
        articles = [g for g in graphs if "/graph/article/" in g]
        keep = [g for g in graphs if g not in set(articles)] + articles[:n]
        blocks = {}
        for g in keep:
            blocks[g] = src._ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
    # the ontology and reference graphs as this version builds them (as a build would)
    from graph.lexicon import load
    from graph.mapping import Mapper
    from graph.pipeline import _ontology_quads, _reference_quads

    nt = ox.RdfFormat.N_TRIPLES
    blocks[LAYOUT.names.ontology] = ox.serialize(
        [q.triple for q in _ontology_quads(LAYOUT.names)], format=nt
    )
    mapper = Mapper.for_base(LAYOUT.names.base, load())
    blocks[LAYOUT.names.reference] = ox.serialize(
        [q.triple for q in _reference_quads(mapper)], format=nt
    )
    with Store(out) as dst:
        dst.bulk_load_fresh_trig(blocks)
    return out


def _owlrl(path: str, queue: mp.Queue) -> None:
    import owlrl
    from rdflib import Graph

    g = Graph()
    g.parse(path, format="nt")
    queue.put("parsed")
    t0 = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    queue.put(time.perf_counter() - t0)


def owlrl_seconds(store: Store, work: Path, limit: float) -> str:
    dump = work / "stated.nt"
    with dump.open("wb") as f:
        store.export(f, "nt")  # the union of the graphs: all stated at this point
    queue: mp.Queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=_owlrl, args=(str(dump), queue))
    proc.start()
    try:
        try:
            queue.get(timeout=2 * limit)  # parsed (rdflib's parse is not counted, but bounded)
        except Exception:  # queue.Empty
            return f"> {limit:.0f} s (rdflib did not parse the data within {2 * limit:.0f} s)"
        try:
            return f"{queue.get(timeout=limit):.1f} s"
        except Exception:  # queue.Empty: the time limit
            return f"> {limit:.0f} s"
    finally:  # a child left running would hold a core through the rest of the run
        proc.terminate()
        proc.join()
        dump.unlink()


_ARTICLES: list[bytes] = []  # filled before the pool forks: workers inherit it, as a
# build worker holds its article (only the results travel back, pickled, as in a build)


def _infer_one(i: int) -> Inference:
    return _reasoning_context(LAYOUT.names.base).infer(_ARTICLES[i])


def worker_results(store: Store, workers: int) -> tuple[dict[str, Inference], float, float]:
    """Every article's inferred graph as build workers derive it: the CPU time summed in one
    process, and the wall time in a pool of ``workers`` processes (``amtsgraph build``'s
    default is 2) with the results sent back to the parent, as the build does."""
    ctx = _reasoning_context(LAYOUT.names.base)
    names = [g for g in store.graphs() if "/graph/article/" in g]
    _ARTICLES.clear()
    for g in names:
        buf = io.BytesIO()  # the worker holds its article as N-Triples
        store.export(buf, "nt", graph=g)
        _ARTICLES.append(buf.getvalue())
    t0 = time.process_time()
    for nt in _ARTICLES:
        ctx.infer(nt)
    one_process = time.process_time() - t0
    t0 = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        results = pool.map(_infer_one, range(len(names)), chunksize=64)
    pooled = time.perf_counter() - t0
    _ARTICLES.clear()
    return dict(zip(names, results, strict=True)), one_process, pooled


def one_article(store: Store, repeat: int) -> tuple[float, float, float]:
    """Median ms: worker-side derive, update with it, update deriving from the store."""
    ctx = _reasoning_context(LAYOUT.names.base)
    articles = [g for g in store.graphs() if "/graph/article/" in g]
    step = max(1, len(articles) // repeat)
    infer, with_pre, without = [], [], []
    for i, g in enumerate(articles[::step][:repeat]):
        triples = [q.triple for q in store.quads(g)]
        triples.append(
            ox.Triple(
                ox.NamedNode(g),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal(f"edited {i}"),
            )
        )
        store.replace_graphs({g: triples})
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        t0 = time.perf_counter()
        inf = ctx.infer(nt)
        t1 = time.perf_counter()
        update(store, [g], precomputed={g: inf})
        t2 = time.perf_counter()
        update(store, [g])
        t3 = time.perf_counter()
        infer.append(t1 - t0)
        with_pre.append(t2 - t1)
        without.append(t3 - t2)
    return tuple(statistics.median(x) * 1000 for x in (infer, with_pre, without))  # type: ignore[return-value]


def holder_removals(store: Store, k: int) -> list[float]:
    """Ms per update that removes the article whose inferred graph holds the ``ag:Organization``
    type of one of the ``k`` agencies named in most articles (the line ~900 other articles
    yield too, so the update must find it a new holder; see ``graph/reasoning/support.py``)."""
    org, police = AG + "Organization", AG + "PoliceAgency"
    rows = store.query(
        f"SELECT ?x (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?x a <{police}> }} }} "
        f"GROUP BY ?x ORDER BY DESC(?n) LIMIT {k}"
    )
    spent = []
    for x in [r["x"].value for r in rows]:
        holders = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{x}> a <{org}> }} }}")
        inferred = next(r["g"].value for r in holders if LAYOUT.is_inferred(r["g"].value))
        stated = LAYOUT.stated_root + inferred.removeprefix(LAYOUT.prefix + "/")
        store.replace_graphs({}, drop=[stated])
        t0 = time.perf_counter()
        update(store, [], [stated])
        spent.append((time.perf_counter() - t0) * 1000)
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stated", type=Path, required=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--owlrl-limit", type=float, default=150)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument(
        "--workers", type=int, default=2, help="Build workers deriving in parallel (as `build`)."
    )
    ap.add_argument("--work", type=Path, default=Path("/tmp/amtsgraph-bench-reasoning"))
    ap.add_argument(
        "--updates-only",
        action="store_true",
        help="Only the one-article updates, on the store a previous run left under --work.",
    )
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(
        "| articles | stated triples | inferred "
        "| compiled, build path: workers (wall) + store pass "
        "| compiled, from the store (read / derive / write / check) | owlrl "
        "| owlrl / build path |"
    )
    print("|---|---|---|---|---|---|---|")
    path = args.work / f"store{args.sizes[-1]}" if args.updates_only else None
    for n in [] if args.updates_only else args.sizes:
        path = subset(args.stated, n, args.work)
        with Store(path) as store:
            stated = len(store)
            owl = owlrl_seconds(store, args.work, args.owlrl_limit)
            pre, t_cpu, t_workers = worker_results(store, args.workers)
            r = materialise(store, scope=AG_ONLY, precomputed=pre)
            del pre
            build_path = t_workers + r.seconds
            full = materialise(store, scope=AG_ONLY)
            t = full.timings
            owl_s = float(owl.split()[0]) if not owl.startswith(">") else args.owlrl_limit
            ratio = f"{'> ' if owl.startswith('>') else ''}{owl_s / build_path:.0f}x"
            print(
                f"| {n} | {stated} | {r.inferred} | {build_path:.1f} s "
                f"({t_workers:.1f} + {r.seconds:.1f}; workers' CPU {t_cpu:.1f}; "
                f"of which write {r.timings['write']:.1f}, "
                f"check {r.timings['check']:.1f}) | {full.seconds:.1f} s ({t['read']:.1f} / "
                f"{t['derive']:.1f} / {t['write']:.1f} / {t['check']:.1f}) | {owl} | {ratio} |",
                flush=True,
            )
    if path is not None:
        with Store(path) as store:
            infer, with_pre, without = one_article(store, args.repeat)
            removals = holder_removals(store, 5)
        print(
            f"\none-article update on {args.sizes[-1]} articles (median of {args.repeat}): "
            f"worker derive {infer:.1f} ms + update {with_pre:.0f} ms; "
            f"update deriving from the store {without:.0f} ms; removing the article that holds "
            f"a popular agency's type (5 agencies): "
            f"{', '.join(f'{ms:.0f}' for ms in removals)} ms",
            flush=True,
        )
    shutil.rmtree(args.work / "stated-copy", ignore_errors=True)


if __name__ == "__main__":
    main()
