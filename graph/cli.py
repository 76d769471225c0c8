"""The `amtsgraph` command line: build, validate, import, query, export, stats, synth, eval.

Every command takes ``--store DIR`` (default ``./instance/store``). Errors are one line on
stderr naming the input and what to do; exit codes follow pySHACL: 0 fine, 1 the data does not
conform / a build refused something, 2 unusable input or setting.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from graph.assets import examples_dir
from graph.errors import AmtsgraphError
from graph.store import EXPORT_FORMATS, Store
from graph.vocab import AG, DEFAULT_BASE, PREFIXES

DEFAULT_STORE = Path("instance/store")

store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_STORE,
    show_default=True,
    envvar="AMTSGRAPH_STORE",
    help="Store folder.",
)
base_option = click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    envvar="AMTSGRAPH_BASE",
    help="Base IRI that instance IRIs are minted under.",
)


class Group(click.Group):
    """Turns errors into one line and an exit code: no traceback reaches the user.

    Project errors (bad input, unusable store) exit 2. Anything else is a bug in amtsgraph:
    exit 3 with the exception named, and the traceback only when AMTSGRAPH_DEBUG is set.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AmtsgraphError as err:
            click.echo(f"amtsgraph: error: {err}", err=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as err:
            if os.environ.get("AMTSGRAPH_DEBUG"):
                raise
            click.echo(
                f"amtsgraph: internal error ({type(err).__name__}: {err}). This is a bug in "
                "amtsgraph, not in your input; set AMTSGRAPH_DEBUG=1 for the traceback and "
                "report it.",
                err=True,
            )
            sys.exit(3)


@click.group(cls=Group)
@click.version_option(package_name="amtsgraph")
def cli() -> None:
    """Build, query and serve a knowledge graph of public agencies in social media."""


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@store_option
@base_option
@click.option("--workers", type=int, default=2, show_default=True, help="Extraction processes.")
@click.option("--force", is_flag=True, help="Rebuild unchanged articles too.")
def build(
    sources: tuple[Path, ...], store_path: Path, base: str, workers: int, force: bool
) -> None:
    """Build articles (files or folders; default: the bundled examples) into the store."""
    from graph.pipeline import build as run_build
    from graph.pipeline import discover

    paths = list(sources) or [examples_dir()]
    for p in paths:
        if not p.exists():
            raise click.BadParameter(f"{p}: no such file or folder", param_hint="SOURCES")
    total = len(discover(paths))
    with Store(store_path) as store:
        if total >= 50 and sys.stderr.isatty():
            with click.progressbar(length=total, label="extracting", file=sys.stderr) as bar:
                report = run_build(
                    paths,
                    store,
                    base=base,
                    workers=workers,
                    force=force,
                    progress=lambda i, n: bar.update(1),
                )
        else:
            report = run_build(paths, store, base=base, workers=workers, force=force)
    for _, reason in report.skipped:
        click.echo(f"skipped: {reason}", err=True)
    click.echo(
        f"articles read: {report.read}  built: {len(report.built)}  "
        f"unchanged: {len(report.unchanged)}  skipped: {len(report.skipped)}"
    )
    top = ", ".join(f"{cls} {n}" for cls, n in report.classes.most_common())
    click.echo(f"entities per class: {top}")
    click.echo(
        f"triples in store: {report.triples}  time: {report.seconds:.2f} s  "
        f"(extract+map {report.timings.get('extract+map', 0):.2f} s, "
        f"store {report.timings.get('store', 0):.2f} s)"
    )
    click.echo(f"store: {store_path}")
    _echo_validation(report.validation, store_path / "reports")
    _echo_reasoning(report.reasoning)
    if not report.ok:
        click.echo("amtsgraph: error: no article could be read", err=True)
        sys.exit(2)
    if report.refused:
        sys.exit(1)


def _echo_reasoning(result: Any) -> None:
    """Inferred triples and inconsistencies (reported like SHACL results, never fatal)."""
    if result is None:
        return
    click.echo(
        f"reasoning: {result.inferred} inferred triples written in {result.graphs} graphs "
        f"({'full' if result.full else 'incremental'}, {result.seconds:.2f} s)"
    )
    for clash in result.inconsistencies:
        click.echo(f"inconsistency: {clash}", err=True)


def _echo_validation(reports: dict[str, Any], folder: Path) -> None:
    """One line per article with findings; refused articles on stderr."""
    if not reports:
        click.echo("validation: all articles conform")
        return
    refused = 0
    for slug, rep in sorted(reports.items()):
        if rep.conforms:
            click.echo(f"validation: {slug}: stored with {rep.summary()}")
        else:
            refused += 1
            click.echo(f"refused: {slug}: {rep.summary()}", err=True)
    click.echo(
        f"validation: {refused} refused, {len(reports) - refused} stored with findings; "
        f"reports in {folder}"
    )


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@base_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "ttl", "jsonld"]),
    default="text",
    show_default=True,
    help="text: one block per finding, with the file and line it was read at; ttl, jsonld: "
    "a standard sh:ValidationReport.",
)
def validate(files: tuple[Path, ...], store_path: Path, base: str, fmt: str) -> None:
    """Check RDF files or articles against the shapes in the context of the store.

    Nothing is written. Exit code 0: conforms; 1: does not conform; 2: unusable input.
    """
    from graph.importing import validate_files

    store = _open_for_reading(store_path)
    try:
        outcome = validate_files(list(files), store, base=base)
    finally:
        if store is not None:
            store.close()
    click.echo(outcome.report.serialize(fmt), nl=False)
    sys.exit(0 if outcome.conforms else 1)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@base_option
