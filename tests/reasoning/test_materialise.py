"""Materialisation in the store: the competency question it exists for, stated-only queries,
and incremental updates (add, replace, remove) equal to recomputing everything."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.pipeline import build
from graph.reasoning import AG_ONLY, Layout, materialise, update
from graph.store import Store
from tests.reasoning.conftest import graph_name, parse

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
LAYOUT = Layout()
NS = "https://w3id.org/amtsgraph/id/"
AG = "https://w3id.org/amtsgraph/ontology#"


@pytest.fixture(scope="module")
def seeds() -> Store:
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} missing: tests need ../shared/seeds beside the repository")
    store = Store()
    report = build([SEEDS], store)
    assert report.reasoning is not None and report.reasoning.full
    return store


def test_agencies_in_lower_saxony_with_a_plain_triple_pattern(seeds: Store) -> None:
    rows = seeds.query(
        f"SELECT DISTINCT ?a WHERE {{ ?a a <https://w3id.org/amtsgraph/ontology#Agency> ; "
        f"<https://w3id.org/amtsgraph/ontology#locatedIn> <{NS}region/niedersachsen> }}"
    )
    found = {r["a"].value.removeprefix(NS + "agency/") for r in rows}
    state_level = {
        "polizei-niedersachsen",
        "innenministerium-niedersachsen",
        "polizeiakademie-niedersachsen",
    }
    city_level = {
        "polizeidirektion-hannover",
        "polizeidirektion-goettingen",
        "polizeidirektion-braunschweig",
    }
    assert state_level | city_level <= found


def test_stated_only_excludes_inferred_triples(seeds: Store) -> None:
    stated_only = (
        "SELECT ?a WHERE { GRAPH ?g { ?a <https://w3id.org/amtsgraph/ontology#locatedIn> "
        f'<{NS}region/niedersachsen> }} FILTER(!STRSTARTS(STR(?g), "{LAYOUT.prefix}")) }}'
    )
    found = {r["a"].value for r in seeds.query(stated_only)}
    assert NS + "agency/polizeidirektion-hannover" not in found  # only inferred
    assert NS + "agency/polizei-niedersachsen" in found  # stated
    assert all(not LAYOUT.is_inferred(g) for g in (LAYOUT.names.reference, LAYOUT.names.ontology))


def test_article_graphs_are_never_written(seeds: Store) -> None:
    for g in seeds.graphs():
        if LAYOUT.is_inferred(g):
            continue
        assert not any(q.predicate.value.endswith("#mentions") for q in seeds.quads(g)), (
            f"{g} holds an inferred ag:mentions"
        )


ONTO = """
ag:partOf a owl:TransitiveProperty . ag:hasPart owl:inverseOf ag:partOf .
ag:locatedIn owl:propertyChainAxiom ( ag:locatedIn ag:partOf ) .
ag:memberOf owl:propertyChainAxiom ( ag:holds ag:postIn ) .
ag:Police rdfs:subClassOf ag:Org .
"""
REF = "ex:hannover ag:partOf ex:nds . ex:nds ag:partOf ex:de ."


def _snapshot(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in store.quads():
        g = q.graph_name.value  # type: ignore[union-attr]
        if LAYOUT.is_inferred(g):
            out.setdefault(g, set()).add(str(q.triple))
    return out


def _union(snapshot: dict[str, set[str]]) -> set[str]:
    return set().union(*snapshot.values())


def _check_incremental(
    graphs: dict[str, str], change: dict[str, str | None], ontology: str = ONTO
) -> None:
    """Apply ``change`` (None removes) with update(); compare with materialise() from scratch:
    the same inferred triples, each in the inferred graph of a stated graph that yields it
    (a line that several graphs yield is written once, in any one of them)."""
    store = Store()
    store.replace_graphs(
        {
            graph_name("ontology"): parse(ontology),
            **{graph_name(k): parse(v) for k, v in graphs.items()},
        }
    )
    materialise(store)
    replace = {graph_name(k): parse(v) for k, v in change.items() if v is not None}
    drop = [graph_name(k) for k, v in change.items() if v is None]
    store.replace_graphs(replace, drop=drop)
    report = update(store, replace, drop)
    assert not report.full
    incremental = _snapshot(store)
    materialise(store, once=False)
    everything = _snapshot(store)
    for g, triples in incremental.items():
        assert triples <= everything[g], f"{g} holds what its stated graph does not yield"
    materialise(store)
    assert _union(incremental) == _union(_snapshot(store)) == _union(everything)


def test_update_adds_an_article() -> None:
    _check_incremental(
        {"reference": REF}, {"article/a": "ex:p a ag:Police ; ag:locatedIn ex:hannover ."}
    )


def test_update_replaces_an_article() -> None:
    _check_incremental(
        {"reference": REF, "article/a": "ex:p ag:locatedIn ex:hannover ."},
        {
            "article/a": "ex:p ag:locatedIn ex:nds . ex:m ag:holds ex:post . "
            "ex:post ag:postIn ex:p ."
        },
    )


def test_update_removes_what_only_the_article_supported() -> None:
    graphs = {
        "reference": REF,
        "article/a": "ex:p ag:locatedIn ex:hannover .",
        "article/b": "ex:p ag:locatedIn ex:hannover . ex:stadtteil ag:partOf ex:hannover .",
        "article/c": "ex:q ag:locatedIn ex:stadtteil . ex:m ag:holds ex:post .",
        "article/d": "ex:post ag:postIn ex:p .",
    }
    _check_incremental(graphs, {"article/b": None})
    _check_incremental(graphs, {"article/d": None})
    _check_incremental(graphs, {"article/a": None, "article/d": "ex:post ag:postIn ex:q ."})


POLICE = "ex:p a ag:Police ."
ORG = f"<{NS}p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{AG}Org> ."


def _holders(store: Store, triple: str) -> list[str]:
    rows = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ {triple} }} }}")
    return sorted(r["g"].value for r in rows)


def _three_police_articles() -> Store:
    store = Store()
    store.replace_graphs(
        {graph_name("ontology"): parse(ONTO)}
        | {graph_name(f"article/{k}"): parse(POLICE) for k in "abc"}
    )
    materialise(store)
    return store


def test_a_conclusion_many_articles_yield_is_written_once() -> None:
    store = _three_police_articles()
    assert _holders(store, ORG) == [LAYOUT.inferred(graph_name("article/a"))]
    materialise(store, once=False)
    assert len(_holders(store, ORG)) == 3


@pytest.mark.parametrize(
    "change",
    [
        {"article/a": None},  # the graph holding it goes
        {"article/a": "ex:q a ag:Police ."},  # it no longer yields it
        {"article/a": None, "article/b": None},  # both go at once
        {"article/a": None, "article/c": "ex:p a ag:Org ."},  # another one states it
        # the only one left that yields it states it too: no inferred copy
        {"article/a": None, "article/b": None, "article/c": "ex:p a ag:Police, ag:Org ."},
        {"article/a": None, "article/b": None, "article/c": None},  # nobody yields it
    ],
)
def test_a_conclusion_written_once_survives_its_holder(change: dict[str, str | None]) -> None:
    _check_incremental({f"article/{k}": POLICE for k in "abc"}, change)


ACCOUNTS = (
    ONTO + "ag:hasAccount owl:inverseOf ag:accountHolder . "
    "ag:accountHolder rdfs:domain ag:Account ; rdfs:range ag:Org ."
)


@pytest.mark.parametrize(
    "change",
    [
        {"article/a": None},
        {"article/a": "ex:acc ag:accountHolder ex:other ."},
        {"article/a": None, "article/b": "ex:p ag:hasAccount ex:acc ."},
        {"article/a": None, "article/b": "ex:acc a ag:Account ."},
    ],
)
def test_conclusions_of_inverses_domains_and_ranges_are_traced_back(
    change: dict[str, str | None],
) -> None:
    """prp-inv (flipped), prp-dom (the subject's type), prp-rng (the object's type)."""
    holder = "ex:acc ag:accountHolder ex:p ."
    _check_incremental({"article/a": holder, "article/b": holder}, change, ACCOUNTS)


def test_the_holder_that_goes_hands_the_conclusion_on() -> None:
    store = _three_police_articles()
    store.replace_graphs({}, drop=[graph_name("article/a")])
    update(store, [], [graph_name("article/a")])
    [holder] = _holders(store, ORG)  # one of the two left
    assert holder in {LAYOUT.inferred(graph_name(f"article/{k}")) for k in "bc"}
    store.replace_graphs({graph_name("article/a"): parse(POLICE)})
    update(store, [graph_name("article/a")])  # already held: not written again
    assert _holders(store, ORG) == [holder]


def test_update_of_a_new_link_reaches_other_articles() -> None:
    graphs = {"reference": REF, "article/a": "ex:q ag:locatedIn ex:stadtteil ."}
    _check_incremental(graphs, {"article/b": "ex:stadtteil ag:partOf ex:hannover ."})


def test_update_reports_only_inconsistencies_it_touches() -> None:
    store = Store()
    onto = ONTO + "ag:Person owl:disjointWith ag:Org ."
    store.replace_graphs(
        {graph_name("ontology"): parse(onto), graph_name("article/a"): parse("ex:p a ag:Police .")}
    )
    assert materialise(store).consistent
    store.replace_graphs({graph_name("article/b"): parse("ex:p a ag:Person .")})
    [clash] = update(store, [graph_name("article/b")]).inconsistencies
    assert clash.graphs == (graph_name("article/a"), graph_name("article/b"))


def test_ontology_change_rematerialises() -> None:
    store = Store()
    store.replace_graphs(
        {graph_name("ontology"): parse(ONTO), graph_name("article/a"): parse("ex:p a ag:Police .")}
    )
    materialise(store)
    store.replace_graphs(
        {graph_name("ontology"): parse(ONTO + "ag:Org rdfs:subClassOf ag:Thing .")}
    )
    assert update(store, [graph_name("ontology")]).full
    assert bool(store.query(f"ASK {{ <{NS}p> a <https://w3id.org/amtsgraph/ontology#Thing> }}"))


def test_blank_nodes_are_kept_apart() -> None:
    store = Store()
    store.replace_graphs(
        {graph_name("ontology"): parse(ONTO), graph_name("article/a"): parse("[] a ag:Police .")}
    )
    report = materialise(store)
    assert report.inferred >= 1
    assert ox.NamedNode(LAYOUT.shared) in {q.graph_name for q in store.quads()}


def _precomputed(ontology: str, ref: str, graphs: dict[str, str]) -> dict:
    from graph.reasoning import Context

    ctx = Context(parse(ontology), parse(ref), AG_ONLY)
    return {graph_name(k): ctx.infer(parse(v)) for k, v in graphs.items()}


@pytest.mark.parametrize(
    "articles",
    [
        {"article/a": "ex:p a ag:Police ; ag:locatedIn ex:hannover ."},
        # the worker cannot know ex:post's agency (another article says it): derived again
        {"article/a": "ex:m ag:holds ex:post .", "article/d": "ex:post ag:postIn ex:p ."},
        # nor that another article puts a district into Hannover
        {
            "article/a": "ex:q ag:locatedIn ex:stadtteil .",
            "article/b": "ex:stadtteil ag:partOf ex:hannover .",
        },
    ],
)
def test_results_from_build_workers_equal_the_store_path(articles: dict[str, str]) -> None:
    """What the build workers derive (partial index) and the store-side pass end equal."""
    store = Store()
    stated = {graph_name("ontology"): parse(ONTO), graph_name("reference"): parse(REF)}
    store.replace_graphs({**stated, **{graph_name(k): parse(v) for k, v in articles.items()}})
    materialise(store, precomputed=_precomputed(ONTO, REF, articles))
    from_workers = _snapshot(store)
    materialise(store)
    assert from_workers == _snapshot(store)
    last = sorted(articles)[-1]
    update(store, [graph_name(last)], precomputed=_precomputed(ONTO, REF, {last: articles[last]}))
    assert _snapshot(store) == from_workers


def test_stated_only_query_in_the_readme(seeds: Store) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reasoning", 1)[1].split("\n## ", 1)[0]
    query = section.split("```sparql\n", 1)[1].split("```", 1)[0]
    from graph.vocab import PREFIXES

    found = {r["agency"].value for r in seeds.query(query, prefixes=PREFIXES)}
    assert NS + "agency/polizei-niedersachsen" in found  # stated in an article
    assert NS + "agency/polizeidirektion-hannover" not in found  # only inferred
    union = seeds.query(query.replace("FILTER", "# FILTER"), prefixes=PREFIXES)
    assert NS + "agency/polizeidirektion-hannover" in {r["agency"].value for r in union}


def test_contradicting_article_is_reported_not_fatal(seeds_dir: Path) -> None:
    """An invented article calls an agency of the seeds a person: reported with both graphs."""
    store = Store()
    build([seeds_dir], store)
    agency = NS + "agency/polizeidirektion-hannover"
    invented = graph_name("article/invented-contradiction")
    store.replace_graphs({invented: parse(f"<{agency}> a ag:Official .")})
    report = update(store, [invented])
    [clash] = [i for i in report.inconsistencies if i.focus == agency]
    assert clash.rule == "cax-dw"
    assert invented in clash.graphs
    assert any("/graph/article/" in g and g != invented for g in clash.graphs)
    assert bool(store.query(f"ASK {{ <{agency}> a <https://w3id.org/amtsgraph/ontology#Person> }}"))


def test_what_the_fixed_graphs_entail_is_written_once() -> None:
    """An article restating a gazetteer region does not repeat the region's conclusions; when
    the reference graph stops saying it, the article's own inferred graph takes them over."""
    onto = ONTO + "ag:City rdfs:subClassOf ag:Region ."
    article = "ex:hannover a ag:City ; ag:partOf ex:nds . ex:p ag:locatedIn ex:hannover ."
    store = Store()
    store.replace_graphs(
        {
            graph_name("ontology"): parse(onto),
            graph_name("reference"): parse(REF + "ex:hannover a ag:City ."),
            graph_name("article/a"): parse(article),
        }
    )
    materialise(store)
    region = f"<{NS}hannover> <https://w3id.org/amtsgraph/ontology#hasPart>"
    a_inferred = LAYOUT.inferred(graph_name("article/a"))

    def in_graph(g: str, pattern: str) -> bool:
        return bool(store.query(f"ASK {{ GRAPH <{g}> {{ {pattern} }} }}"))

    is_region = f"<{NS}hannover> a <https://w3id.org/amtsgraph/ontology#Region>"
    assert not in_graph(a_inferred, is_region)
    assert in_graph(LAYOUT.inferred(graph_name("reference")), is_region)
    assert not in_graph(a_inferred, f"<{NS}nds> {region.split()[1]} <{NS}hannover>")
    assert in_graph(a_inferred, f"<{NS}p> <https://w3id.org/amtsgraph/ontology#locatedIn> <{NS}de>")
    store.replace_graphs({graph_name("reference"): parse("ex:nds ag:partOf ex:de .")})
    assert update(store, [graph_name("reference")]).full
    assert in_graph(a_inferred, is_region)
    assert in_graph(a_inferred, f"<{NS}nds> {region.split()[1]} <{NS}hannover>")
    assert _snapshot(store) == _snapshot_after_materialise(store)


