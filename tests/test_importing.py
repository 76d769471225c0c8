"""`amtsgraph validate` and `amtsgraph import`: validation in the context of a real store on
disk, file and line of each finding, exit codes, one-transaction imports that leave the store
unchanged when refused or killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from graph.cli import cli
from graph.importing import PAUSE_ENV
from graph.rdf_files import subject_lines
from graph.store import Store
from graph.validation_report import SH

ID = "https://w3id.org/amtsgraph/id/"
IMPORT = "https://w3id.org/amtsgraph/graph/import/"
PREFIXES = """@prefix ag: <https://w3id.org/amtsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/amtsgraph/id/> .
"""
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
AG = "https://w3id.org/amtsgraph/ontology#"


def _account(holder: str) -> str:
    """An invented account, as N-Triples: its holder is named, never described."""
    acc = f"<{ID}account/x/testwache-nord>"
    return (
        f"{acc} {TYPE} <{AG}Account> .\n"
        f'{acc} {LABEL} "Testwache Nord auf X"@de .\n'
        f"{acc} <{AG}onPlatform> <{ID}platform/x> .\n"
        f"{acc} <{AG}accountHolder> <{ID}agency/{holder}> .\n"
    )


# An invented vendor listing that moves a vendor the seeds list in Konstanz (78467).
VENDOR = (
    PREFIXES
    + f"""
# a second source for a vendor the store already knows
<{ID}vendor/seitenbau-gmbh> a ag:Vendor , ag:Organization ;
    rdfs:label "SEITENBAU GmbH"@de ;
    ag:address <{ID}vendor/seitenbau-gmbh/address/10115> .

<{ID}vendor/seitenbau-gmbh/address/10115> a ag:PostalAddress ;
    rdfs:label "10115 Berlin"@de ;
    ag:postalCode "10115" ;
    ag:locality "Berlin" .
"""
)


@pytest.fixture()
def store_copy(seed_store_path: Path, tmp_path: Path) -> Path:
    """A private copy of the seed store: imports write into it."""
    copy = tmp_path / "kg"
    shutil.copytree(seed_store_path, copy)
    return copy


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _dump(runner: CliRunner, store: Path) -> bytes:
    r = runner.invoke(cli, ["export", "--store", str(store), "--format", "nq"])
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


# -- validate ----------------------------------------------------------------------------------
def test_account_of_an_agency_known_only_to_the_store_conforms(
    runner: CliRunner, seed_store_path: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, "konto.nt", _account("polizei-sachsen"))
    r = runner.invoke(cli, ["validate", str(path), "--store", str(seed_store_path)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("conforms: true")
    # without the store the holder is an unknown node: the same file does not conform
    alone = runner.invoke(cli, ["validate", str(path), "--store", str(tmp_path / "none")])
    assert alone.exit_code == 1
    assert "ag:accountHolder" in alone.output and "no store at" in alone.stderr


def test_violation_names_the_exact_ntriples_line(
    runner: CliRunner, seed_store_path: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, "konto.nt", _account("gibt-es-nicht"))
    r = runner.invoke(cli, ["validate", str(path), "--store", str(seed_store_path)])
    assert r.exit_code == 1
    assert "Violation: An account has at most one holder" in r.output
    assert "id/agency/gibt-es-nicht" in r.output
    assert f"read at:    {path}:4" in r.output  # the ag:accountHolder triple


def test_conflict_with_stored_article_names_both_sources(
    runner: CliRunner, seed_store_path: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, "anbieter.ttl", VENDOR)
    r = runner.invoke(cli, ["validate", str(path), "--store", str(seed_store_path)])
    assert r.exit_code == 0, r.output  # a conflict is a Warning
    block = r.output.split("Warning: Conflict: postal code", 1)[1].split("\n\n")[0]
    assert "10115" in block and "78467" in block
    sources = next(ln for ln in block.splitlines() if ln.strip().startswith("sources:"))
    assert f"{IMPORT}anbieter" in sources and "/graph/article/" in sources
    assert f"read at:    {path}:6" in block  # where the vendor's subject block starts


def test_turtle_report_is_a_standard_validation_report(
    runner: CliRunner, seed_store_path: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, "konto.nt", _account("gibt-es-nicht"))
    r = runner.invoke(
        cli, ["validate", str(path), "--store", str(seed_store_path), "--format", "ttl"]
    )
    assert r.exit_code == 1
    g = Graph().parse(data=r.stdout, format="turtle")
    report = next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(report, SH.conforms).toPython() is False
    results = list(g.objects(report, SH.result))
    assert len(results) == 1
    assert str(g.value(results[0], SH.resultPath)) == AG + "accountHolder"
    assert str(g.value(results[0], SH.resultSeverity)) == str(SH.Violation)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("kaputt.ttl", PREFIXES + 'id:a ag:b "offen .\n', ":4:"),
        ("kaputt.nt", f"<{ID}a> {LABEL} <{ID}b> .\n<{ID}a> {LABEL} oops .\n", ":2:"),
        ("kaputt.trig", PREFIXES + "<g> { id:a ag:b id:c .\n", ":5:"),
        ("kaputt.jsonld", '{"@id": 3}', "kaputt.jsonld: not valid JSON-LD"),
        ("kaputt.rdf", "<rdf:RDF>\n<x/>", "kaputt.rdf: not valid RDF/XML"),
        ("kaputt.csv", "a,b\n", "unknown file type"),
    ],
)
def test_unusable_input_exits_2_with_file_line_and_column(
    runner: CliRunner, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = _write(tmp_path, name, text)
    r = runner.invoke(cli, ["validate", str(path), "--store", str(tmp_path / "none")])
    assert r.exit_code == 2
    assert "Traceback" not in r.output and str(path) in r.stderr
    assert where in r.stderr


def test_subject_lines_follow_prefixes_strings_and_graphs() -> None:
    text = (
        "@prefix ex: <http://example.org/> .\n"
        "BASE <http://example.org/base/>\n"
        'ex:a ex:p """two\n'
        'lines . ex:fake ex:p""" ; ex:q [ ex:r ex:inner ] .\n'
        "# ex:comment ex:p ex:o .\n"
        "<rel> ex:p 1.5 .\n"
        "ex:g {\n"
        "  ex:b ex:p 'x' . ex:c ex:p ex:a.\n"
        "}\n"
        "_:n ex:p ex:c .\n"
    )
    lines = subject_lines(text)
    assert lines == {
        "http://example.org/a": 3,
        "http://example.org/base/rel": 6,
        "http://example.org/b": 8,
        "http://example.org/c": 8,
        "_:n": 10,
    }


