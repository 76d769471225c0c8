"""Old vs new reasoning code on the same stated store, for same-run comparisons.

    python benchmarks/reasoning_ab.py ROOT STORE WORK old|new [--full] [--updates]

Run once with each tree's interpreter and ``ROOT`` (the tree whose ``graph`` package is on
``PYTHONPATH``), alternating, on a store prepared by ``bench_reasoning.subset``. ``STORE`` is
copied to ``WORK`` (removed afterwards). Measures what ``bench_reasoning`` does (worker derive
per article in one process, then ``materialise`` with the results; with ``--full`` from the
store; with ``--updates`` 20 one-article updates), reading each article as N-Triples untimed
(``old`` gets it parsed into triples, as its ``Context.infer`` takes them). Prints one JSON line.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time


def main() -> None:
    root, src, work, kind = sys.argv[1:5]
    sys.path.insert(0, root + "/benchmarks")
    import bench_reasoning as b
    import pyoxigraph as ox

    from graph.pipeline import _reasoning_context
    from graph.reasoning import AG_ONLY, Layout, materialise
    from graph.store import Store

    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(["cp", "-r", src, work], check=True)
    subprocess.run(["sync"], check=True)
    out: dict[str, object] = {"code": kind}
    with Store(work) as st:
        ctx = _reasoning_context(Layout().names.base)
        pre, spent = {}, 0.0
        for g in st.graphs():
            if "/graph/article/" not in g:
                continue
            buf = io.BytesIO()
            st.export(buf, "nt", graph=g)
            nt = buf.getvalue()
            x = nt if kind == "new" else list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
            t0 = time.perf_counter()
            pre[g] = ctx.infer(x)
            spent += time.perf_counter() - t0
        r = materialise(st, scope=AG_ONLY, precomputed=pre)
        del pre
        out.update(
            workers=spent,
            store_pass=r.seconds,
            build_path=spent + r.seconds,
            inferred=r.inferred,
            timings=r.timings,
            inconsistencies=len(r.inconsistencies),
        )
        if "--full" in sys.argv:
            f = materialise(st, scope=AG_ONLY)
            out.update(full=f.seconds, full_timings=f.timings)
        if "--updates" in sys.argv:
            out["update_ms"] = b.one_article(st, 20)
    print(json.dumps(out), flush=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
