"""Entities from gazetteer spans: agencies, regions, platforms, officials and their posts.

German word order is the only thing coded here; what the words mean comes from the lexicon:
  [region adjective | region genitive] HEAD            "sächsische Polizei", "Sachsens Polizei"
  HEAD [des Freistaats] REGION {, REGION} [und REGION]  "Polizeibehörden Hannover, Göttingen"
  ROLE Given Family | Given Family, [region] ROLE       "Innenminister Jörg Geibert"
  ROLE [von|aus|in] REGION                              "Innenministerin von Sachsen"
  OPEN-PLACE HEAD Capitalised-Name                      "Kreisverwaltung Mainz-Bingen" (pattern)
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from graph.extraction.gazetteer import Span
from graph.extraction.nlp import lemma
from graph.lexicon import Lexicon, Role
from graph.records import ArticleRecord, Entity, Post, Ref
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

    def head_agency(self, head_key: str, region_key: str) -> Ref | None:
        """Head + known place: "Polizei" + "sachsen" -> Polizei Sachsen (a homonym place at
        the head's level if needed: "Kantonspolizei" + Zürich the city -> the canton)."""
        head = self.lex.heads[head_key]
        found = self.lex.at_level(region_key, head.scope)
        if found is None:
            return None
        instead = dict(head.in_country).get(self.lex.country_of(found) or "")
        if instead and self.lex.regions[found].level != "country":
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
            )
        )

    def open_place_agency(self, head_key: str, place: str) -> tuple[Ref, Ref]:
        """Head + a place no list knows ("Kreisverwaltung Mainz-Bingen"): both by pattern."""
        head = self.lex.heads[head_key]
        level = head.open_place or "city"
        parent = self.region if self.region and self.lex.state_of(self.region) else None
        region = self.rec.add_entity(
            Entity(
                Ref("region", slugify(place)),
                place,
                {"district": "District"}.get(level, "City"),
                False,
                part_of=self.lex.state_of(parent) if parent else None,
            )
        )
        agency = self.rec.add_entity(
            Entity(
                Ref("agency", f"{head.key}-{region.key}"),
                f"{head.label} {place}",
                head.cls,
                False,
                located_in=region.key,
            )
        )
        return agency, region

    def organization(self, name: str) -> Ref:
        """An organisation found only by name (a seminar organiser): not linked."""
        key = slugify(name)
        if key in self.lex.known_agencies:
            return self.known_agency(key)
        return self.rec.add_entity(Entity(Ref("organization", key), name, "Organization", False))


def resolve(doc: Doc, spans: list[Span], res: EntityResolver) -> list[Hit]:
    """Turn spans into hits, combining heads with regions and roles with names."""
    lex = res.lex
    if res.region is None:
        res.region = _dominant_state(spans, lex)
        res.region_inferred = res.region is not None
    hits: list[Hit] = []
    by_start = {s.start: s for s in spans}
    used: set[int] = set()
    for idx, span in enumerate(spans):
        if span.start in used:
            continue
        if span.label == "MEDIA":
            continue  # "Kölner Stadt-Anzeiger": an organisation, not a place
        if span.label == "AGENCY":
            hits.append(Hit(res.known_agency(span.key), span.start, span.end))
        elif span.label == "HEAD":
            hits.extend(_head_hits(doc, spans, idx, by_start, res, used))
        elif span.label == "REGION_HEAD":
            region, head = span.key.split("|")
            ref = res.head_agency(head, region)
            if ref:
                hits.append(Hit(ref, span.start, span.end))
                place = res.rec.entities[ref].located_in or region
                hits.append(Hit(res.region_entity(place), span.start, span.end))
        elif span.label == "PLATFORM_TOPIC":
            hits.append(Hit(res.platform_entity(span.key), span.start, span.end, topic=True))
        elif span.label in ("PLATFORM", "PLATFORM_AMBIG"):
            if span.label == "PLATFORM" or _platform_context(doc, spans, idx, lex):
                hits.append(Hit(res.platform_entity(span.key), span.start, span.end))
        elif span.label == "ROLE":
            found = _role_hits(doc, spans, idx, res, hits)
            hits.extend(found)
            for h in found:  # "Polizeipräsidentin Katrin Oldenburg": the surname is no place
                if h.ref.kind == "person":
                    used.update(s.start for s in spans if h.start <= s.start < h.end)
        elif span.label.startswith("REGION"):
            nxt = doc[span.end].text.lower() if span.end < len(doc) else ""
            if span.label == "REGION_ADJ" and nxt in lex.not_region_before:
                continue
            hits.append(Hit(res.region_entity(span.key), span.start, span.end))
    hits.extend(_party_hits(doc, hits, res))
    hits.extend(_surname_hits(doc, hits, spans))
    hits.sort(key=lambda h: h.start)
    return hits


