"""Validation benchmark (issue 4), part (a): one article's graph validated against a store.

    python benchmarks/bench_validation.py STORE ARTICLES [N]

STORE: a built store (copy it first: nothing is written, but keep originals pristine);
ARTICLES: a folder of articles, of which the first N (default 50) are extracted, mapped and
validated one at a time in the context of the store. Prints median and p95 per article, and
how the time splits (store context, pySHACL core, SPARQL checks).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from graph.pipeline import _work
from graph.store import Store
from graph.validation import Unit, context_types, load_shapes, validate_units
from graph.validation_context import build_stage
from graph.vocab import DEFAULT_BASE, GraphNames


def main() -> None:
    store_path, articles = Path(sys.argv[1]), Path(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    names = GraphNames()
    shapes = load_shapes()
    built = [_work((str(p), DEFAULT_BASE)) for p in sorted(articles.glob("*.txt"))[:n]]
    built = [b for b in built if not b.error]
    with Store(store_path, read_only=True) as store:
        total, ctx, stage_t = [], [], []
        for b in built:
            triples = [q.triple for q in ox.parse(b.ntriples, format=ox.RdfFormat.N_TRIPLES)]
            unit = Unit(names.article(b.slug), triples)
            t0 = time.perf_counter()
            validate_units([unit], store, shapes=shapes)
            total.append(time.perf_counter() - t0)
            t1 = time.perf_counter()
            context_types([Unit(unit.graph, triples)], store)
            t2 = time.perf_counter()
            build_stage([unit], store, shapes)
            ctx.append(t2 - t1)
            stage_t.append(time.perf_counter() - t2)
    ms = sorted(x * 1000 for x in total)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"store {store_path} ({len(built)} articles validated one at a time)")
    print(f"per article: median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms")
    print(
        f"  of which store types median {statistics.median(ctx) * 1000:.0f} ms, "
        f"SPARQL stage median {statistics.median(stage_t) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
