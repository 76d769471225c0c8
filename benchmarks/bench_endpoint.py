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
        repeat = 1  # a slow query: one more run says enough
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class Server:
    """`amtsgraph serve` in a subprocess on a free port."""

    def __init__(self, store: Path, workers: int, timeout: float = 120) -> None:
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
                str(timeout),
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
        """POST on the kept-alive connection; reconnect once if the server closed it idle."""
        try:
            return self._post(query)
        except (ConnectionError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            return self._post(query)

    def _post(self, query: str) -> bytes:
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


def child_ms(engine: str, store_path: Path, query: str, repeat: int, timeout: float) -> str:
    """One engine's median time for one query, in a child process bounded in time and memory.

    ``oxigraph``: the query in process on the store plus JSON serialisation (what the server
    does). ``rdflib``: rdflib's in-memory engine on the same quads. Either can take minutes
    on a bad join; the child is killed rather than stalling the run or the machine.
    """
    job = json.dumps({"engine": engine, "store": str(store_path), "query": query, "repeat": repeat})
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child"],
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


def child() -> int:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))
    job = json.loads(sys.stdin.read())
    store = Store(job["store"], read_only=True)
    if job["engine"] == "oxigraph":
        ms = median_ms(lambda: in_process(store, job["query"]), job["repeat"])
    else:
        import rdflib

        buffer = io.BytesIO()
        store.export(buffer, "nq")
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(data=buffer.getvalue(), format="nquads")
        ms = median_ms(lambda: list(dataset.query(job["query"], initNs=PREFIXES)), job["repeat"])
    print(f"{ms:.1f}")
    return 0


def in_process(store: Store, query: str) -> bytes:
    result = store.query(query, prefixes=PREFIXES)
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.TURTLE) or b""
    return result.serialize(format=ox.QueryResultsFormat.JSON) or b""


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
    parser.add_argument(
        "--rdflib-store",
        type=Path,
        help="store for the rdflib column (default: --store); a smaller one when the big "
        "store does not fit rdflib's in-memory engine",
    )
    parser.add_argument(
        "--query-timeout", type=float, default=120, help="seconds per query and engine"
    )
    parser.add_argument(
        "--load-only",
        action="store_true",
        help="skip the competency queries: fixed-query overhead and wrk only",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    if args.child:
        return child()

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


def _ms(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def run(store_path: Path, args: argparse.Namespace) -> str:
    store = Store(store_path, read_only=True)
    rdflib_store = args.rdflib_store or store_path
    queries = load_examples(ROOT / "queries") or FALLBACK_QUERIES
    server = Server(store_path, args.workers, args.query_timeout)
    lines = [
        f"Store: {store_path} ({len(store):,} quads, "
        f"{sum(1 for g in store.graphs() if '/graph/article/' in g):,} article graphs); "
        f"median of {args.repeat} runs (1 run for queries over 1 s); server: "
        f"{args.workers} processes; rdflib on {rdflib_store}; cap {args.query_timeout:g} s "
        "per query and engine.",
        "",
        "| query | in process (ms) | HTTP (ms) | HTTP overhead (ms) | HTTP / in process "
        "| rdflib (ms) | rdflib / Oxigraph |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    overheads = []
    try:
        for example in [] if args.load_only else queries:
            local_cell = child_ms(
                "oxigraph", store_path, example.query, args.repeat, args.query_timeout
            )
            local = _ms(local_cell)
            http_cell = "skipped"
            over_http = None
            if local is not None:
                try:
                    over_http = median_ms(
                        lambda q=example.query: server.post_query(q),
                        args.repeat if local < 1000 else 1,
                    )
                    http_cell = f"{over_http:.2f}"
                except RuntimeError as err:
                    http_cell = str(err)[:40]
            rdflib_cells = "skipped | -"
            if args.rdflib_timeout > 0:
                cell = child_ms(
                    "rdflib",
                    rdflib_store,
                    example.query,
                    max(1, args.repeat // 5),
                    args.rdflib_timeout,
                )
                base = local
                if rdflib_store != store_path:  # the ratio is against Oxigraph on that store
                    base = _ms(
                        child_ms(
                            "oxigraph", rdflib_store, example.query, args.repeat, args.query_timeout
                        )
                    )
                rdflib_cells = f"{cell} | -"
                if _ms(cell) is not None and base:
                    rdflib_cells = f"{cell} | {float(cell) / base:.1f}x"
            if local is not None and over_http is not None:
                overheads.append(over_http - local)
                lines.append(
                    f"| {example.name} | {local:.2f} | {over_http:.2f} | "
                    f"{over_http - local:.2f} | {over_http / local:.2f} | {rdflib_cells} |"
                )
            else:
                lines.append(
                    f"| {example.name} | {local_cell} | {http_cell} | - | - | {rdflib_cells} |"
                )
        if overheads:
            lines += [
                "",
                f"HTTP overhead: median {statistics.median(overheads):.2f} ms, "
                f"max {max(overheads):.2f} ms (target: at most 2 ms).",
                "",
            ]
        lines += overhead_table(store, server, args.repeat * 10)
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


OVERHEAD_QUERIES = [
    ("ASK", "ASK { ?s ?p ?o }"),
    ("SELECT, 10 rows", SIMPLE_SELECT),
    ("SELECT, 1,000 rows", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000"),
]


def overhead_table(store: Store, server: Server, repeat: int) -> list[str]:
    """HTTP overhead where it can be seen: queries whose own time is well under a
    millisecond, many runs each (on multi-second queries it drowns in the noise)."""
    lines = [
        "| fixed query | in process (ms) | HTTP (ms) | HTTP overhead (ms) |",
        "|---|---:|---:|---:|",
    ]
    for label, query in OVERHEAD_QUERIES:
        local = median_ms(lambda q=query: in_process(store, q), repeat)
        over_http = median_ms(lambda q=query: server.post_query(q), repeat)
        lines.append(f"| {label} | {local:.2f} | {over_http:.2f} | {over_http - local:.2f} |")
    return [*lines, ""]


def _some_resource(store: Store) -> str:
    """An agency's page (a typical entity; the stated-only store has no inferred ag:Agency)."""
    rows = list(
        store.query(
            "SELECT ?s WHERE { ?s a ?t FILTER(STRSTARTS(STR(?s), "
            f'"{DEFAULT_BASE}id/agency/")) }} LIMIT 1'
        )
    )
    if rows:
        return str(rows[0]["s"].value)
    rows = list(store.query("SELECT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } LIMIT 1"))
    return str(rows[0]["s"].value)


if __name__ == "__main__":
    sys.exit(main())
