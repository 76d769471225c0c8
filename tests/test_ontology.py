"""The OWL 2 RL ontology in ontology/amtsgraph.ttl: metadata, documentation, alignments, reasoning.

The reasoning tests run owlrl's OWL 2 RL closure over the ontology plus a small instance graph.
owlrl does not raise on an inconsistency: it collects the message (e.g. rule cax-dw, "Disjoint
classes ... have a common individual ...") and, at the end of the closure, adds one node per
message to the graph, typed ``err:ErrorMessage`` with the text under ``err:error``
(``err:`` = http://www.daml.org/2002/03/agents/agent-ont#, see owlrl.Closure.Core.closure).
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "amtsgraph.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/amtsgraph/ontology")
AG = Namespace("https://w3id.org/amtsgraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
EX = Namespace("https://example.org/id/")

# Vocabularies an ag: term may be aligned with.
ALIGNMENT_NAMESPACES = (
    "https://schema.org/",
    "http://www.w3.org/ns/org#",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://rdfs.org/sioc/ns#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
)

# Terms with no true counterpart in any of the vocabularies above; each must say why in a
# skos:editorialNote. Keep this list short: an entry here is a documented exception.
UNALIGNED = {AG.isPlanned}

CLASSES = [
    "Article", "Sentence", "Mention", "Organization", "Agency", "PoliceAgency", "Ministry",
    "Government", "Parliament", "Court", "DataProtectionAuthority", "CityAdministration",
    "DistrictAdministration", "Academy", "Hospital", "University", "CustomsAgency",
    "ArmedForces", "HeadOfGovernmentOffice", "Vendor", "Person", "Official", "Post", "Role",
    "Platform", "Account", "Observation", "Metric", "Approximation", "Region", "Country",
    "State", "City", "District", "Event", "Workshop", "Seminar", "Conference", "AccountLaunch",
    "AccountShutdown", "TeamExpansion", "Incident", "Study", "PostalAddress", "Keyword",
    "Quotation", "LinkingMethod",
]  # fmt: skip

AGENCY_SUBCLASSES = [
    "PoliceAgency", "Ministry", "Government", "Parliament", "Court", "DataProtectionAuthority",
    "CityAdministration", "DistrictAdministration", "Academy", "Hospital", "University",
    "CustomsAgency", "ArmedForces", "HeadOfGovernmentOffice",
]  # fmt: skip

OBJECT_PROPERTIES = [
    "locatedIn", "partOf", "hasPart", "hasAccount", "accountHolder", "onPlatform",
    "plannedPlatform", "holds", "heldBy", "postIn", "hasPost", "role", "memberOf",
    "subOrganizationOf", "observedEntity", "metric", "approximation", "organizer",
    "participant", "place", "concerns", "address", "addressCity", "keyword", "coversRegion",
    "relatedArticle", "listsVendor", "externalLink", "mentionedIn", "mentions", "evidence",
    "inArticle", "refersTo", "quotedPerson", "quotedIn", "wikidata", "geonames", "matchedBy",
]  # fmt: skip

DATATYPE_PROPERTIES = [
    "title", "datePublished", "authorInitials", "imageCredit", "sourceFile", "contentHash",
    "layout", "teaser", "text", "charStart", "charEnd", "sentenceIndex", "surfaceForm",
    "accountName", "accountUrl", "startDate", "endDate", "startTime", "endTime", "value",
    "observationDate", "isPlanned", "fromValue", "toValue", "fee", "currency", "audience",
    "postalCode", "locality", "legalForm", "formerName", "altName", "hashtag", "party",
    "givenName", "familyName",
]  # fmt: skip

INDIVIDUALS = {
    "Metric": ["Followers", "Fans", "Subscribers", "AccountCount", "StaffCount", "Downloads",
               "Percentage", "Participants"],
    "Approximation": ["Exact", "Approximately", "MoreThan", "LessThan", "AtLeast"],
    "LinkingMethod": ["Gazetteer", "Pattern"],
}  # fmt: skip

# (subject, alignment target) pairs the mapping and the queries rely on.
REQUIRED_ALIGNMENTS = [
    (AG.Article, SCHEMA.Article), (AG.Article, PROV.Entity), (AG.Article, FOAF.Document),
    (AG.Organization, ORG.Organization), (AG.Organization, FOAF.Organization),
    (AG.Organization, SCHEMA.Organization), (AG.Agency, SCHEMA.GovernmentOrganization),
    (AG.Agency, ORG.FormalOrganization), (AG.Person, FOAF.Person), (AG.Person, SCHEMA.Person),
    (AG.Post, ORG.Post), (AG.Role, ORG.Role), (AG.Observation, SCHEMA.Observation),
    (AG.Region, SCHEMA.Place), (AG.Region, PROV.Location), (AG.Event, SCHEMA.Event),
    (AG.Quotation, SCHEMA.Quotation), (AG.locatedIn, SCHEMA.location),
    (AG.partOf, SCHEMA.containedInPlace), (AG.hasAccount, FOAF.account),
    (AG.holds, ORG.holds), (AG.postIn, ORG.postIn), (AG.memberOf, ORG.memberOf),
    (AG.evidence, PROV.wasDerivedFrom), (AG.keyword, DCTERMS.subject),
    (AG.title, DCTERMS.title), (AG.datePublished, SCHEMA.datePublished),
    (AG.value, SCHEMA.value), (AG.wikidata, SCHEMA.sameAs),
]  # fmt: skip

DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def ag_terms(g: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s in AG}


def all_ag_terms(g: Graph) -> set[URIRef]:
    return set().union(*(ag_terms(g, k) for k in DECLARATION_TYPES))


def parents(g: Graph, term: URIRef) -> set:
    preds = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)
    return {o for p in preds for o in g.objects(term, p)}


def is_external(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(ALIGNMENT_NAMESPACES)


def is_aligned(g: Graph, term: URIRef, seen: frozenset = frozenset()) -> bool:
    """Directly aligned with an external vocabulary, or a subterm of an aligned ag: term."""
    for sup in parents(g, term):
        if is_external(sup):
            return True
        internal = isinstance(sup, URIRef) and sup in AG and sup not in seen
        if internal and is_aligned(g, sup, seen | {term}):
            return True
    return False


def closure(*graphs: Graph) -> Graph:
    g = Graph()
    for part in graphs:
        for t in part:
            g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def errors(g: Graph) -> list[str]:
    return [str(m) for node in g.subjects(RDF.type, ERR.ErrorMessage)
            for m in g.objects(node, ERR.error)]  # fmt: skip


# --------------------------------------------------------------------------- metadata


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert list(onto.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/amtsgraph/ontology/0.1.0"
    )
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("ag")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        langs = {o.language for o in onto.objects(ONTOLOGY_IRI, prop)}
        assert {"de", "en"} <= langs, prop


def test_prefix_is_bound(onto: Graph) -> None:
    assert dict(onto.namespaces())["ag"] == URIRef(str(AG))


# --------------------------------------------------------------------------- term lists


@pytest.mark.parametrize("name", CLASSES)
def test_class_declared(onto: Graph, name: str) -> None:
    assert (AG[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_object_property_declared(onto: Graph, name: str) -> None:
    assert (AG[name], RDF.type, OWL.ObjectProperty) in onto
    assert (AG[name], RDF.type, OWL.DatatypeProperty) not in onto


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_datatype_property_declared(onto: Graph, name: str) -> None:
    assert (AG[name], RDF.type, OWL.DatatypeProperty) in onto
    assert (AG[name], RDF.type, OWL.ObjectProperty) not in onto


@pytest.mark.parametrize("name", AGENCY_SUBCLASSES)
def test_agency_subclass(onto: Graph, name: str) -> None:
    assert (AG[name], RDFS.subClassOf, AG.Agency) in onto


@pytest.mark.parametrize(
    ("cls", "name"), [(c, i) for c, names in INDIVIDUALS.items() for i in names]
)
def test_concept_individual(onto: Graph, cls: str, name: str) -> None:
    ind = AG[name]
    assert (ind, RDF.type, AG[cls]) in onto
    assert (ind, RDF.type, SKOS.Concept) in onto
    scheme = onto.value(ind, SKOS.inScheme)
    assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in onto
    langs = {o.language for o in onto.objects(ind, RDFS.label)}
    assert {"de", "en"} <= langs


def test_metric_scheme(onto: Graph) -> None:
    assert (AG.Metrics, RDF.type, SKOS.ConceptScheme) in onto
    in_scheme = set(onto.subjects(SKOS.inScheme, AG.Metrics))
    assert in_scheme == {AG[n] for n in INDIVIDUALS["Metric"]}


@pytest.mark.parametrize(("term", "target"), REQUIRED_ALIGNMENTS)
def test_required_alignment(onto: Graph, term: URIRef, target: URIRef) -> None:
    assert target in parents(onto, term)


# --------------------------------------------------------------------------- documentation


def test_term_lists_are_complete(onto: Graph) -> None:
    """Every declared ag: term is in one of the lists above, so the per-term tests see it."""
    listed = {AG[n] for n in CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES}
    assert all_ag_terms(onto) == listed


def _all_terms() -> list[str]:
    return CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES


@pytest.mark.parametrize("name", _all_terms())
def test_term_documented(onto: Graph, name: str) -> None:
    term = AG[name]
    labels = list(onto.objects(term, RDFS.label))
    assert {"de", "en"} <= {lbl.language for lbl in labels}, f"{name}: rdfs:label @de and @en"
    assert all(str(lbl).strip() for lbl in labels)
    comments = [c for c in onto.objects(term, RDFS.comment) if c.language == "en"]
    assert comments and all(len(str(c)) > 10 for c in comments), f"{name}: rdfs:comment @en"
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto


@pytest.mark.parametrize("name", _all_terms())
def test_term_aligned(onto: Graph, name: str) -> None:
    term = AG[name]
    if term in UNALIGNED:
        assert not is_aligned(onto, term), f"{name} is aligned now; drop it from UNALIGNED"
        assert onto.value(term, SKOS.editorialNote) is not None
    else:
        assert is_aligned(onto, term), f"{name} has no alignment to an external vocabulary"


def test_alignment_targets_are_known_vocabularies(onto: Graph) -> None:
    """Named super-terms are ag: terms or come from the agreed external vocabularies."""
    for term in all_ag_terms(onto):
        for sup in parents(onto, term):
            if isinstance(sup, URIRef):
                assert sup in AG or is_external(sup), f"{term} -> {sup}"


def test_label_languages_unique(onto: Graph) -> None:
    """At most one rdfs:label per language and term (one preferred name)."""
    for term in all_ag_terms(onto):
        langs = [lbl.language for lbl in onto.objects(term, RDFS.label)]
        assert len(langs) == len(set(langs)), term


def test_external_vocabularies_not_redefined(onto: Graph) -> None:
    """Only ag: resources (and anonymous restrictions/lists) are described as subjects."""
    for s in set(onto.subjects()):
        if isinstance(s, URIRef):
            assert s in AG or s == ONTOLOGY_IRI, f"statements about external term {s}"


# --------------------------------------------------------------------------- well-formedness


def test_every_ag_reference_is_declared(onto: Graph) -> None:
    """Every ag: IRI used anywhere (axiom targets, domains, ranges, chains) is declared."""
    individuals = {AG[n] for names in INDIVIDUALS.values() for n in names}
    schemes = set(onto.subjects(RDF.type, SKOS.ConceptScheme))
    declared = all_ag_terms(onto) | individuals | schemes
    used = {n for t in onto for n in t if isinstance(n, URIRef) and n in AG}
    assert used - declared == set()


def test_domains_and_ranges_are_declared(onto: Graph) -> None:
    classes = ag_terms(onto, OWL.Class)
    for prop in all_ag_terms(onto) - classes:
        for axiom in (RDFS.domain, RDFS.range):
            for target in onto.objects(prop, axiom):
                if isinstance(target, URIRef) and target in AG:
                    assert target in classes, f"{prop} {axiom} {target}"
                else:
                    assert isinstance(target, URIRef), f"{prop}: anonymous {axiom}"
    for prop in ag_terms(onto, OWL.DatatypeProperty):
        for target in onto.objects(prop, RDFS.range):
            assert target in XSD, f"datatype property {prop} has non-XSD range {target}"


def test_subclass_targets_in_ag_are_classes(onto: Graph) -> None:
    classes = ag_terms(onto, OWL.Class)
    for s, o in onto.subject_objects(RDFS.subClassOf):
        if isinstance(o, URIRef) and o in AG:
            assert o in classes, f"{s} subClassOf undeclared {o}"
    props = all_ag_terms(onto) - classes
    for s, o in onto.subject_objects(RDFS.subPropertyOf):
        if isinstance(o, URIRef) and o in AG:
            assert o in props, f"{s} subPropertyOf undeclared {o}"


def test_property_kinds_match_parents(onto: Graph) -> None:
    """An ag: property is only a sub-property of an ag: property of the same kind."""
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ag_terms(onto, kind):
            for sup in onto.objects(prop, RDFS.subPropertyOf):
                if sup in AG:
                    assert (sup, RDF.type, kind) in onto, f"{prop} -> {sup}"


def test_owl2rl_superclass_expressions(onto: Graph) -> None:
    """OWL 2 RL: anonymous superclasses/domains/ranges are at most max-cardinality 0/1."""
    forbidden = {
        OWL.someValuesFrom, OWL.unionOf, OWL.oneOf, OWL.minCardinality, OWL.cardinality,
        OWL.minQualifiedCardinality, OWL.qualifiedCardinality,
    }  # fmt: skip
    checked = 0
    for pred in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.equivalentClass):
        for _, sup in onto.subject_objects(pred):
            if not isinstance(sup, BNode):
                continue
            checked += 1
            used = set(onto.predicates(sup))
            assert not used & forbidden, f"{pred} with {used & forbidden}"
            for card in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
                for n in onto.objects(sup, card):
                    assert int(n) in (0, 1)
    assert checked >= 1  # the max-cardinality restriction on ag:Account


def test_no_functional_platform_property(onto: Graph) -> None:
    """ag:onPlatform is not functional: events/observations may name several platforms."""
    assert (AG.onPlatform, RDF.type, OWL.FunctionalProperty) not in onto
    assert (AG.postalCode, RDF.type, OWL.FunctionalProperty) not in onto


@pytest.mark.parametrize(
    ("prop", "chain"),
    [(AG.locatedIn, [AG.locatedIn, AG.partOf]), (AG.memberOf, [AG.holds, AG.postIn])],
)
def test_property_chains(onto: Graph, prop: URIRef, chain: list[URIRef]) -> None:
    lists = list(onto.objects(prop, OWL.propertyChainAxiom))
    assert [list(Collection(onto, lst)) for lst in lists] == [chain]


def test_disjointness_axioms(onto: Graph) -> None:
    def disjoint(a: URIRef, b: URIRef) -> bool:
        return (a, OWL.disjointWith, b) in onto or (b, OWL.disjointWith, a) in onto

    assert disjoint(AG.Person, AG.Organization)
    assert disjoint(AG.Region, AG.Organization)
    assert disjoint(AG.Region, AG.Person)


def test_ontology_alone_is_consistent(onto: Graph) -> None:
    assert errors(closure(onto)) == []


# --------------------------------------------------------------------------- reasoning

INSTANCES = f"""
@prefix ag: <{AG}> .
@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:polizei-sachsen a ag:PoliceAgency ;
    ag:locatedIn ex:dresden ;
    ag:hasAccount ex:polizei-sachsen-x ;
    ag:plannedPlatform ex:mastodon .