def _dominant_state(spans: list[Span], lex: Lexicon) -> str | None:
    """An article with no region line that is about one state or country: the one it names
    most, by a clear margin ("das Innenministerium" in a Brandenburg commentary)."""
    seen: dict[str, int] = {}
    for s in spans:
        key = s.key.split("|")[0] if s.label == "REGION_HEAD" else s.key
        if s.label.startswith("REGION") and lex.regions[key].level in ("state", "country"):
            seen[key] = seen.get(key, 0) + 1
    ranked = sorted(seen.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _platform_context(doc: Doc, spans: list[Span], idx: int, lex: Lexicon) -> bool:
    span = spans[idx]
    before = doc[span.start - 1].text.lower() if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    near = any(
        s.label == "PLATFORM" and abs(s.start - span.start) <= 3
        for s in spans[max(0, idx - 2) : idx + 3]
        if s is not span
    )
    return before in lex.platform_context or near or after.startswith("(")


def _adjacent_region(spans: list[Span], idx: int, *, left: bool) -> Span | None:
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


def _head_hits(
    doc: Doc,
    spans: list[Span],
    idx: int,
    by_start: dict[int, Span],
    res: EntityResolver,
    used: set[int],
) -> list[Hit]:
    lex = res.lex
    head = spans[idx]
    hits: list[Hit] = []
    left = _adjacent_region(spans, idx, left=True)
    if left:
        ref = res.head_agency(head.key, left.key)
        if ref:
            hits.append(Hit(ref, left.start, head.end))
            hits.append(Hit(res.region_entity(left.key), left.start, left.end))
            return hits
    if head.text[:1].islower():
        return hits
    # HEAD des Freistaats Sachsen / HEAD des Landes (-> the article's region)
    pos = head.end
    if (
        pos + 1 < len(doc)
        and doc[pos].lower_ in lex.link_words
        and doc[pos + 1].lower_ in lex.state_titles
    ):
        pos += 2
        region = by_start.get(pos)
        key = region.key if region and region.label.startswith("REGION") else None
        if key is None and lex.heads[head.key].bare and res.region:
            key = res.region
            region = None
        if key:
            ref = res.head_agency(head.key, key)
            if ref:
                end = region.end if region else pos
                hits.append(Hit(ref, head.start, end))
                if region:
                    used.add(region.start)
                    hits.append(Hit(res.region_entity(key), region.start, region.end))
            return hits
    # HEAD REGION {, REGION} [und REGION]: coordinated lists are several agencies
    hits.extend(_coordinated(doc, spans, idx, res, used))
    if not hits:
        hits.extend(_open_place(doc, spans, idx, res))
    if (
        not hits
        and lex.heads[head.key].bare
        and res.region
        and lex.regions[res.region].level in ("state", "country")
    ):
        ref = res.head_agency(head.key, res.region)  # "das Innenministerium" in a Thüringen item
        if ref:
            hits.append(Hit(ref, head.start, head.end))
    return hits


def _coordinated(
    doc: Doc, spans: list[Span], idx: int, res: EntityResolver, used: set[int]
) -> list[Hit]:
    head = spans[idx]
    hits: list[Hit] = []
    j = idx
    while j + 1 < len(spans):
        nxt = spans[j + 1]
        gap = [t.lower_ for t in doc[spans[j].end : nxt.start]]
        if (
            nxt.label not in ("REGION", "REGION_GEN")
            or (j > idx and gap not in ([","], ["und"], ["sowie"], ["oder"]))
            or (j == idx and gap)
        ):
            break
        ref = res.head_agency(head.key, nxt.key)
        if ref is None:
            break
        used.add(nxt.start)
        hits.append(Hit(ref, head.start if j == idx else nxt.start, nxt.end))
        place = res.rec.entities[ref].located_in or nxt.key  # the canton, not the city
        hits.append(Hit(res.region_entity(place), nxt.start, nxt.end))
        j += 1
    return hits


def _open_place(doc: Doc, spans: list[Span], idx: int, res: EntityResolver) -> list[Hit]:
    """HEAD + a capitalised name no list knows: a canton's short name ("Kantonspolizei
    Glarus") or, after an open_place head, a place found by pattern ("Landratsamt Bautzen")."""
    lex = res.lex
    head = spans[idx]
    pos = head.end
    if pos >= len(doc) or (idx + 1 < len(spans) and spans[idx + 1].start == pos):
        return []
    tok = doc[pos]
    for n in (3, 2, 1):  # "Kantonspolizei St. Gallen", "Kantonspolizei Glarus"
        short = lex.region_shorts.get(doc[pos : pos + n].text.lower())
        if short:
            ref = res.head_agency(head.key, short)
            if ref is None:
                return []
            return [Hit(ref, head.start, pos + n), Hit(res.region_entity(short), pos, pos + n)]
    if not lex.heads[head.key].open_place or not _place_like(tok.text, lex):
        return []
    agency, region = res.open_place_agency(head.key, tok.text)
    return [Hit(agency, head.start, pos + 1), Hit(region, pos, pos + 1)]


def _place_like(text: str, lex: Lexicon) -> bool:
    parts = text.split("-")
    if not all(p[:1].isupper() and p.isalpha() for p in parts) or text in lex.not_names:
        return False
    low = text.lower()
    if low in lex.metric_nouns or low in lex.event_nouns or low.endswith(lex.not_place_endings):
        return False
    return len(parts) > 1 or lemma(text) == low  # "Anträge" -> "antrag": a common noun


def _name_after(
    doc: Doc, pos: int, lex: Lexicon, spans_at: set[int], places: set[int] = frozenset()
) -> tuple[int, int] | None:
    """Up to three capitalised tokens after a role; a one-word place name counts as the
    surname after a given name ("Katrin Oldenburg")."""
    end = pos
    while end < len(doc) and end - pos < 3:
        tok = doc[end]
        surname_place = end - pos == 1 and end in places and end - 1 not in spans_at
        if (
            not (tok.is_alpha and tok.text[:1].isupper())
            or tok.text in lex.not_names
            or (end in spans_at and not surname_place)
            or (end - pos >= 2 and end + 1 < len(doc) and doc[end + 1].like_num)  # "Gasse 7"
        ):
            break
        end += 1
        if surname_place:
            break
    return (pos, end) if end - pos >= 2 else None


def _name_before(doc: Doc, pos: int, lex: Lexicon) -> tuple[int, int] | None:
    """ "Boris Pistorius, Niedersachsens Minister": two capitalised tokens before a comma."""
    if pos < 3 or doc[pos - 1].text != ",":
        return None
    if pos >= 7 and doc[pos - 2].text == ")" and doc[pos - 4].text == "(":
        pos -= 3  # "Anna Keller (SPD), Innenministerin"
    a, b = doc[pos - 3], doc[pos - 2]
    if all(t.is_alpha and t.text[:1].isupper() and t.text not in lex.not_names for t in (a, b)):
        return (pos - 3, pos - 1)
    return None


def _role_hits(
    doc: Doc, spans: list[Span], idx: int, res: EntityResolver, before: list[Hit]
) -> list[Hit]:
    lex = res.lex
    span = spans[idx]
    role = lex.roles[span.key]
    left = _adjacent_region(spans, idx, left=True) or _region_after(doc, spans, idx, lex)
    region = left.key if left else res.region
    hits: list[Hit] = []
    if left:
        hits.append(Hit(res.region_entity(left.key), left.start, left.end))
    agency: Ref | None = _agency_after(doc, spans, idx, res)
    guessed: str | None = None
    if agency is not None:
        pass
    elif role.agency:
        agency = res.known_agency(role.agency)
    elif left is None and (found := _last_agency(role, before, res)):
        agency = found  # "Pressesprecherin Eva Roth" in an item about one agency
    elif role.agency_head and region and (left or not (res.region_inferred and role.in_any_agency)):
        guessed = region  # made from the role's head: only for a named holder (below)
    spans_at = {i for s in spans for i in range(s.start, s.end)}
    places = {s.start for s in spans if s.label == "REGION" and s.end == s.start + 1}
    name = _name_after(doc, span.end, lex, spans_at, places)
    start = left.start if left and left.start < span.start else span.start
    if name is None:
        name = _name_before(doc, start, lex)
    if guessed and (name or left or not res.region_inferred):  # "mit der Ministerin" alone
        agency = res.head_agency(role.agency_head or "", guessed)
    if agency is None and role.default_agency:
        agency = res.known_agency(role.default_agency)
    person: Ref | None = None
    if name:
        tokens = doc[name[0] : name[1]]
        full = tokens.text
        person = res.rec.add_entity(
            Entity(
                Ref("person", slugify(full)),
                full,
                "Official",
                False,
                given_name=" ".join(t.text for t in tokens[:-1]),
                family_name=tokens[-1].text,
                party=_party(doc, name[1], lex),
            )
        )
        hits.append(Hit(person, name[0], name[1], role=role.key))
    if agency is not None or person is not None:
        post = Post(person, role.key, agency, -1)
        if not any(p.key == post.key and p.person == person for p in res.rec.posts):
            res.rec.posts.append(post)
        where = f", {res.rec.entities[agency].label}" if agency else ""
        res.rec.add_entity(Entity(Ref("post", post.key), f"{role.label}{where}", "Post", False))
        hits.append(Hit(Ref("post", post.key), start, span.end, role=role.key))
    return hits


def _last_agency(role: Role, before: list[Hit], res: EntityResolver) -> Ref | None:
    """The agency named last before the role, of the class the role's head gives (any class
    for spokespeople): "Das Präsidium ... sagt Polizeipräsident X"."""
    cls = res.lex.heads[role.agency_head].cls if role.agency_head else None
    for h in reversed(before):
        if h.ref.kind != "agency":
            continue
        if role.in_any_agency or res.rec.entities[h.ref].cls == cls:
            return h.ref
    return None


def _region_after(doc: Doc, spans: list[Span], idx: int, lex: Lexicon) -> Span | None:
    """ROLE + region: "Innenministerin von Sachsen", "Innenminister des Freistaats Sachsen"."""
    span = spans[idx]
    if idx + 1 >= len(spans):
        return None
    nxt = spans[idx + 1]
    if nxt.label not in ("REGION", "REGION_GEN"):
        return None
    gap = [t.lower_ for t in doc[span.end : nxt.start]]
    ok = (
        (not gap and nxt.label == "REGION_GEN")
        or gap in (["von"], ["aus"], ["in"], ["für"])
        or (len(gap) == 2 and gap[0] in lex.link_words and gap[1] in lex.state_titles)
    )
    return nxt if ok else None


def _agency_after(doc: Doc, spans: list[Span], idx: int, res: EntityResolver) -> Ref | None:
    """ROLE + agency: "Sprecher der Polizei Sachsen", "Sprecherin des Bundesrats"."""
    lex = res.lex
    span = spans[idx]
    if idx + 1 >= len(spans) or span.end >= len(doc) or doc[span.end].lower_ not in lex.post_links:
        return None
    nxt = spans[idx + 1]
    if nxt.start != span.end + 1:
        return None
    after = spans[idx + 2] if idx + 2 < len(spans) else None
    if nxt.label == "AGENCY":
        return res.known_agency(nxt.key)
    if nxt.label in ("REGION_ADJ", "REGION_GEN") and after and after.label == "HEAD":
        return res.head_agency(after.key, nxt.key) if after.start == nxt.end else None
    if nxt.label == "HEAD" and after and after.label in ("REGION", "REGION_GEN"):
        return res.head_agency(nxt.key, after.key) if after.start == nxt.end else None
    return None


def _party(doc: Doc, pos: int, lex: Lexicon) -> str | None:
    """ "(SPD)", "(Die Linke)" right after a name."""
    if pos >= len(doc) or doc[pos].text != "(":
        return None
    for n in (1, 2, 3):
        if pos + n + 1 < len(doc) and doc[pos + n + 1].text == ")":
            text = doc[pos + 1 : pos + n + 1].text
            return text if text in lex.parties else None
    return None


def _party_hits(doc: Doc, hits: list[Hit], res: EntityResolver) -> list[Hit]:
    """ "Given Family (PARTY)" with no role: a politician, an official without a post."""
    lex = res.lex
    covered = {i for h in hits for i in range(h.start, h.end)}
    out = []
    for tok in doc[2:]:
        i = tok.i
        party = _party(doc, i, lex)
        if party is None or covered & {i - 2, i - 1}:
            continue
        a, b = doc[i - 2], doc[i - 1]
        if not all(
            t.is_alpha and t.text[:1].isupper() and t.text not in lex.not_names for t in (a, b)
        ):
            continue
        full = f"{a.text} {b.text}"
        ref = res.rec.add_entity(
            Entity(
                Ref("person", slugify(full)),
                full,
                "Official",
                False,
                given_name=a.text,
                family_name=b.text,
                party=party,
            )
        )
        out.append(Hit(ref, i - 2, i))
    return out


def _surname_hits(doc: Doc, hits: list[Hit], spans: list[Span]) -> list[Hit]:
    """Later mentions by surname alone ("Günther hat ...") resolve to the full name."""
    by_surname = {}
    covered = {i for h in hits for i in range(h.start, h.end)}
    covered |= {i for s in spans for i in range(s.start, s.end)}
    for h in hits:
        if h.ref.kind == "person":
            by_surname[doc[h.end - 1].text] = h
    out = []
    for tok in doc:
        h = by_surname.get(tok.text)
        if h is not None and tok.i not in covered:
            out.append(Hit(h.ref, tok.i, tok.i + 1, role=h.role))
    return out