@click.option("--dry-run", is_flag=True, help="Validate and say what would be written.")
@click.option("--graph", "graph_name", help="Name of the import graph (default: file stem).")
def import_command(
    files: tuple[Path, ...], store_path: Path, base: str, dry_run: bool, graph_name: str | None
) -> None:
    """Validate files in the context of the store, then add each as its own named graph
    (<base>graph/import/<name>) in one transaction; on any violation nothing is written."""
    from graph.importing import import_files

    store = _open_for_reading(store_path) if dry_run else Store(store_path)
    try:
        outcome = import_files(
            list(files), store, base=base, graph_name=graph_name, dry_run=dry_run
        )
    finally:
        if store is not None:
            store.close()
    if outcome.report.results:
        click.echo(outcome.report.text(), nl=False)
    verb = "would write" if dry_run else "wrote" if outcome.written else "refused"
    for s in outcome.sources:
        click.echo(
            f"{verb}: {s.path} -> {s.graph} ({len(s.triples)} triples; {s.report.summary()})"
        )
    if not outcome.conforms:
        click.echo("amtsgraph: import refused: violations found, nothing written", err=True)
        sys.exit(1)


def _open_for_reading(path: Path) -> Store | None:
    """The store as context, or none (with a note) when there is no store yet."""
    if not (path / "oxigraph").is_dir():
        click.echo(f"note: no store at {path}: checked against the shapes alone", err=True)
        return None
    return Store(path, read_only=True)


_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


@cli.command()
@click.argument("sparql")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *_RESULT_FORMATS, *EXPORT_FORMATS]),
    default="table",
    show_default=True,
)
def query(sparql: str, store_path: Path, fmt: str) -> None:
    """Run a SPARQL query (or @file.rq) against the store; common prefixes are predefined."""
    if sparql.startswith("@"):
        sparql = Path(sparql[1:]).read_text(encoding="utf-8")
    with Store(store_path, read_only=True) as store:
        result = store.query(sparql, prefixes=PREFIXES)
        out = sys.stdout.buffer
        if isinstance(result, ox.QueryBoolean):
            click.echo("true" if bool(result) else "false")
        elif isinstance(result, ox.QueryTriples):
            rdf = EXPORT_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
            ox.serialize(result, out, rdf, prefixes=PREFIXES)
        elif fmt in _RESULT_FORMATS:
            result.serialize(out, _RESULT_FORMATS[fmt])
        else:
            _table(result)