ex:dresden a ag:City ; ag:partOf ex:sachsen .
ex:sachsen a ag:State ; ag:partOf ex:deutschland .
ex:deutschland a ag:Country .
ex:leipzig a ag:City ; ag:partOf ex:sachsen .

ex:polizei-sachsen-x a ag:Account ;
    ag:onPlatform ex:x ;
    ag:accountName "@PolizeiSachsen" ;
    ag:evidence ex:s1 .
ex:x a ag:Platform .
ex:mastodon a ag:Platform .

ex:workshop a ag:Workshop ;
    ag:place ex:leipzig ;
    ag:onPlatform ex:x , ex:mastodon ;
    ag:startTime "10:00:00"^^xsd:time ;
    ag:fee 99.50 ;
    ag:evidence ex:s1 .

ex:obs a ag:Observation ;
    ag:observedEntity ex:polizei-sachsen-x ;
    ag:metric ag:Followers ;
    ag:approximation ag:MoreThan ;
    ag:value 25000 ;
    ag:onPlatform ex:x , ex:mastodon ;
    ag:isPlanned false ;
    ag:evidence ex:s1 .
ex:share a ag:Observation ; ag:metric ag:Percentage ; ag:value 12.5 .

ex:mueller a ag:Official ; ag:holds ex:post1 ; ag:givenName "Anna" .
ex:post1 a ag:Post ; ag:postIn ex:polizei-sachsen ; ag:role ex:spokesperson .

