"""The SPARQL checks in context: the two-step path (``sparql_results``: some source for
each stored value, then the first sources where a finding is possible) against the exact
stage (every stored value with its first source, every target node), which is what the
checks see on the store itself. Invented hubs: a vendor and an account named in many
stored articles, as a synthetic store of 10,000 articles has them."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from graph import validation_context
from graph.store import Store
from graph.validation import Unit, _Skip, load_shapes
from graph.validation_context import build_stage, run_checks, sparql_results, stored_types
from graph.vocab import GraphNames

NAMES = GraphNames()
AG = "https://w3id.org/amtsgraph/ontology#"
ID = "https://w3id.org/amtsgraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VENDOR = f"{ID}vendor/beispiel-gmbh"
ACCOUNT = f"{ID}account/x/beispielamt"
OBSERVATION = f"{ID}observation/account-x/beispielamt/followers/2020"


def _t(s: str, p: str, o: str | ox.Literal) -> ox.Triple:
    obj = o if isinstance(o, ox.Literal) else ox.NamedNode(o)
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), obj)


def _vendor(code: str) -> list[ox.Triple]:
    address = f"{VENDOR}/address/{code}"
    return [
        _t(VENDOR, RDF_TYPE, AG + "Vendor"),
        _t(VENDOR, AG + "address", address),
        _t(address, RDF_TYPE, AG + "PostalAddress"),
        _t(address, AG + "postalCode", ox.Literal(code)),
    ]


def _account(platform: str) -> list[ox.Triple]:
    return [
        _t(ACCOUNT, RDF_TYPE, AG + "Account"),
        _t(ACCOUNT, AG + "onPlatform", f"{ID}platform/{platform}"),
    ]


def _value(value: str) -> list[ox.Triple]:
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    return [
        _t(OBSERVATION, RDF_TYPE, AG + "Observation"),
        _t(OBSERVATION, AG + "value", ox.Literal(value, datatype=decimal)),
    ]


@pytest.fixture(scope="module")
def hub_store() -> Iterator[Store]:
    """30 articles give the vendor one postal code, 3 another; 30 put the account on one
    platform, 1 on another; the observation has one value in most, another in one."""
    graphs: dict[str, list[ox.Triple]] = {}
    for i in range(33):
        name = NAMES.article(f"2015-{i:02d}-01-meldung-{i}")
        triples = _vendor("10115" if i < 30 else "20095")
        triples += _account("x" if i != 7 else "mastodon")
        triples += _value("1500" if i != 12 else "1800")
        graphs[name] = triples
    graphs[NAMES.inferred] = [_t(VENDOR, AG + "address", f"{VENDOR}/address/99999")]
    store = Store()
    store.replace_graphs(graphs)
    yield store
    store.close()


def _concerning(results: list, units: list[Unit]) -> set[tuple[object, ...]]:
    graphs = {u.graph for u in units}
    focus = set().union(*(u.focus() for u in units))
    return {
        (r.focus, r.shape, r.value, r.graphs, r.messages)
        for r in results
        if set(r.graphs) & graphs or (not r.graphs and r.focus in focus)
    }


def _exact(units: list[Unit], store: Store, skip: _Skip) -> set[tuple[object, ...]]:
    shapes = load_shapes()
    stage = build_stage(units, store, shapes, skip=skip, exact=True)
    focus = set().union(*(u.focus() for u in units))
    return _concerning(run_checks(stage, shapes, focus), units)


def _two_step(units: list[Unit], store: Store, skip: _Skip) -> set[tuple[object, ...]]:
    focus = set().union(*(u.focus() for u in units))
    return _concerning(sparql_results(units, store, load_shapes(), focus, skip), units)


UNITS = {
    "same values": _vendor("10115") + _account("x") + _value("1500"),
    "other values": _vendor("80331") + _account("threads") + _value("2000"),
    "the rarer values": _vendor("20095") + _account("mastodon") + _value("1800"),
}


@pytest.mark.parametrize("probes", [1, 64])
@pytest.mark.parametrize("slug", ["2000-01-01-frueh", "2015-06-15-mitte", "2099-01-01-spaet"])
@pytest.mark.parametrize("case", sorted(UNITS))
def test_two_steps_equal_the_exact_stage(
    hub_store: Store, monkeypatch: pytest.MonkeyPatch, probes: int, slug: str, case: str
) -> None:
    monkeypatch.setattr(validation_context, "_PROBES", probes)
    units = [Unit(NAMES.article(slug), UNITS[case])]
    skip = _Skip()
    assert _two_step(units, hub_store, skip) == _exact(units, hub_store, skip)


@pytest.mark.parametrize("probes", [1, 64])
@pytest.mark.parametrize("i", [0, 7, 12, 31])
def test_a_stored_article_checked_again_equals_the_exact_stage(
    hub_store: Store, monkeypatch: pytest.MonkeyPatch, probes: int, i: int
) -> None:
    """The unit's graph is in the store (not replaced): its stored triples may be the first
    source of a value the unit no longer gives."""
    monkeypatch.setattr(validation_context, "_PROBES", probes)
    graph = NAMES.article(f"2015-{i:02d}-01-meldung-{i}")
    for case in sorted(UNITS):
        units = [Unit(graph, UNITS[case])]
        for skip in (_Skip(), _Skip({graph})):
            assert _two_step(units, hub_store, skip) == _exact(units, hub_store, skip), case


def test_conflicts_are_found_and_name_both_sources(hub_store: Store) -> None:
    units = [Unit(NAMES.article("2000-01-01-frueh"), UNITS["other values"])]
    found = _two_step(units, hub_store, _Skip())
    shapes = {shape.rpartition("#")[2] for _, shape, *_ in found}
    assert shapes == {"VendorConflictShape", "AccountPlatformShape", "ObservationConflictShape"}
    assert all(len(graphs) == 2 for _, _, _, graphs, _ in found)
    assert not any("99999" in str(f) for f in found)  # only in the inferred graph


def test_stored_types_skip_the_inferred_and_replaced_graphs(hub_store: Store) -> None:
    address = f"{VENDOR}/address/10115"
    assert stored_types(hub_store, [address], _Skip()) == {address: {AG + "PostalAddress"}}
    everywhere = {NAMES.article(f"2015-{i:02d}-01-meldung-{i}") for i in range(33)}
    assert not stored_types(hub_store, [address], _Skip(everywhere)).get(address)


@pytest.mark.parametrize("probes", [1, 64])
def test_a_stored_article_first_source_of_a_value_it_no_longer_gives(
    monkeypatch: pytest.MonkeyPatch, probes: int
) -> None:
    """The unit's stored version is the first source of 10115, which the unit now replaces
    by 20095, first given by an earlier article: the conflict names the unit's graph for
    10115, as on the exact stage (only if the unit's graph is not replaced)."""
    monkeypatch.setattr(validation_context, "_PROBES", probes)
    graph = NAMES.article("2015-05-01-meldung")
    graphs = {NAMES.article("2015-01-01-meldung"): _vendor("20095"), graph: _vendor("10115")}
    graphs |= {NAMES.article(f"2015-{m:02d}-01-meldung"): _vendor("10115") for m in range(6, 12)}
    with Store() as store:
        store.replace_graphs(graphs)
        units = [Unit(graph, _vendor("20095"))]
        found = _two_step(units, store, _Skip())
        assert found == _exact(units, store, _Skip())
        assert len(found) == 1
        assert _two_step(units, store, _Skip({graph})) == _exact(units, store, _Skip({graph}))
