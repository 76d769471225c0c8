"""Benchmark the endpoint: HTTP vs in-process vs rdflib, and throughput under load.

    python benchmarks/bench_endpoint.py --store instance/store
    python benchmarks/bench_endpoint.py --articles 200        # builds a synthetic store first

For every competency query (``queries/*.rq``) it reports the median time in process on the
Oxigraph store (query + JSON serialisation, what the server does), through HTTP against
``amtsgraph serve`` (keep-alive connection, POST), the difference (the HTTP overhead; target
at most 2 ms) and rdflib's in-memory engine on the same triples. Then it runs ``wrk`` with 32
connections against a resource page and a simple SELECT (target: 1,000 requests/s for the
page on a 2-core machine) and prints a Markdown table for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from endpoint.examples import Example, load_examples  # noqa: E402
from graph.store import Store  # noqa: E402
from graph.vocab import DEFAULT_BASE, PREFIXES  # noqa: E402

FALLBACK_QUERIES = [
    Example("count", "Count triples", "", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
    Example(
        "types",
        "Instances per class",
        "",
        "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    ),
]
SIMPLE_SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from endpoint.cli import main; main()", *args]


def build_synthetic(articles: int, workdir: Path) -> Path:
    corpus, store = workdir / "articles", workdir / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        cli_command("synth", str(articles), "--out", str(corpus)), check=True, cwd=ROOT, env=env
    )
    subprocess.run(
        cli_command("build", str(corpus), "--store", str(store)), check=True, cwd=ROOT, env=env
    )
    return store


def median_ms(run: Callable[[], Any], repeat: int) -> float:
    started = time.perf_counter()
    run()  # warm caches
    if time.perf_counter() - started > 1.0:
        repeat = min(repeat, 3)  # a slow query: a few runs say enough
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class Server:
    """`amtsgraph serve` in a subprocess on a free port."""

    def __init__(self, store: Path, workers: int) -> None:
        self.process = subprocess.Popen(
            cli_command(
                "serve",
                "--store",
                str(store),
                "--port",
                "0",
                "--workers",
                str(workers),
                "--query-timeout",
                "120",
            ),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.process.stdout is not None
        banner = self.process.stdout.readline() + self.process.stdout.readline()
        match = re.search(r"query page: http://127\.0\.0\.1:(\d+)/sparql", banner)
        if not match:
            self.stop()
            raise SystemExit(f"server did not start: {banner}")
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)

    def post_query(self, query: str) -> bytes:
        self.connection.request(
            "POST",
            "/sparql",
            body=query.encode(),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")
        return body

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def rdflib_ms(store_path: Path, query: str, repeat: int, timeout: float) -> str:
    """rdflib's time for one query, in a child process bounded in time and memory.

    rdflib's engine can take minutes and tens of gigabytes on joins that Oxigraph answers
    in milliseconds; the child is killed rather than taking the machine down.
    """
    job = json.dumps({"store": str(store_path), "query": query, "repeat": repeat})
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--rdflib-child"],
            input=job,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    if done.returncode != 0:
        return "fails: " + (done.stderr.strip().splitlines() or ["?"])[-1][:60]
    return done.stdout.strip()


def rdflib_child() -> int:
    import resource

    import rdflib

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    job = json.loads(sys.stdin.read())
    store = Store(job["store"], read_only=True)
    buffer = io.BytesIO()
    store.export(buffer, "nq")
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=buffer.getvalue(), format="nquads")
    ms = median_ms(lambda: list(dataset.query(job["query"], initNs=PREFIXES)), job["repeat"])
    print(f"{ms:.1f}")
    return 0


def wrk(url: str, seconds: int, accept: str) -> tuple[float, str]:
    if not shutil.which("wrk"):
        return float("nan"), "wrk missing"
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-H", f"Accept: {accept}", url],
        capture_output=True,
        text=True,
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    note = f" ({errors.group(1)} errors)" if errors else ""
    return (float(rate.group(1)) if rate else float("nan"), (p99.group(1) if p99 else "?") + note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store folder")
    parser.add_argument(
        "--articles",
        type=int,
        default=100,
        help="without --store: build a synthetic store of this many articles",
    )
    parser.add_argument("--repeat", type=int, default=20, help="runs per query and engine")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=120,
        help="seconds rdflib may spend on one query (0: skip rdflib)",
    )
    parser.add_argument("--rdflib-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    if args.rdflib_child:
        return rdflib_child()

    workdir = Path(tempfile.mkdtemp(prefix="amtsgraph-bench-"))
    try:
        store_path = args.store or build_synthetic(args.articles, workdir)
        report = run(store_path, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(report)
    if args.out:
        args.out.write_text(report)
    return 0


def run(store_path: Path, args: argparse.Namespace) -> str:
    store = Store(store_path, read_only=True)
    queries = load_examples(ROOT / "queries") or FALLBACK_QUERIES
    server = Server(store_path, args.workers)
    lines = [
        f"Store: {store_path} ({len(store):,} quads, "
        f"{sum(1 for g in store.graphs() if '/graph/article/' in g):,} article graphs); "
        f"median of {args.repeat} runs; server: {args.workers} processes.",
        "",
        "| query | in process (ms) | HTTP (ms) | HTTP overhead (ms) | HTTP / in process "
        "| rdflib (ms) | rdflib / in process |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    overheads = []
    try:
        for example in queries:

            def in_process(q: str = example.query) -> bytes:
                result = store.query(q, prefixes=PREFIXES)
                if isinstance(result, ox.QueryBoolean):
                    return result.serialize(format=ox.QueryResultsFormat.JSON) or b""
                if isinstance(result, ox.QueryTriples):
                    return ox.serialize(result, format=ox.RdfFormat.TURTLE) or b""
                return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

            local = median_ms(in_process, args.repeat)
            over_http = median_ms(lambda q=example.query: server.post_query(q), args.repeat)
            overheads.append(over_http - local)
            rdflib_cells = "skipped | -"
            if args.rdflib_timeout > 0:
                cell = rdflib_ms(
                    store_path, example.query, max(1, args.repeat // 5), args.rdflib_timeout
                )
                try:
                    rdflib_cells = f"{cell} | {float(cell) / local:.0f}x"
                except ValueError:
                    rdflib_cells = f"{cell} | -"
            lines.append(
                f"| {example.name} | {local:.2f} | {over_http:.2f} | "
                f"{over_http - local:.2f} | {over_http / local:.2f} | {rdflib_cells} |"
            )
        lines += [
            "",
            f"HTTP overhead: median {statistics.median(overheads):.2f} ms, "
            f"max {max(overheads):.2f} ms (target: at most 2 ms).",
            "",
        ]
        resource = _some_resource(store)
        path = "/" + resource.removeprefix(DEFAULT_BASE)  # the server maps the base onto /
        select = "/sparql?" + urllib.parse.urlencode({"query": SIMPLE_SELECT})
        lines += ["| load (wrk, 32 connections) | requests/s | p99 latency |", "|---|---:|---:|"]
        for label, url, accept in [
            (f"resource page HTML `{path}`", server.url + path, "text/html"),
            (f"resource Turtle `{path}`", server.url + path, "text/turtle"),
            ("simple SELECT (GET)", server.url + select, "application/sparql-results+json"),
        ]:
            rate, p99 = wrk(url, args.seconds, accept)
            lines.append(f"| {label} | {rate:,.0f} | {p99} |")
    finally:
        server.stop()
    return "\n".join(lines) + "\n"


def _some_resource(store: Store) -> str:
    rows = list(
        store.query("SELECT ?s WHERE { ?s a <https://w3id.org/amtsgraph/ontology#Agency> } LIMIT 1")
    )
    if rows:
        return str(rows[0]["s"].value)
    rows = list(store.query("SELECT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } LIMIT 1"))
    return str(rows[0]["s"].value)


if __name__ == "__main__":
    sys.exit(main())
