"""Reasoning benchmark: full materialisation (compiled rules vs owlrl) and one-article updates.

    python benchmarks/bench_reasoning.py --sizes 1000 10000 --owlrl-limit 300 --work /tmp/rb

For each size: ``amtsgraph synth N`` and ``amtsgraph build`` into a store under ``--work``
(reused when present), then full materialisation timed on that store, owlrl's OWL-RL closure
over the same stated triples in a subprocess killed after ``--owlrl-limit`` seconds, and on the
largest store an incremental update after replacing one article (index unchanged) and after
adding one article with a post of its own (the shared index grows). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from graph.reasoning import AG_ONLY, Layout, materialise, update
from graph.store import Store


def corpus(n: int, work: Path) -> Path:
    store = work / f"store{n}"
    if not (store / "oxigraph").is_dir():
        articles = work / f"articles{n}"
        subprocess.run(["amtsgraph", "synth", str(n), "--out", str(articles)], check=True)
        subprocess.run(
            ["amtsgraph", "build", str(articles), "--store", str(store), "--workers", "2"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return store


def _owlrl(nquads: bytes) -> None:
    import owlrl
    from rdflib import Graph

    g = Graph()
    g.parse(data=nquads, format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)


def owlrl_seconds(store: Store, limit: float) -> str:
    layout = Layout()
    stated = [q.triple for q in store.quads() if not layout.is_inferred(q.graph_name.value)]  # type: ignore[union-attr]
    data = ox.serialize(stated, format=ox.RdfFormat.N_TRIPLES)
    proc = mp.get_context("spawn").Process(target=_owlrl, args=(data,))
    started = time.perf_counter()
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return f"> {limit:.0f} s"
    return f"{time.perf_counter() - started:.1f} s"


def one_article(store: Store) -> tuple[float, float, bool, bool]:
    """Replace one article graph by itself plus a label; then add a new one with a new post."""
    layout = Layout()
    g = next(x for x in store.graphs() if "/graph/article/" in x)
    triples = [q.triple for q in store.quads(g)]
    triples.append(
        ox.Triple(
            ox.NamedNode(g),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            ox.Literal("edited"),
        )
    )
    store.replace_graphs({g: triples})
    t0 = time.perf_counter()
    r1 = update(store, [g])
    replaced = time.perf_counter() - t0
    new = layout.stated_root + "article/bench-new"
    ag = "https://w3id.org/amtsgraph/ontology#"
    post, person = (
        ox.NamedNode(layout.names.base + "id/post/bench/x"),
        ox.NamedNode(layout.names.base + "id/person/bench"),
    )
    org = ox.NamedNode(layout.names.base + "id/agency/polizei-niedersachsen")
    store.replace_graphs(
        {
            new: [
                ox.Triple(post, ox.NamedNode(ag + "postIn"), org),
                ox.Triple(person, ox.NamedNode(ag + "holds"), post),
            ]
        }
    )
    t0 = time.perf_counter()
    r2 = update(store, [new])
    added = time.perf_counter() - t0
    return replaced, added, r1.index_changed, r2.index_changed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--owlrl-limit", type=float, default=300)
    ap.add_argument("--work", type=Path, default=Path("/tmp/amtsgraph-bench-reasoning"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(
        "| articles | stated triples | inferred (ag:) | full: compiled "
        "| of which read / derive / write | owlrl | inferred (all vocabularies) "
        "| full, all vocabularies |"
    )
    print("|---|---|---|---|---|---|---|---|")
    last = None
    for n in args.sizes:
        path = corpus(n, args.work)
        with Store(path) as store:
            r = materialise(store, scope=AG_ONLY)
            stated = len(store) - r.inferred
            rall = materialise(store, scope=None)
            o = owlrl_seconds(store, args.owlrl_limit)
            materialise(store, scope=AG_ONLY)
            t = r.timings
            print(
                f"| {n} | {stated} | {r.inferred} | {r.seconds:.1f} s | {t['read']:.1f} / "
                f"{t['derive']:.1f} / {t['write']:.1f} s | {o} | {rall.inferred} "
                f"| {rall.seconds:.1f} s |",
                flush=True,
            )
        last = path
    if last is not None:
        with Store(last) as store:
            replaced, added, c1, c2 = one_article(store)
        print(
            f"\nincremental on {args.sizes[-1]} articles: "
            f"replace one article {replaced * 1000:.0f} ms "
            f"(index changed: {c1}); add one article with a new post {added * 1000:.0f} ms "
            f"(index changed: {c2})"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