def _short(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{p}:{term.value[len(ns) :]}"
        return f"<{term.value}>"
    return term.value if isinstance(term, ox.Literal) else str(term)


def _table(result: Any) -> None:
    names = [v.value for v in result.variables]
    click.echo("\t".join(names))
    for row in result:
        click.echo("\t".join(_short(row[n]) for n in names))


@cli.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="nq", show_default=True
)
@click.option("--graph", help="Export one named graph only.")
def export(store_path: Path, fmt: str, graph: str | None) -> None:
    """Write the whole graph (or one named graph) to stdout."""
    with Store(store_path, read_only=True) as store:
        store.export(sys.stdout.buffer, fmt, graph=graph)


@cli.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(store_path: Path, as_json: bool) -> None:
    """Counts per class, per article and per named graph."""
    with Store(store_path, read_only=True) as store:
        classes = Counter(
            {
                r["c"].value.removeprefix(AG): int(r["n"].value)
                for r in store.query(
                    "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
                )
            }
        )
        graphs = Counter(
            {
                r["g"].value: int(r["n"].value)
                for r in store.query(
                    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                    union_default_graph=False,
                )
            }
        )
        total = len(store)
    if as_json:
        click.echo(json.dumps({"triples": total, "classes": classes, "graphs": graphs}, indent=2))
        return
    click.echo(f"triples: {total}  named graphs: {len(graphs)}")
    click.echo("\nper class:")
    for cls, n in classes.most_common():
        click.echo(f"  {n:8d}  {cls}")
    click.echo("\nper graph (articles and others):")
    for g, n in sorted(graphs.items()):
        click.echo(f"  {n:8d}  {g}")


@cli.command()
@click.argument("n", type=int)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Output folder.")
@click.option("--seed", type=int, default=0, show_default=True)
def synth(n: int, out: Path, seed: int) -> None:
    """Write N synthetic articles in the seeds' layouts (for benchmarks)."""
    from graph.synth import generate

    files = generate(n, out, seed=seed)
    click.echo(f"wrote {len(files)} articles to {out}")


@cli.command("eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="table: scores, then misses and false hits per article; markdown: the table for "
    "benchmarks/RESULTS.md; json: everything, machine-readable.",
)
@click.option(
    "--targets",
    type=click.Path(path_type=Path),
    default=None,
    help="F1 targets per type (default: evaluation/targets.yaml).",
)
@click.option("--check", is_flag=True, help="Exit with 1 when a type misses its target.")
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Build into this store and keep it (default: a temporary store).",
)
def eval_command(
    gold_dir: Path, fmt: str, targets: Path | None, check: bool, store_path: Path | None
) -> None:
    """Score extraction on GOLD_DIR: articles with NAME.gold.yaml files beside them.

    Builds the articles with the real pipeline, reads back what each article's graph holds
    and prints precision, recall and F1 per type (document level), extraction throughput,
    attribute accuracy, and the misses and false hits per article (evaluation/README.md).
    """
    from graph.assets import evaluation_dir
    from graph.evaluation_readback import evaluate_folder
    from graph.evaluation_report import as_json, load_targets, markdown, text, verdicts

    wanted = load_targets(targets or evaluation_dir() / "targets.yaml")
    run = evaluate_folder(gold_dir, store_path=store_path)
    render = {"table": text, "markdown": markdown, "json": as_json}[fmt]
    click.echo(render(run, wanted), nl=False)
    below = [kind for kind, ok in verdicts(run, wanted).items() if ok is False]
    if check and below:
        click.echo(f"amtsgraph: below target: {', '.join(below)}", err=True)
        sys.exit(1)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