def _snapshot_after_materialise(store: Store) -> dict[str, set[str]]:
    materialise(store)
    return _snapshot(store)


def test_blank_nodes_in_disjoint_classes_are_reported() -> None:
    store = Store()
    store.replace_graphs(
        {
            graph_name("ontology"): parse(ONTO + "ag:Person owl:disjointWith ag:Org ."),
            graph_name("article/a"): parse("[] a ag:Org, ag:Person ."),
        }
    )
    [clash] = materialise(store).inconsistencies
    assert clash.rule == "cax-dw"
    assert clash.graphs == (graph_name("article/a"),)


def test_an_update_of_many_graphs_recomputes_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the store is small next to the update, recomputing everything is cheaper."""
    module = importlib.import_module("graph.reasoning.materialise")
    store = _three_police_articles()
    store.replace_graphs({}, drop=[graph_name("article/a"), graph_name("article/b")])
    assert module._full_pass_is_cheaper(stated=2, covered=0, touched=1000)
    assert not module._full_pass_is_cheaper(stated=10_000, covered=0, touched=500)
    assert module._full_pass_is_cheaper(stated=10_000, covered=10_000, touched=10_000)
    monkeypatch.setattr(module, "FULL_PASS_MIN", 1)
    report = update(store, [], [graph_name("article/a"), graph_name("article/b")])
    assert report.full
    assert _holders(store, ORG) == [LAYOUT.inferred(graph_name("article/c"))]


def test_a_clash_names_every_article_behind_a_type_written_once() -> None:
    store = Store()
    store.replace_graphs(
        {graph_name("ontology"): parse(ONTO + "ag:Person owl:disjointWith ag:Org .")}
        | {graph_name(f"article/{k}"): parse(POLICE) for k in "abc"}
        | {graph_name("article/d"): parse("ex:p a ag:Person .")}
    )
    [clash] = materialise(store).inconsistencies
    assert clash.graphs == tuple(graph_name(f"article/{k}") for k in "abcd")


@pytest.fixture
def ontology_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The build reads its ontology from a copy the test may edit."""
    import graph.pipeline as pipeline
    from graph.assets import ontology_dir

    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    monkeypatch.setattr(pipeline, "ontology_dir", lambda: folder)
    pipeline._reasoning_context.cache_clear()
    yield folder
    pipeline._reasoning_context.cache_clear()


