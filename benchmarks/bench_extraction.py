"""Extraction throughput: read + extract + map (to triples) per article, in one process.

    python benchmarks/bench_extraction.py /work/bench/synth1k [--repeat 3] [--tree DIR]

Only the stages of issue 3 are timed: no store, no validation, no reasoning (those are other
issues' figures). ``--tree`` runs the same measurement against another checkout of the engine
(e.g. ``git archive BASE | tar -x -C /tmp/base``), so a baseline and the current tree are
compared in the same session on the same machine load. Prints articles/s (best of the repeats)
by wall time and by CPU time of the process (the steadier figure on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
from pathlib import Path
from graph.extraction import extract_all
from graph.lexicon import load
from graph.mapping import Mapper
from graph.reading import read

paths = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix in ('.txt', '.html'))
lex = load()
mapper = Mapper.for_base('https://example.org/', lex)
best = None
cpu_best = None
triples = 0
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    cpu = time.process_time()
    triples = 0
    for path in paths:
        doc = read(path, lex)
        ex = next(extract_all([doc], lex))
        triples += len(mapper.triples(mapper.extraction(ex)))
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    best = wall if best is None else min(best, wall)
    cpu_best = cpu if cpu_best is None else min(cpu_best, cpu)
print(json.dumps({'articles': len(paths), 'seconds': best, 'cpu': cpu_best, 'triples': triples}))
"""


def measure(tree: Path, corpus: Path, repeat: int) -> dict[str, float]:
    """Run the timing in a fresh interpreter whose import path starts at ``tree``."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(corpus), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tree", type=Path, action="append", default=[])
    args = ap.parse_args()
    for tree in [*args.tree, ROOT]:
        r = measure(tree.resolve(), args.corpus.resolve(), args.repeat)
        rate = r["articles"] / r["seconds"]
        cpu_rate = r["articles"] / r["cpu"]
        print(
            f"{tree}: {r['articles']} articles in {r['seconds']:.2f} s = {rate:.1f} articles/s "
            f"(CPU {r['cpu']:.2f} s = {cpu_rate:.1f} articles/s), {r['triples']} triples",
            flush=True,
        )


if __name__ == "__main__":
    main()