# -- import ------------------------------------------------------------------------------------
def test_invalid_import_leaves_the_store_byte_for_byte_unchanged(
    runner: CliRunner, store_copy: Path, tmp_path: Path
) -> None:
    good = _write(tmp_path, "anbieter.ttl", VENDOR)
    bad = _write(tmp_path, "konto.nt", _account("gibt-es-nicht"))
    before = _dump(runner, store_copy)
    r = runner.invoke(cli, ["import", str(good), str(bad), "--store", str(store_copy)])
    assert r.exit_code == 1
    assert "nothing written" in r.stderr
    assert _dump(runner, store_copy) == before


def test_valid_import_is_queryable_with_provenance(
    runner: CliRunner, store_copy: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, "konto.nt", _account("polizei-sachsen"))
    dry = runner.invoke(cli, ["import", str(path), "--store", str(store_copy), "--dry-run"])
    assert dry.exit_code == 0 and f"would write: {path} -> {IMPORT}konto" in dry.output
    assert f"{IMPORT}konto" not in Store(store_copy, read_only=True).graphs()
    r = runner.invoke(cli, ["import", str(path), "--store", str(store_copy)])
    assert r.exit_code == 0, r.output
    assert f"wrote: {path} -> {IMPORT}konto (9 triples" in r.output
    stats = runner.invoke(cli, ["stats", "--store", str(store_copy)])
    assert f"{IMPORT}konto" in stats.output
    q = runner.invoke(
        cli,
        [
            "query",
            f"SELECT ?holder ?src ?hash WHERE {{ GRAPH <{IMPORT}konto> {{ "
            f"<{ID}account/x/testwache-nord> ag:accountHolder ?holder . "
            f"<{IMPORT}konto> ag:sourceFile ?src ; ag:contentHash ?hash ; "
            "prov:generatedAtTime ?t } }",
            "--store",
            str(store_copy),
        ],
    )
    rows = q.output.splitlines()[1:]
    assert len(rows) == 1
    holder, src, digest = rows[0].split("\t")
    assert holder == f"<{ID}agency/polizei-sachsen>" and src == str(path) and len(digest) == 64
    # reasoning was brought up to date for the new graph
    assert "https://w3id.org/amtsgraph/graph/inferred/import/konto" in stats.output


def test_reimport_replaces_its_graph_and_is_no_conflict_with_itself(
    runner: CliRunner, store_copy: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, "anbieter.ttl", VENDOR)
    assert runner.invoke(cli, ["import", str(path), "--store", str(store_copy)]).exit_code == 0
    path.write_text(VENDOR.replace("10115", "10117"), encoding="utf-8")
    r = runner.invoke(cli, ["import", str(path), "--store", str(store_copy)])
    assert r.exit_code == 0, r.output
    assert "10115" not in r.output  # the old version of the graph is not context
    dump = _dump(runner, store_copy).decode()
    assert "address/10117" in dump and "address/10115" not in dump


def test_graph_option_names_the_graph(runner: CliRunner, store_copy: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "konto.nt", _account("polizei-sachsen"))
    r = runner.invoke(
        cli, ["import", str(path), "--graph", "Wachen Liste", "--store", str(store_copy)]
    )
    assert r.exit_code == 0 and f"{IMPORT}wachen-liste" in r.output
    two = runner.invoke(
        cli, ["import", str(path), str(path), "--graph", "x", "--store", str(store_copy)]
    )
    assert two.exit_code == 2 and "ONE file" in two.stderr


def test_import_killed_before_commit_leaves_the_store_as_it_was(
    runner: CliRunner, store_copy: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, "konto.nt", _account("polizei-sachsen"))
    before = _dump(runner, store_copy)
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "import", str(path), "--store", str(store_copy)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, PAUSE_ENV: "120"},
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # printed once everything is prepared
        assert PAUSE_ENV in line, line
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    with Store(store_copy) as store:  # openable for writing: no lock left behind
        assert f"{IMPORT}konto" not in store.graphs()
    assert _dump(runner, store_copy) == before
    # and the same import goes through afterwards
    r = runner.invoke(cli, ["import", str(path), "--store", str(store_copy)])
    assert r.exit_code == 0, r.output