def test_an_ontology_change_uses_what_the_workers_derived(
    ontology_copy: Path, seeds_dir: Path
) -> None:
    """A rebuild after an ontology edit changes no article, yet every inferred graph is derived
    again: from the results the build's workers computed anyway, not read back from the store."""
    store = Store()
    build([seeds_dir], store)
    (ontology_copy / "extra.ttl").write_text(
        "@prefix ag: <https://w3id.org/amtsgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ag:PoliceAgency rdfs:subClassOf ag:SecurityBody .\n",
        encoding="utf-8",
    )
    import graph.pipeline as pipeline

    pipeline._reasoning_context.cache_clear()
    report = build([seeds_dir], store)
    assert report.built == [] and report.reasoning is not None and report.reasoning.full
    assert report.reasoning.read_back == len(LAYOUT.fixed())  # no article graph read back
    assert bool(store.query(f"ASK {{ ?x a <{AG}SecurityBody> }}"))
    from_workers = _snapshot(store)
    materialise(store)  # from the store
    assert _snapshot(store) == from_workers


def test_a_bulk_update_that_leaves_the_index_alone_keeps_the_shared_graph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Large updates go through the bulk loader; the shared graph (the closed index and the
    fingerprint) must survive one that does not rewrite it."""
    module = importlib.import_module("graph.reasoning.materialise")
    monkeypatch.setattr(module, "BULK_BYTES", 0)
    store = Store()
    store.replace_graphs(
        {
            graph_name("ontology"): parse(ONTO),
            graph_name("reference"): parse(REF),
            graph_name("article/a"): parse("ex:p a ag:Police ; ag:locatedIn ex:hannover ."),
        }
    )
    materialise(store)
    closure = f"<{NS}hannover> <{AG}partOf> <{NS}de>"
    assert _holders(store, closure + " .") == [LAYOUT.shared]
    store.replace_graphs({graph_name("article/a"): parse("ex:q a ag:Police .")})
    report = update(store, [graph_name("article/a")])
    assert not report.full and not report.index_changed
    assert _holders(store, closure + " .") == [LAYOUT.shared]
    assert not update(store, [graph_name("article/a")]).full  # the fingerprint is still there
    _check_incremental(
        {"reference": REF, "article/a": "ex:p a ag:Police ."}, {"article/b": "ex:q a ag:Police ."}
    )


def test_a_small_update_does_not_list_every_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing the graphs costs 50-90 ms at 10,000 articles: a one-article update must not."""
    store = _three_police_articles()
    store.replace_graphs({graph_name("article/a"): parse("ex:q a ag:Police .")})

    def listed() -> list[str]:
        raise AssertionError("update listed every graph of the store")

    monkeypatch.setattr(store, "graphs", listed)
    assert not update(store, [graph_name("article/a")]).full
