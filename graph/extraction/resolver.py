"""What entity resolution works with: hits at token spans and the resolver that makes the
records' entities (regions, platforms, agencies by head + place or by proper name).

Shared by `entities` (agencies, regions, platforms) and `officials` (roles and names), and by
`facts`, which looks for holders, platforms and places among the hits.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.extraction.gazetteer import Span
from graph.lexicon import AgencyHead, Lexicon
from graph.records import ArticleRecord, Entity, Ref
from graph.vocab import slugify

HOLDER_KINDS = frozenset({"agency", "person", "post", "organization"})


@dataclass
class Hit:
    """An entity found at a token span (what facts look for: holders, platforms, places)."""

    ref: Ref
    start: int
    end: int
    role: str | None = None  # for persons and posts: the role key
    topic: bool = False  # a platform only talked about ("Twitter-Debatte"): no account


class EntityResolver:
    def __init__(self, lex: Lexicon, rec: ArticleRecord, region: str | None) -> None:
        self.lex = lex
        self.rec = rec
        self.region = region  # the article's region (from its "Region:" line)
        self.region_inferred = False  # guessed from the text: no new agencies from roles
        # the article's country: decides what ambiguous names mean ("BMI", "Bundesrat")
        self.country: str | None = lex.country_of(region) if region else None

    # -- regions and platforms ---------------------------------------------------------
    def region_entity(self, key: str) -> Ref:
        r = self.lex.regions[key]
        cls = {"country": "Country", "state": "State", "city": "City", "district": "District"}
        return self.rec.add_entity(
            Entity(
                Ref("region", key),
                r.label,
                cls[r.level],
                True,
                wikidata=r.wikidata,
                geonames=r.geonames,
                part_of=r.parent,
                label_en=r.label_en,
                alt_labels=(r.short,) if r.short and r.short != r.label else (),
            )
        )

    def platform_entity(self, key: str) -> Ref:
        p = self.lex.platforms[key]
        return self.rec.add_entity(
            Entity(
                Ref("platform", key),
                p.label,
                "Platform",
                True,
                wikidata=p.wikidata,
                former_names=p.former,
            )
        )

    # -- agencies ----------------------------------------------------------------------
    def known_agency(self, key: str) -> Ref:
        a = self.lex.known_agencies[key]
        return self.rec.add_entity(
            Entity(
                Ref("agency", key), a.label, a.cls, True, located_in=a.region, wikidata=a.wikidata
            )
        )

    def head_agency(
        self, head_key: str, region_key: str, *, known_only: bool = False
    ) -> Ref | None:
        """Head + known place: "Polizei" + "sachsen" -> Polizei Sachsen (a homonym place at
        the head's level if needed: "Kantonspolizei" + Zürich the city -> the canton).
        known_only: only a body with a proper name ("Innenministerium" in Austria)."""
        head = self.lex.heads[head_key]
        found = self.lex.at_level(region_key, head.scope)
        if found is None:
            return None
        instead = dict(head.in_country).get(self.lex.country_of(found) or "")
        at_country = self.lex.regions[found].level == "country"
        if known_only and instead not in self.lex.known_agencies:
            key = f"{head.key}-{found}"
            return self.known_agency(key) if key in self.lex.known_agencies else None
        if instead and (not at_country or instead in self.lex.known_agencies):
            if instead in self.lex.known_agencies:
                return self.known_agency(instead)
            head = self.lex.heads[instead]
            found = self.lex.at_level(found, head.scope) or self.lex.state_of(found)
            if found is None:
                return None
        region_key = found
        region = self.lex.regions[region_key]
        if region.level in ("city", "district") and head.at_city_level:
            head = self.lex.heads[head.head_for_city(self.lex.state_of(region_key))]
        key = f"{head.key}-{region_key}"
        if key in self.lex.known_agencies:
            return self.known_agency(key)
        return self.rec.add_entity(
            Entity(
                Ref("agency", key),
                f"{head.label} {region.name_in_agency}",
                head.cls,
                False,
                located_in=region_key,
                alt_labels=self._alt_labels(head, region_key, region.name_in_agency),
            )
        )

    def _alt_labels(self, head: AgencyHead, region_key: str, place: str) -> tuple[str, ...]:
        """ "Magistrat Graz" for Stadtverwaltung Graz: the name the body goes by in its country."""
        alt = dict(head.alt_in_country).get(self.lex.country_of(region_key) or "")
        return (f"{alt} {place}",) if alt else ()

    def open_place_agency(self, head_key: str, place: str) -> tuple[Ref, Ref]:
        """Head + a place no list knows ("Kreisverwaltung Mainz-Bingen"): both by pattern."""
        head = self.lex.heads[head_key]
        region = self.open_region(place, head.open_place or "city")
        agency = self.rec.add_entity(
            Entity(
                Ref("agency", f"{head.key}-{region.key}"),
                f"{head.label} {place}",
                head.cls,
                False,
                located_in=region.key,
                alt_labels=self._alt_labels(head, self.region or "", place),
            )
        )
        return agency, region

    def open_region(self, place: str, level: str = "city") -> Ref:
        """A place no list knows, found by pattern ("in der Hansestadt Lüchow", "im Bezirk
        Kufstein"): unlinked, in the article's state when it has one."""
        parent = self.region if self.region and self.lex.state_of(self.region) else None
        return self.rec.add_entity(
            Entity(
                Ref("region", slugify(place)),
                place,
                {"district": "District"}.get(level, "City"),
                False,
                part_of=self.lex.state_of(parent) if parent else None,
            )
        )

    def named_agency(self, label: str) -> Ref:
        """An office named by what it is for ("Bundesamt für Justiz"): by pattern, unlinked."""
        return self.rec.add_entity(Entity(Ref("agency", slugify(label)), label, "Agency", False))

    def organization(self, name: str) -> Ref:
        """An organisation found only by name (a seminar organiser): not linked."""
        key = slugify(name)
        if key in self.lex.known_agencies:
            return self.known_agency(key)
        return self.rec.add_entity(Entity(Ref("organization", key), name, "Organization", False))


def adjacent_region(spans: list[Span], idx: int, *, left: bool) -> Span | None:
    """A region adjective or genitive right before a span, or a name or genitive right after."""
    span = spans[idx]
    if left and idx > 0:
        prev = spans[idx - 1]
        if prev.end == span.start and prev.label in ("REGION_ADJ", "REGION_GEN"):
            return prev
    if not left and idx + 1 < len(spans):
        nxt = spans[idx + 1]
        if nxt.start == span.end and nxt.label in ("REGION", "REGION_GEN"):
            return nxt
    return None
