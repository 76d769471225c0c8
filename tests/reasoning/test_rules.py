"""One test per OWL 2 RL rule the reasoner relies on, named by its rule id: each with a graph
where the rule must fire and one where it must not (after OWL-RL's own test suite)."""

from __future__ import annotations

import pytest

from graph.errors import ConfigError
from tests.reasoning.conftest import Reason, has

ONTO = """
ag:Org a owl:Class . ag:Agency rdfs:subClassOf ag:Org . ag:Police rdfs:subClassOf ag:Agency .
ag:Person a owl:Class ; owl:disjointWith ag:Org .
ag:Region a owl:Class .
ag:locatedIn rdfs:range ag:Region ; owl:propertyChainAxiom ( ag:locatedIn ag:partOf ) .
ag:place rdfs:subPropertyOf ag:locatedIn .
ag:partOf a owl:TransitiveProperty ; rdfs:domain ag:Region .
ag:hasPart owl:inverseOf ag:partOf .
ag:holds rdfs:domain ag:Person . ag:postIn rdfs:range ag:Org .
ag:memberOf owl:propertyChainAxiom ( ag:holds ag:postIn ) .
ag:Account rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ag:onPlatform ;
    owl:maxCardinality "1"^^xsd:nonNegativeInteger ] .
"""


def test_cax_sco(reason: Reason) -> None:
    store, _ = reason(ONTO, a="ex:p a ag:Police . ex:q a ag:Region .")
    assert has(store, "ex:p a ag:Agency") and has(store, "ex:p a ag:Org")
    assert not has(store, "ex:q a ag:Org")
    assert not has(store, "ex:p a ag:Police")  # stated, so not in an inferred graph


def test_cax_eqc1_eqc2(reason: Reason) -> None:
    onto = "ag:Behoerde owl:equivalentClass ag:Agency ."
    store, _ = reason(onto, a="ex:x a ag:Behoerde . ex:y a ag:Agency . ex:z a ag:Org .")
    assert has(store, "ex:x a ag:Agency")  # cax-eqc1
    assert has(store, "ex:y a ag:Behoerde")  # cax-eqc2
    assert not has(store, "ex:z a ag:Agency") and not has(store, "ex:z a ag:Behoerde")


def test_prp_spo1(reason: Reason) -> None:
    store, _ = reason(ONTO, a="ex:e ag:place ex:c . ex:f ag:locatedIn ex:d .")
    assert has(store, "ex:e ag:locatedIn ex:c")
    assert not has(store, "ex:f ag:place ex:d")  # not upwards-to-downwards


def test_prp_eqp1_eqp2(reason: Reason) -> None:
    store, _ = reason("ag:sitz owl:equivalentProperty ag:locatedIn .", a="ex:a ag:sitz ex:b .")
    assert has(store, "ex:a ag:locatedIn ex:b")
    store, _ = reason("ag:sitz owl:equivalentProperty ag:locatedIn .", a="ex:a ag:locatedIn ex:b .")
    assert has(store, "ex:a ag:sitz ex:b")
    store, _ = reason("ag:sitz owl:equivalentProperty ag:locatedIn .", a="ex:a ag:partOf ex:b .")
    assert not has(store, "ex:a ag:sitz ex:b")


def test_prp_inv1_inv2(reason: Reason) -> None:
    store, _ = reason(ONTO, a="ex:c ag:partOf ex:s . ex:t ag:hasPart ex:d . ex:x ag:place ex:y .")
    assert has(store, "ex:s ag:hasPart ex:c")  # prp-inv1
    assert has(store, "ex:d ag:partOf ex:t")  # prp-inv2
    assert not has(store, "ex:y ag:hasPart ex:x")


def test_prp_symp(reason: Reason) -> None:
    onto = "ag:neighbour a owl:SymmetricProperty ."
    store, _ = reason(onto, a="ex:a ag:neighbour ex:b . ex:c ag:partOf ex:d .")
    assert has(store, "ex:b ag:neighbour ex:a")
    assert not has(store, "ex:d ag:partOf ex:c")


