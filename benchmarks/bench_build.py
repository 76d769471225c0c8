"""Build throughput and peak memory at N synthetic articles, against rdflib as the baseline.

    python benchmarks/bench_build.py 1000 10000 [--workers 2]

For each N: generate N articles (amtsgraph synth), run `amtsgraph build` in a fresh process
(wall time, peak RSS of the process tree), and time one competency query on the built store
in Oxigraph vs the same query in rdflib's in-memory engine over the same N-Quads.
Results are printed as a Markdown table to paste into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = (ROOT / "queries" / "cq02_latest_counts.rq").read_text(encoding="utf-8")


def run_build(corpus: Path, store: Path, workers: int) -> tuple[float, float, str]:
    start = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph.cli",
            "build",
            str(corpus),
            "--store",
            str(store),
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    timing = next((ln for ln in out.stdout.splitlines() if ln.startswith("triples")), "")
    return wall, peak_mb, timing


def query_times(store: Path) -> tuple[float, float | None]:
    import pyoxigraph as ox
    from rdflib import Dataset

    from graph.store import Store
    from graph.vocab import PREFIXES

    with Store(store, read_only=True) as s:
        t = time.perf_counter()
        list(s.query(QUERY, prefixes=PREFIXES))
        ox_time = time.perf_counter() - t
        data = s._ox.dump(format=ox.RdfFormat.N_QUADS)
    if len(data) > 400_000_000:
        return ox_time, None
    ds = Dataset(default_union=True)
    ds.parse(data=data, format="nquads")
    prefixed = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + QUERY
    t = time.perf_counter()
    list(ds.query(prefixed))
    return ox_time, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-rdflib", action="store_true")
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"bench{n}-"))
        try:
            from graph.synth import generate

            generate(n, tmp / "corpus", seed=1)
            wall, peak, timing = run_build(tmp / "corpus", tmp / "store", args.workers)
            ox_q, rdf_q = (None, None) if args.no_rdflib else query_times(tmp / "store")
            rows.append((n, wall, n / wall, peak, timing, ox_q, rdf_q))
            print(rows[-1], flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(
        "\n| articles | build wall (s) | articles/s | peak RSS (MB) | build summary | "
        "CQ2 Oxigraph (s) | CQ2 rdflib (s) | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, wall, rate, peak, timing, oq, rq in rows:
        ratio = f"{rq / oq:.0f}x" if oq and rq else "n/a"
        print(
            f"| {n} | {wall:.1f} | {rate:.0f} | {peak:.0f} | {timing} | "
            f"{oq if oq is None else round(oq, 3)} | {rq if rq is None else round(rq, 2)} | "
            f"{ratio} |"
        )


if __name__ == "__main__":
    main()