ex:s1 a ag:Sentence ;
    ag:inArticle ex:a1 ;
    ag:text "Die Polizei Sachsen hat über 25.000 Follower."@de ;
    ag:charStart 0 ; ag:charEnd 45 ; ag:sentenceIndex 0 .
ex:m1 a ag:Mention ; ag:refersTo ex:polizei-sachsen ; ag:surfaceForm "Polizei Sachsen" ;
    ag:inArticle ex:a1 ; ag:evidence ex:s1 .
ex:a1 a ag:Article ;
    ag:title "Polizei Sachsen wächst auf X"@de ;
    ag:datePublished "2024-03-01"^^xsd:date ;
    ag:layout "news" ;
    ag:listsVendor ex:vendor1 .
ex:vendor1 a ag:Vendor .
"""


@pytest.fixture(scope="module")
def inferred(onto: Graph) -> Graph:
    return closure(onto, Graph().parse(data=INSTANCES, format="turtle"))


def test_example_instances_are_consistent(inferred: Graph) -> None:
    assert errors(inferred) == []


@pytest.mark.parametrize(
    "cls", [AG.Agency, AG.Organization, SCHEMA.Organization, SCHEMA.GovernmentOrganization,
            ORG.Organization, ORG.FormalOrganization, FOAF.Organization],
)  # fmt: skip
def test_police_agency_is_agency_and_organization(inferred: Graph, cls: URIRef) -> None:
    assert (EX["polizei-sachsen"], RDF.type, cls) in inferred


def test_located_in_follows_transitive_part_of(inferred: Graph) -> None:
    assert (EX.sachsen, AG.partOf, EX.deutschland) in inferred
    assert (EX.dresden, AG.partOf, EX.deutschland) in inferred  # transitivity
    located = set(inferred.objects(EX["polizei-sachsen"], AG.locatedIn))
    assert located == {EX.dresden, EX.sachsen, EX.deutschland}  # chain, and no more
    assert (EX["polizei-sachsen"], SCHEMA.location, EX.deutschland) in inferred
    assert (EX.deutschland, AG.hasPart, EX.dresden) in inferred  # inverse


def test_event_place_propagates(inferred: Graph) -> None:
    assert (EX.workshop, AG.locatedIn, EX.deutschland) in inferred
    assert (EX.workshop, RDF.type, AG.Event) in inferred
    assert (EX.workshop, RDF.type, SCHEMA.Event) in inferred


def test_member_of_follows_post(inferred: Graph) -> None:
    assert (EX.mueller, AG.memberOf, EX["polizei-sachsen"]) in inferred
    assert (EX.mueller, ORG.memberOf, EX["polizei-sachsen"]) in inferred
    assert (EX.post1, AG.heldBy, EX.mueller) in inferred
    assert (EX["polizei-sachsen"], AG.hasPost, EX.post1) in inferred
    assert (EX.mueller, RDF.type, FOAF.Person) in inferred


def test_inverses_and_subproperties(inferred: Graph) -> None:
    assert (EX["polizei-sachsen-x"], AG.accountHolder, EX["polizei-sachsen"]) in inferred
    assert (EX.vendor1, AG.mentionedIn, EX.a1) in inferred
    assert (EX.a1, SCHEMA.mentions, EX.vendor1) in inferred
    assert (EX.obs, PROV.wasDerivedFrom, EX.s1) in inferred
    assert (EX.m1, PROV.wasDerivedFrom, EX.s1) in inferred


def test_ranges_type_values(inferred: Graph) -> None:
    assert (EX.mastodon, RDF.type, AG.Platform) in inferred
    assert (EX.a1, RDF.type, SCHEMA.Article) in inferred
    assert (EX.spokesperson, RDF.type, AG.Role) in inferred


def test_several_platforms_are_not_merged_for_events(inferred: Graph) -> None:
    assert (EX.x, OWL.sameAs, EX.mastodon) not in inferred
    assert (EX.mastodon, OWL.sameAs, EX.x) not in inferred


def test_account_has_at_most_one_platform(onto: Graph) -> None:
    data = Graph().parse(
        data=f"""@prefix ag: <{AG}> . @prefix ex: <{EX}> .
        ex:acc a ag:Account ; ag:onPlatform ex:p1 , ex:p2 .""",
        format="turtle",
    )
    g = closure(onto, data)
    assert (EX.p1, OWL.sameAs, EX.p2) in g


def _clash(onto: Graph, types: list[URIRef]) -> list[str]:
    data = Graph()
    for t in types:
        data.add((EX.thing, RDF.type, t))
    return errors(closure(onto, data))


@pytest.mark.parametrize(
    ("a", "b"),
    [(AG.Person, AG.Organization), (AG.Official, AG.PoliceAgency), (AG.City, AG.Person),
     (AG.Region, AG.Organization)],
)  # fmt: skip
def test_disjoint_classes_are_reported(onto: Graph, a: URIRef, b: URIRef) -> None:
    messages = _clash(onto, [a, b])
    assert any("Disjoint classes" in m and str(EX.thing) in m for m in messages), messages


@pytest.mark.parametrize("cls", [AG.Person, AG.Organization, AG.Region])
def test_single_type_is_not_reported(onto: Graph, cls: URIRef) -> None:
    assert _clash(onto, [cls]) == []


def test_person_via_domain_clashes_with_agency(onto: Graph) -> None:
    """A domain inference that makes an agency a person is caught (ag:holds has domain Person)."""
    data = Graph()
    data.add((EX.agency, RDF.type, AG.Ministry))
    data.add((EX.agency, AG.holds, EX.post))
    messages = errors(closure(onto, data))
    assert any("Disjoint classes" in m for m in messages)
