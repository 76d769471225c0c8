"""The build's validation step: the workers' core checks are taken only when made with the
context the whole build gives, and the reports equal those of checking every article in the
build's process."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph import validation
from graph.assets import examples_dir
from graph.lexicon import load
from graph.mapping import Mapper
from graph.pipeline import _reference_quads, _work
from graph.store import Store
from graph.validation import CoreCheck, Unit, validate_units
from graph.validation_build import validate_built
from graph.validation_report import Result
from graph.vocab import DEFAULT_BASE, GraphNames

NAMES = GraphNames()
AG = "https://w3id.org/amtsgraph/ontology#"
ID = "https://w3id.org/amtsgraph/id/"
ACCOUNT = f"{ID}account/x/testamt"
HOLDER = f"{ID}agency/testamt"
TURTLE = f"""
@prefix ag: <{AG}> .
<{ACCOUNT}> a ag:Account ; ag:onPlatform <{ID}platform/x> ; ag:accountHolder <{HOLDER}> .
<{ID}platform/x> a ag:Platform .
"""
MARK = Result("Info", ACCOUNT, "urn:test", "urn:test#Marker")


def _unit() -> Unit:
    triples = [q.triple for q in ox.parse(TURTLE.encode(), format=ox.RdfFormat.TURTLE)]
    return Unit(NAMES.import_("t"), triples)


def _keys(results: list[Result]) -> list[tuple[object, ...]]:
    return sorted(
        (r.severity, r.focus, r.shape, r.component, r.path, r.value, r.graphs, r.messages)
        for r in results
    )


def test_a_check_made_ahead_is_taken_when_its_context_agrees() -> None:
    unit = _unit()  # the holder untyped, the platform its own node: no context types
    (checked,) = validate_units([unit], None, done={unit.graph: CoreCheck((MARK,), {})})
    assert MARK in checked.report.results


def test_a_check_made_ahead_with_other_context_is_made_again() -> None:
    unit = _unit()
    with Store() as store:  # the store types the holder, which the unit leaves untyped
        store.replace_graphs(
            {
                NAMES.article("b"): [
                    ox.Triple(
                        ox.NamedNode(HOLDER),
                        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                        ox.NamedNode(AG + "Agency"),
                    )
                ]
            }
        )
        done = {unit.graph: CoreCheck((MARK,), {})}
        (checked,) = validate_units([unit], store, done=done)
    assert MARK not in checked.report.results
    components = {r.component.rpartition("#")[2] for r in checked.report.results}
    assert "OrConstraintComponent" not in components  # the holder is an agency


def test_workers_checks_give_the_reports_of_the_builds_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = [_work((str(p), DEFAULT_BASE)) for p in sorted(examples_dir().glob("*"))]
    built = [b for b in built if not b.error]
    assert len(built) >= 8  # enough for the worker pool
    context = _reference_quads(Mapper.for_base(DEFAULT_BASE, load()))
    with Store() as store:
        alone = validate_built(store, built, NAMES, context, workers=1)
        in_parent = []
        core = validation.validate_core
        monkeypatch.setattr(
            validation, "validate_core", lambda *a, **k: in_parent.append(1) or core(*a, **k)
        )
        spread = validate_built(store, built, NAMES, context, workers=2)
    assert len(in_parent) < len(built) / 2  # the workers' checks were taken
    assert [b.slug for b in alone[0]] == [b.slug for b in spread[0]]
    assert alone[1].keys() == spread[1].keys()
    for slug, report in alone[1].items():
        assert _keys(report.results) == _keys(spread[1][slug].results), slug
    messages = [r.message() for report in spread[1].values() for r in report.results]
    assert any("Conflict: postal code" in m for m in messages)