def test_prp_dom(reason: Reason) -> None:
    store, _ = reason(ONTO, a="ex:m ag:holds ex:post . ex:n ag:postIn ex:o .")
    assert has(store, "ex:m a ag:Person")
    assert not has(store, "ex:n a ag:Person")


def test_prp_rng(reason: Reason) -> None:
    store, _ = reason(ONTO, a='ex:post ag:postIn ex:o . ex:x ag:locatedIn "Berlin" .')
    assert has(store, "ex:o a ag:Org")
    assert not has(store, "ex:post a ag:Org")
    assert not has(store, '"Berlin" a ag:Region')  # literals are never typed


def test_prp_trp(reason: Reason) -> None:
    store, _ = reason(
        ONTO,
        a="ex:district ag:partOf ex:city .",
        b="ex:city ag:partOf ex:state . ex:state ag:partOf ex:de .",
    )
    assert has(store, "ex:district ag:partOf ex:de")  # across two article graphs
    assert has(store, "ex:city ag:partOf ex:de")
    assert not has(store, "ex:de ag:partOf ex:district")


def test_prp_spo2(reason: Reason) -> None:
    store, _ = reason(
        ONTO,
        a="ex:police ag:locatedIn ex:hannover . ex:mueller ag:holds ex:post .",
        ref="ex:hannover ag:partOf ex:niedersachsen . ex:niedersachsen ag:partOf ex:de .",
        b="ex:post ag:postIn ex:police .",
    )
    assert has(store, "ex:police ag:locatedIn ex:niedersachsen")
    assert has(store, "ex:police ag:locatedIn ex:de")
    assert has(store, "ex:mueller ag:memberOf ex:police")  # chain across two articles
    assert not has(store, "ex:hannover ag:locatedIn ex:niedersachsen")
    assert not has(store, "ex:police ag:memberOf ex:police")


def test_prp_spo2_subproperty_first_link(reason: Reason) -> None:
    store, _ = reason(ONTO, a="ex:ws ag:place ex:city . ex:city ag:partOf ex:state .")
    assert has(store, "ex:ws ag:locatedIn ex:state")


def test_cax_dw(reason: Reason) -> None:
    _store, report = reason(
        ONTO, a="ex:x a ag:Police .", b="ex:x ag:holds ex:post . ex:y a ag:Org ."
    )
    [clash] = report.inconsistencies
    assert clash.rule == "cax-dw" and clash.focus.endswith("id/x")
    assert [g.rsplit("/", 1)[1] for g in clash.graphs] == ["a", "b"]
    _, report = reason(ONTO, a="ex:x a ag:Police . ex:y ag:holds ex:post .")
    assert report.consistent


def test_cls_maxc2(reason: Reason) -> None:
    store, report = reason(
        ONTO, a="ex:acc a ag:Account ; ag:onPlatform ex:x .", b="ex:acc ag:onPlatform ex:facebook ."
    )
    [clash] = report.inconsistencies
    assert clash.rule == "cls-maxc2" and len(clash.graphs) == 2
    assert not has(store, "ex:x owl:sameAs ex:facebook")  # reported, not applied
    _, report = reason(
        ONTO, a="ex:acc a ag:Account ; ag:onPlatform ex:x . ex:other ag:onPlatform ex:y , ex:z ."
    )
    assert report.consistent  # ex:other is not an account


def test_prp_fp(reason: Reason) -> None:
    onto = "ag:holder a owl:FunctionalProperty ."
    _, report = reason(onto, a="ex:a ag:holder ex:b .", b="ex:a ag:holder ex:c .")
    assert [i.rule for i in report.inconsistencies] == ["prp-fp"]
    _, report = reason(onto, a="ex:a ag:holder ex:b .", b="ex:a ag:holder ex:b .")
    assert report.consistent


def test_scm_sco_scm_spo(reason: Reason) -> None:
    store, _ = reason(ONTO)
    assert has(store, "ag:Police rdfs:subClassOf ag:Org")
    assert not has(store, "ag:Org rdfs:subClassOf ag:Police")


def test_unsupported_chain_is_refused(reason: Reason) -> None:
    with pytest.raises(ConfigError, match="chain"):
        reason("ag:x owl:propertyChainAxiom ( ag:a ag:b ag:c ) .")
