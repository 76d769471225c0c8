"""What extraction produces: plain records with article id and text span, no RDF yet.

Records refer to entities by ``Ref(kind, key)``; how a kind and key become an IRI, and which
field becomes which property, is the business of `mappings/iris.yaml` and
`mappings/context.jsonld`, applied by :mod:`graph.mapping`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.dates import PartialDate


@dataclass(frozen=True, order=True)
class Ref:
    kind: str  # agency | person | post | region | platform | account | vendor | organization ...
    key: str


@dataclass
class Entity:
    """A thing with an identity beyond one article."""

    ref: Ref
    label: str
    cls: str  # ontology class, local name ("PoliceAgency")
    linked: bool  # matched to a known entry (gazetteer) or only found by pattern
    located_in: str | None = None  # region key
    wikidata: str | None = None
    geonames: str | None = None
    part_of: str | None = None  # regions: parent region key
    given_name: str | None = None
    family_name: str | None = None
    party: str | None = None
    legal_form: str | None = None
    former_names: tuple[str, ...] = ()
    label_en: str | None = None
    alt_labels: tuple[str, ...] = ()  # other names ("Zürich" for the canton "Kanton Zürich")
    sub_organization_of: str | None = None  # agency key: a unit inside that body


@dataclass
class Sentence:
    index: int
    text: str
    start: int
    end: int


@dataclass
class Mention:
    ref: Ref
    sentence: int
    surface: str
    start: int
    end: int


@dataclass
class Account:
    key: str  # "<platform>/<name-or-holder slug>"
    holder: Ref | None
    platform: str
    sentence: int
    name: str | None = None
    url: str | None = None
    start: PartialDate | None = None
    planned: bool = False


@dataclass
class Observation:
    subject: Ref  # an account, an agency, a person or a post
    metric: str  # ag:<metric> individual ("Followers")
    value: float
    sentence: int
    approximation: str = "Exact"
    date: PartialDate | None = None
    platform: str | None = None
    planned: bool = False
    # set when the article gives another value for the same subject, metric and date
    # ("von vier auf acht Stellen", a total and a part): the value, so the key stays apart
    # and stable across rebuilds, while the first value keeps the plain key that other
    # articles share (which is how a conflict between two articles is found)
    variant: str | None = None

    @property
    def key(self) -> str:
        when = self.date.iso() if self.date else "undated"
        platform = f"-{self.platform}" if self.platform and self.subject.kind != "account" else ""
        base = f"{self.subject.kind}-{self.subject.key}{platform}/{self.metric.lower()}/{when}"
        return f"{base}/{self.variant}" if self.variant else base


@dataclass
class Post:
    person: Ref | None
    role: str
    agency: Ref | None  # None when the text names the role but not the agency
    sentence: int

    @property
    def key(self) -> str:
        owner = self.agency or self.person
        return f"{owner.key if owner else 'unknown'}/{self.role}"


@dataclass
class Quotation:
    person: Ref
    sentence: int
    text: str


@dataclass
class Event:
    cls: str
    label: str
    sentence: int
    start: PartialDate | None = None
    end: PartialDate | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None  # region key
    organizer: Ref | None = None
    participants: list[Ref] = field(default_factory=list)
    concerns: list[Ref] = field(default_factory=list)
    platform: str | None = None
    fee: float | None = None
    currency: str | None = None
    from_value: float | None = None
    to_value: float | None = None
    planned: bool = False
    key: str = ""


@dataclass
class Address:
    vendor: Ref
    postal_code: str
    locality: str
    city: str | None  # region key
    line: int

    @property
    def key(self) -> str:
        return f"{self.vendor.key}/{self.postal_code}"


@dataclass
class ArticleRecord:
    """One article (or a teaser's target) with everything extracted from it."""

    slug: str
    title: str
    layout: str
    source: str
    content_hash: str
    text: str
    date: PartialDate | None = None
    region: str | None = None
    author: str | None = None
    image_credit: str | None = None
    keywords: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    vendors: list[Ref] = field(default_factory=list)
    entities: dict[Ref, Entity] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    planned_platforms: list[tuple[Ref, str]] = field(default_factory=list)

    def add_entity(self, entity: Entity) -> Ref:
        self.entities.setdefault(entity.ref, entity)
        return entity.ref


@dataclass
class Extraction:
    """Everything read from one source file: the article and the teasers it points to."""

    source: str
    content_hash: str
    article: ArticleRecord
    teasers: list[ArticleRecord] = field(default_factory=list)
