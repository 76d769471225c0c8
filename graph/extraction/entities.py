"""Entities from gazetteer spans: agencies, regions and platforms (officials: `officials`).

German word order is the only thing coded here; what the words mean comes from the lexicon:
  [region adjective | region genitive] HEAD            "sächsische Polizei", "Sachsens Polizei"
  HEAD [des Freistaats] REGION {, REGION} [und REGION]  "Polizeibehörden Hannover, Göttingen"
  OPEN-PLACE HEAD Name {, Name} [und Name]              "Kreisverwaltung Mainz-Bingen" (pattern)
  bare HEAD                                             the article's state ("das Innenministerium")
Names that mean different bodies in different countries ("BMI", "Bundesrat", an Austrian
"Innenministerium") are read in the article's country: its region line, else the country
its places belong to.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from graph.extraction import officials
from graph.extraction.gazetteer import Span
from graph.extraction.nlp import lemma, texts
from graph.extraction.resolver import HOLDER_KINDS, EntityResolver, Hit, adjacent_region
from graph.lexicon import Lexicon
from graph.records import Ref
from graph.vocab import slugify

__all__ = ["HOLDER_KINDS", "EntityResolver", "Hit", "resolve"]

LIST_LINKS = ([","], ["und"], ["sowie"], ["oder"])


def resolve(doc: Doc, spans: list[Span], res: EntityResolver) -> list[Hit]:
    """Turn spans into hits, combining heads with regions and roles with names."""
    lex = res.lex
    if res.region is None:
        res.region = _dominant_state(doc, spans, lex)
        res.region_inferred = res.region is not None
    if res.country is None:
        res.country = lex.country_of(res.region) if res.region else _dominant_country(spans, lex)
    hits: list[Hit] = []
    by_start = {s.start: s for s in spans}
    used: set[int] = set()
    firsts = _first_words(lex)
    candidates = [i for i, t in enumerate(texts(doc)) if t in firsts]  # most texts have none
    own: list[tuple[str, int, int]] = []  # units named without attachment ("eine eigene ...")
    named = _named_bodies(doc, spans, res, candidates, own)  # in text order: "deren Präsident"
    used.update(_inside_names(spans, named))
    shorts = _short_ref_words(doc, spans, named, lex, candidates)
    for idx, span in enumerate(spans):
        while named and named[0].start < span.start:
            hits.append(named.pop(0))
        while shorts and shorts[0][0] < span.start:
            hits.extend(_short_ref_hit(doc, shorts.pop(0), hits, by_start, res))
        if span.start in used:
            continue
        if span.label == "MEDIA":
            continue  # "Kölner Stadt-Anzeiger": an organisation, not a place
        if span.label == "AGENCY":
            key = lex.agency_by_alias(span.text, res.country) or span.key
            hits.append(Hit(res.known_agency(key), span.start, span.end))
            hits.extend(_places_in_name(doc, span, res))
        elif span.label == "HEAD":
            if not _after_excluded(doc, span, lex):
                hits.extend(_head_hits(doc, spans, idx, by_start, res, used, hits))
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
            body = _body_after_role(doc, span, named, shorts, hits, by_start, res)
            found = officials.role_hits(doc, spans, idx, res, hits, body)
            hits.extend(found)
            for h in found:  # "Polizeipräsidentin Katrin Oldenburg": the surname is no place
                if h.ref.kind == "person":
                    used.update(s.start for s in spans if h.start <= s.start < h.end)
        elif (titled := _titled_region(doc, span, res)) is not None:
            hits.extend(titled)
        elif span.label.startswith("REGION"):
            if _not_a_place(doc, spans, idx, lex):
                continue
            hits.append(Hit(res.region_entity(span.key), span.start, span.end))
    hits.extend(named)
    for item in shorts:
        hits.extend(_short_ref_hit(doc, item, hits, by_start, res))
    hits.extend(_titled_districts(doc, by_start, res))
    hits.extend(_own_units(doc, own, hits, res))
    hits.extend(_abbreviations(doc, hits, res))
    hits.extend(officials.party_hits(doc, hits, res))
    hits.extend(officials.relative_hits(doc, hits, res))
    hits.extend(officials.surname_hits(doc, hits, spans))
    hits = _drop_name_parts(doc, hits, res)
    hits.sort(key=lambda h: h.start)
    return hits


def _not_a_place(doc: Doc, spans: list[Span], idx: int, lex: Lexicon) -> bool:
    """A region name or adjective that is part of another name: "Berliner Straße", "Hamburger
    Abendblatt" (an adjective before a word of `not_before`, regions.yaml, also as the last part
    of a compound: "Bamberger Reiter-Saal"), "Hamburger Hof" (a city name after a city
    adjective), "Anna Forst" (a city name after a given name)."""
    span = spans[idx]
    nxt = doc[span.end].text.lower() if span.end < len(doc) else ""
    if span.label == "REGION_ADJ":
        return nxt.rsplit("-", 1)[-1] in lex.not_region_before or _surname(doc, span)
    if span.label != "REGION":
        return False
    prev = spans[idx - 1] if idx > 0 else None
    if prev is not None and prev.end == span.start:
        return prev.label == "REGION_ADJ"  # "Bundeswehr München" names the place
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return (
        lex.regions[span.key].level == "city"
        and before not in lex.place_preps  # "„Zwischen Weißwasser und Zittau"
        and _surname(doc, span)
    )


def _drop_name_parts(doc: Doc, hits: list[Hit], res: EntityResolver) -> list[Hit]:
    """A town's name that is a person's name here is no place: inside a person's name
    ("Katrin Werne, Pressesprecherin") or that person's surname again without a word that
    introduces a place before it ("sagte Roth", "Linden:"; `place_preps`, regions.yaml)."""
    persons = [h for h in hits if h.ref.kind == "person"]
    if not persons:
        return hits
    inside = {i for h in persons for i in range(h.start, h.end)}
    surnames = {doc[h.end - 1].text for h in persons if h.end - h.start > 1}
    lex = res.lex

    def name_part(h: Hit) -> bool:
        if h.ref.kind != "region" or h.end - h.start != 1:
            return False
        if h.start in inside:
            return True
        before = doc[h.start - 1].lower_ if h.start > 0 else ""
        return doc[h.start].text in surnames and before not in lex.place_preps

    dropped = {h.ref for h in hits if name_part(h)}
    if not dropped:
        return hits
    kept = [h for h in hits if not name_part(h)]
    still = {h.ref for h in kept}
    entities = res.rec.entities
    for ref in dropped - still:
        if not any(ref.key in (e.located_in, e.part_of) for e in entities.values()):
            entities.pop(ref, None)
    return kept


def _body_after_role(
    doc: Doc,
    role: Span,
    named: list[Hit],
    shorts: list[ShortRef],
    before: list[Hit],
    by_start: dict[int, Span],
    res: EntityResolver,
) -> Hit | None:
    """The body right after a role and a link word that no span names: one found by pattern
    ("Leiter der Stabsstelle Digitales", "Die Präsidentin des Landesamts für innere Verwaltung
    ...") or a short reference to one named before ("Der Direktor des Landesamts", "die
    Referatsleiterin im Ministerium")."""
    at = role.end + 1
    if at >= len(doc) or doc[role.end].lower_ not in res.lex.post_links:
        return None
    hit = next((h for h in named if h.start == at), None)
    if hit is not None:
        return hit
    item = next((s for s in shorts if s[0] == at), None)
    head = by_start.get(at)
    if item is None and head is not None and head.label == "HEAD":
        following = by_start.get(head.end)
        if head.text in res.lex.short_refs and following is None:
            item = (head.start, head.end, None)
    if item is None:
        return None
    found = _short_ref_hit(doc, item, before, by_start, res)
    return found[0] if found else None


def _places_in_name(doc: Doc, span: Span, res: EntityResolver) -> list[Hit]:
    """A place a proper name contains is named too: "Regierung von Oberbayern" (Oberbayern),
    "Deutsche Rentenversicherung Bund" (the federation)."""
    out: list[Hit] = []
    for tok in doc[span.start : span.end]:
        key = res.lex.region_names.get(tok.lower_) if tok.text[:1].isupper() else None
        if key is not None:
            out.append(Hit(res.region_entity(key), tok.i, tok.i + 1))
    return out


def _dominant_state(doc: Doc, spans: list[Span], lex: Lexicon) -> str | None:
    """An article with no region line that is about one state or country: the one it names
    most, by a clear margin ("das Innenministerium" in a Brandenburg commentary)."""
    seen: dict[str, int] = {}
    for idx, s in enumerate(spans):
        key = s.key.split("|")[0] if s.label == "REGION_HEAD" else s.key
        if s.label.startswith("REGION") and lex.regions[key].level in ("state", "country"):
            if s.label == "REGION_ADJ" and _not_a_place(doc, spans, idx, lex):
                continue  # "an der Berliner Straße" says nothing about Berlin
            seen[key] = seen.get(key, 0) + 1
    ranked = sorted(seen.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _dominant_country(spans: list[Span], lex: Lexicon) -> str | None:
    """The country most of the article's places lie in ("Bern", "Luzern", "Zürcher" -> Schweiz)."""
    seen: dict[str, int] = {}
    for s in spans:
        if s.label.startswith("REGION"):
            country = lex.country_of(s.key.split("|")[0])
            if country:
                seen[country] = seen.get(country, 0) + 1
    ranked = sorted(seen.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] <= ranked[1][1]):
        return None
    return ranked[0][0]


def _titled_region(doc: Doc, span: Span, res: EntityResolver) -> list[Hit] | None:
    """ "mit dem Land Salzburg": a region whose name begins with a head form ("Land"), after
    an article, is that head's body of the region."""
    lex = res.lex
    words = span.text.split()
    head_key = lex.head_forms.get(words[0].lower()) if len(words) > 1 else None
    if span.label != "REGION" or head_key is None or span.start == 0:
        return None
    if doc[span.start - 1].lower_ not in lex.link_words:
        return None
    ref = res.head_agency(head_key, span.key)
    if ref is None:
        return None
    return [Hit(ref, span.start, span.end), Hit(res.region_entity(span.key), span.start, span.end)]


def _titled_districts(doc: Doc, by_start: dict[int, Span], res: EntityResolver) -> list[Hit]:
    """ "im Bezirk Kitzbühel": a district title (`district_titles`, regions.yaml) before a place
    no list knows names that place."""
    lex = res.lex
    out: list[Hit] = []
    words = texts(doc)
    for i, text in enumerate(words):
        pos = i + 1
        if text not in lex.district_titles or pos >= len(words) or pos in by_start:
            continue
        if _place_like(doc[pos].text, lex) and doc[pos].lower_ not in lex.place_name_stops:
            end = _place_name_end(doc, pos, by_start, lex)
            out.append(Hit(res.open_region(doc[pos:end].text, "district"), pos, end))
    return out


def _after_excluded(doc: Doc, span: Span, lex: Lexicon) -> bool:
    """ "im Land Tirol" names the place, "das Land Tirol" the state's government."""
    words = dict(lex.heads[span.key].not_after).get(span.text.lower(), frozenset())
    return span.start > 0 and doc[span.start - 1].lower_ in words


def _surname(doc: Doc, span: Span) -> bool:
    """A city adjective that is a surname ("Teresa Hofer"): after a capitalised given name and
    before no noun."""
    if span.end - span.start != 1 or span.start == 0:
        return False
    prev, nxt = doc[span.start - 1], doc[span.end] if span.end < len(doc) else None
    noun_follows = nxt is not None and nxt.is_alpha and nxt.text[:1].isupper()
    return prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start and not noun_follows


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


def _head_hits(
    doc: Doc,
    spans: list[Span],
    idx: int,
    by_start: dict[int, Span],
    res: EntityResolver,
    used: set[int],
    hits_before: list[Hit],
) -> list[Hit]:
    lex = res.lex
    head = spans[idx]
    hits: list[Hit] = []
    left = adjacent_region(spans, idx, left=True)
    # "alle hessischen Präsidien": every body of that kind, not one (unless places follow:
    # "den niedersächsischen Polizeibehörden Hannover, Göttingen und Lüneburg")
    generic = left is not None and _plural(head)
    after_only = head.text.lower() in lex.heads[head.key].place_after_only
    if left and not generic and not after_only:
        ref = res.head_agency(head.key, left.key)
        if ref:
            hits.append(Hit(ref, left.start, head.end))
            hits.append(Hit(res.region_entity(left.key), left.start, left.end))
            return hits
    if head.text[:1].islower():
        return hits
    if (place := _locative_place(doc, head, by_start, lex)) is not None:
        used.add(place.start)  # "in der Hansestadt Stralsund": the place, no body
        return [Hit(res.region_entity(place.key), place.start, place.end)]
    if (end := _locative_open_place(doc, head, by_start, lex)) is not None:
        # "in der Hansestadt Lüchow": a place no list knows, no body
        return [Hit(res.open_region(doc[head.end : end].text), head.end, end)]
    # "im Präsidium in Straubing" after "Polizeipräsidium Niederbayern": its seat, no new body
    short = not left and head.text in lex.short_refs
    seat = (
        _short_ref_hit(doc, (head.start, head.end, None), hits_before, by_start, res)
        if short
        else []
    )
    if seat:
        return seat
    # HEAD der Hansestadt Lübeck / HEAD der Freien und Hansestadt Hamburg: the place's body
    titled = _titled_place(doc, head, by_start, res, used)
    if titled:
        return titled
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
    # HEAD REGION {, REGION} [und REGION]: coordinated lists are several agencies, also of
    # places no list knows after an open_place head ("Landratsämter Main-Spessart und Haßberge")
    hits.extend(_coordinated(doc, spans, idx, by_start, res, used))
    recent = _recent_state(doc, head, hits_before, lex)
    # "Am Landgericht" after "Landgericht Hildesheim" (a state named just before wins:
    # "Mecklenburg-Vorpommerns Innenminister ... der Landespolizei")
    same = None if hits or generic or recent else _same_head_before(doc, head, hits_before, lex)
    if same is not None:
        return [Hit(same, head.start, head.end)]
    state = res.region or recent
    if hits or generic or not lex.heads[head.key].bare or not state:
        return hits
    if head.text.lower() in lex.heads[head.key].not_bare:
        return hits
    if _place_after(doc, head, by_start) or _generic_bare(doc, head, lex):
        return hits
    level = lex.regions[state].level
    if level in ("state", "country"):
        # "das Innenministerium" in a Thüringen item; at country level only a body with a
        # proper name (the Austrian "Innenministerium"), never "Polizei Österreich"
        ref = res.head_agency(head.key, state, known_only=level == "country")
        if ref:
            hits.append(Hit(ref, head.start, head.end))
    return hits


def _locative_place(doc: Doc, head: Span, by_start: dict[int, Span], lex: Lexicon) -> Span | None:
    """ "in der (Universitäts- und) Hansestadt X": the city X as a place, when the title is one
    of `locative_titles` and the words before it one of `locative_preps` (agencies.yaml)."""
    if head.text not in lex.locative_titles:
        return None
    place = by_start.get(head.end)
    if place is None or place.label != "REGION":
        return None
    return place if _after_locative_prep(doc, head, lex) else None


def _locative_open_place(
    doc: Doc, head: Span, by_start: dict[int, Span], lex: Lexicon
) -> int | None:
    """ "in der Hansestadt Lüchow": the end of a place name no list knows after a locative title."""
    pos = head.end
    if head.text not in lex.locative_titles or pos >= len(doc) or pos in by_start:
        return None
    if not _place_like(doc[pos].text, lex) or not _after_locative_prep(doc, head, lex):
        return None
    return _place_name_end(doc, pos, by_start, lex)


def _place_name_end(doc: Doc, pos: int, by_start: dict[int, Span], lex: Lexicon) -> int:
    """The end of a place name that starts at pos: one word, or one word and a link from
    `place_name_links` with a capitalised word ("Zell am See", "St. Johann im Pongau")."""
    end = pos + 1
    for link in lex.place_name_links:
        stop = end + len(link)
        words = tuple(t.lower_ for t in doc[end:stop])
        if words == link and stop < len(doc) and stop not in by_start:
            word = doc[stop].text
            if _place_like(word, lex) and word.lower() not in lex.place_name_stops:
                return stop + 1
    return end


def _after_locative_prep(doc: Doc, head: Span, lex: Lexicon) -> bool:
    j = head.start
    if j >= 2 and doc[j - 1].lower_ == "und" and doc[j - 2].text.endswith("-"):
        j -= 2  # "Universitäts- und Hansestadt"
    return any(
        j >= len(prep) and tuple(t.lower_ for t in doc[j - len(prep) : j]) == prep
        for prep in lex.locative_preps
    )


ShortRef = tuple[int, int, str | None]  # token start, end, region of a place adjective before


def _short_ref_words(
    doc: Doc, spans: list[Span], named: list[Hit], lex: Lexicon, candidates: list[int]
) -> list[ShortRef]:
    """Words that refer back to a body named before ("Die Direktion", "das Landesamt", "der
    Oldenburger Direktion"): singular short forms from agencies.yaml after an article or a
    preposition, or after a place adjective that follows one; not inside a name."""
    if not candidates:
        return []
    covered = {i for s in spans for i in range(s.start, s.end)}
    covered |= {i for h in named for i in range(h.start, h.end)}
    adjectives = {s.start: s.key for s in spans if s.label == "REGION_ADJ"}
    out: list[ShortRef] = []
    for i in candidates:
        tok = doc[i]
        if i == 0 or i in covered:
            continue
        two = doc[i : i + 2].text
        width = 2 if two in lex.short_refs and i + 1 not in covered else 1
        if width == 1 and tok.text not in lex.short_refs:
            continue
        region = adjectives.get(i - 1)
        det = doc[i - 2] if region is not None and i > 1 else doc[i - 1]
        if det.lower_ in lex.post_links or det.lower_ in lex.bare_determiners:
            out.append((i, i + width, region))
    return out


def _short_ref_hit(
    doc: Doc, item: ShortRef, before: list[Hit], by_start: dict[int, Span], res: EntityResolver
) -> list[Hit]:
    """The body a short reference names: the last agency before it whose name contains the
    word's stem (in the adjective's place, if any). Followed by "in <city>", only a body whose
    place is that city or contains it (a seat), else none: the city's own body is another."""
    lex = res.lex
    start, end, region = item
    text = doc[start:end].text
    stem = lex.short_refs.get(text)
    if stem is None or start == 0:
        return []
    det = doc[start - 1].lower_
    if region is None and det not in lex.post_links and det not in lex.bare_determiners:
        return []
    city = by_start.get(end + 1) if end + 1 < len(doc) and doc[end].lower_ == "in" else None
    if city is not None and not city.label.startswith("REGION"):
        city = None
    found = [
        h
        for h in before
        if h.start < start
        and h.ref.kind == "agency"
        and stem in res.rec.entities[h.ref].label.lower()
        and (region is None or _lies_in(res.rec.entities[h.ref].located_in, region, lex))
    ]
    if found:
        ref = _salient(doc, start, found)
        if city is not None and not _seat(res.rec.entities[ref].located_in, city.key, lex):
            return []
        out = [Hit(ref, start, end)]
        if city is not None:
            out.append(Hit(res.region_entity(city.key), city.start, city.end))
        return out
    return []


def _salient(doc: Doc, start: int, found: list[Hit]) -> Ref:
    """The body named in the same or the previous sentence; else the one the text names most
    (an article's own body over one mentioned in passing), the later one on a tie."""
    sent = doc[start].sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    if found[-1].start >= first:
        return found[-1].ref
    counts: dict[Ref, int] = {}
    for h in found:
        counts[h.ref] = counts.get(h.ref, 0) + 1
    best = max(counts.values())
    return next(h.ref for h in reversed(found) if counts[h.ref] == best)


def _lies_in(place: str | None, region: str, lex: Lexicon) -> bool:
    return place is not None and (place == region or lex.state_of(place) == region)


def _seat(place: str | None, city: str, lex: Lexicon) -> bool:
    """A body with no known place, the city's own, or one of a wider area the city lies in."""
    if place is None or place == city:
        return True
    if place not in lex.regions or lex.regions[place].level == "city":
        return False
    return lex.state_of(city) == lex.state_of(place)


def _titled_place(
    doc: Doc, head: Span, by_start: dict[int, Span], res: EntityResolver, used: set[int]
) -> list[Hit]:
    """ "die Polizei der Hansestadt Lübeck", "Senatskanzlei der Freien Hansestadt Bremen": a
    head, a genitive article and a place by its title name the head's body of that place; the
    title is no body of its own (no Stadtverwaltung Lübeck from it)."""
    lex = res.lex
    pos = head.end
    if pos + 1 >= len(doc) or doc[pos].lower_ not in lex.link_words:
        return []
    region = None
    for n in (3, 2, 1, 0):
        title = doc[pos + 1 : pos + 1 + n].text.lower()
        span = by_start.get(pos + 1 + n)
        if n and title not in lex.place_titles:
            continue
        if span is None or span.label != "REGION":
            continue
        words = span.text.lower().split()
        if n == 0 and not any(" ".join(words[:k]) in lex.place_titles for k in (1, 2, 3)):
            continue
        region = span
        break
    if region is None:
        return []
    ref = res.head_agency(head.key, region.key)
    if ref is None:
        return []
    used.update(range(pos + 1, region.end))
    place = res.region_entity(region.key)
    return [Hit(ref, head.start, region.end), Hit(place, region.start, region.end)]


def _generic_bare(doc: Doc, head: Span, lex: Lexicon) -> bool:
    """A bare head that speaks of the body in general, not of the article's state's one: no
    definite determiner or possessive before it ("Stichwörter: Polizei", "eine Polizei"), the
    genitive of a name ("Gewerkschaft der Polizei"), or an emergency call in the sentence."""
    prev = doc[head.start - 1].text if head.start > 0 else ""
    if prev.lower() not in lex.bare_determiners and not _list_number(prev):
        return True
    if head.start > 1 and doc[head.start - 2].lower_ in lex.generic_owners:
        return True
    return any(t.lower_ in lex.generic_context for t in doc[head.start].sent)


def _list_number(text: str) -> bool:
    """ "6. Abgeordnetenhaus – YouTube": a ranked list item names one body."""
    return text.endswith(".") and text[:-1].isdigit()


def _same_head_before(doc: Doc, head: Span, before: list[Hit], lex: Lexicon) -> Ref | None:
    """A bare singular head after an article or preposition ("beim Oberlandesgericht", "das
    Präsidium") names the body of that kind the text named last, not a new one."""
    if head.start == 0 or _plural(head) or _place_after(doc, head, {}):
        return None
    if head.text.lower() in lex.heads[head.key].place_after_only:
        return None  # "am Markt" is a square, not the market town named before
    if doc[head.start - 1].lower_ not in lex.post_links:
        return None
    prefix = f"{head.key}-"
    for h in reversed(before):
        if h.ref.kind == "agency" and h.ref.key.startswith(prefix):
            return h.ref
    return None


@cache
def _first_words(lex: Lexicon) -> frozenset[str]:
    """First words of every opener and short reference: the only tokens worth a closer look."""
    tables = (lex.named_openers, lex.free_openers, lex.unit_openers, lex.short_refs)
    return frozenset(form.split()[0] for table in tables for form in table)


def _named_bodies(
    doc: Doc,
    spans: list[Span],
    res: EntityResolver,
    candidates: list[int],
    own: list[tuple[str, int, int]],
) -> list[Hit]:
    """Offices named by what they are for, which no list knows: "das Bundesamt für Justiz",
    "des Landesamts für Soziales und Versorgung", "Das Bayerische Landesamt für
    Datenschutzaufsicht" (the adjective is part of the name), "der Zentralen Stelle für
    Informationstechnik"; and bodies whose name follows their opener directly: "Landesbetrieb
    Forst Brandenburg", "die Stabsstelle Digitale Kommunikation". Found by pattern."""
    lex = res.lex
    taken = {i for s in spans for i in range(s.start, s.end) if not s.label.startswith("REGION")}
    places = {s.start for s in spans if s.label.startswith("REGION")}
    hits: list[Hit] = []
    skip_to = 0
    for i in candidates:
        tok = doc[i]
        if i < skip_to or i in taken or i + 1 >= len(doc):
            continue
        two = f"{tok.text} {doc[i + 1].text}"
        width, opener, free = 1, lex.named_openers.get(tok.text), False
        if two in lex.named_openers or two in lex.free_openers:
            width = 2
            opener = lex.named_openers.get(two) or lex.free_openers[two]
        if i + width < len(doc) and doc[i + width].lower_ in lex.named_links and opener:
            tail = i + width + 1
            end = _name_tail(doc, tail, taken, places, lex.name_stops) if tail < len(doc) else None
            link = [doc[i + width].text]
        else:
            word = two if width == 2 else tok.text
            opener = lex.free_openers.get(word)
            unit = lex.unit_openers.get(word) if opener is None else None
            end = _free_tail(doc, i + width, taken) if opener or unit else None
            if unit and end is not None and _attached(doc, end, spans, lex):
                opener = unit
            elif unit and end is not None and i > 0 and doc[i - 1].lower_ in lex.own_unit_words:
                rest = " ".join(t.text for t in doc[i + width : end])
                own.append((f"{unit} {rest}", i, end))  # its body is known only later
                skip_to = end
            link, free = [], True
        if opener is None or end is None:
            continue
        tail_start = i + width + len(link)
        words = [opener, *link, *(t.text for t in doc[tail_start:end])]
        state = _state_by_title(doc, end, spans, lex)
        if state is not None:  # "... für Informationstechnik des Freistaats Thüringen"
            words.append(lex.regions[state.key].label)
        start = i
        adjective = None if free else _name_adjective(doc, i, opener, lex)
        if adjective:
            words.insert(0, adjective)
            start = i - 1
        label = " ".join(words).replace(" ,", ",")
        known = lex.agency_aliases.get(label.lower())
        ref = res.known_agency(known) if known else res.named_agency(label)
        hits.append(Hit(ref, start, end))
        skip_to = end
    return hits


def _own_units(
    doc: Doc, own: list[tuple[str, int, int]], hits: list[Hit], res: EntityResolver
) -> list[Hit]:
    """ "Die Stadt baut eine eigene Stabsstelle Bürgerkommunikation auf": a unit of the body
    named last before it in the sentence (ag:subOrganizationOf); with no such body, none."""
    out: list[Hit] = []
    for label, start, end in own:
        sent_start = doc[start].sent.start
        parent = next(
            (
                h.ref
                for h in sorted(hits, key=lambda h: h.start, reverse=True)
                if h.ref.kind == "agency" and sent_start <= h.start < start
            ),
            None,
        )
        if parent is None:
            continue
        ref = res.named_agency(label)
        res.rec.entities[ref].sub_organization_of = parent.key
        out.append(Hit(ref, start, end))
    return out


def _state_by_title(doc: Doc, end: int, spans: list[Span], lex: Lexicon) -> Span | None:
    """ "des Freistaats Thüringen", "des Landes Brandenburg" right after a name: the state the
    name carries."""
    if end + 2 >= len(doc) or doc[end].lower_ not in lex.link_words:
        return None
    if doc[end + 1].lower_ not in lex.state_titles:
        return None
    span = next((s for s in spans if s.start == end + 2 and s.label == "REGION"), None)
    if span is None or lex.regions[span.key].level != "state":
        return None
    return span


def _attached(doc: Doc, end: int, spans: list[Span], lex: Lexicon) -> bool:
    """A unit's name ends in a place ("... Sachsen") or is followed by the place or body it
    belongs to ("der Stadt Trier", "in der Senatskanzlei", "beim Landesamt für Umwelt")."""
    if any(s.end == end and s.label.startswith("REGION") for s in spans):
        return True
    starts = {s.start for s in spans if s.label in ("HEAD", "AGENCY", "REGION")}
    j = end
    while j < len(doc) and j < end + 2 and doc[j].lower_ in lex.unit_links:
        j += 1
    if j == end or j >= len(doc):
        return False
    return j in starts or doc[j].text in lex.named_openers or doc[j].text in lex.free_openers


def _inside_names(spans: list[Span], named: list[Hit]) -> set[int]:
    """Starts of spans inside a name found by pattern, which name nothing of their own: the
    head in "Zentrale Polizeidirektion Niedersachsen", the town in "Landesbetrieb Forst
    Brandenburg". A place that ends the name is the body's place and stays a region."""
    out: set[int] = set()
    for h in named:
        for s in spans:
            place = s.label.startswith("REGION") and s.end == h.end
            adjective = s.label == "REGION_ADJ" and s.start == h.start  # "Bayerisches ..."
            if h.start <= s.start < h.end and not (place or adjective):
                out.add(s.start)
    return out


_ADJ_ENDINGS = ("es", "en", "er", "em", "e")
_FEMININE = ("anstalt", "zentrale", "akademie", "agentur", "stelle")


def _adjective_like(text: str) -> bool:
    return text.isalpha() and text.islower() and len(text) > 3 and text.endswith(_ADJ_ENDINGS)


def _name_word(text: str) -> bool:
    return text[:1].isupper() and text.rstrip("-").replace("-", "").isalpha()


def _name_tail(
    doc: Doc, pos: int, taken: set[int], places: set[int], stops: frozenset[str]
) -> int | None:
    """Where "für <what>" ends: capitalised nouns, adjectives and "und"/articles between them.
    An article continues the name only right after "für" or "und" ("für den Datenschutz und
    die Informationsfreiheit"), never after a noun ("für Statistik die Plattform")."""
    end, j = pos, pos
    while j < len(doc) and j not in taken:
        t = doc[j]
        if j > pos and ("\n" in doc[j - 1].whitespace_ or t.is_space or t.text in stops):
            break  # a line or a header word ends it ("... Vermessung Pressemitteilung vom ...")
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        noun_next = nxt is not None and (nxt.text[:1].isupper() or _adjective_like(nxt.text))
        after_link = j == pos or doc[j - 1].lower_ == "und"
        if _name_word(t.text):
            j += 1
            end = j
        elif t.text == "," and end == j and _enumerated(doc, j + 1, taken, places):
            j += 1  # "für Digitalisierung, Breitband und Vermessung": one name
        elif noun_next and (
            t.lower_ == "und"
            or (t.lower_ in ("die", "den", "der", "das") and after_link)
            or _adjective_like(t.text)
        ):
            j += 1
        else:
            break
    return end if end > pos else None


def _enumerated(doc: Doc, pos: int, taken: set[int], places: set[int]) -> bool:
    """After a comma inside "für ...": the name goes on only when capitalised words, commas
    and one final "und" + capitalised word follow ("Umwelt, Naturschutz und Geologie"); an
    article, a lower-case word or a body's name after the comma ends the name ("für
    Statistik, dem Landratsamt", "für Bergbau, Energie und Geologie, zuständig für")."""
    j, limit = pos, min(len(doc), pos + 8)
    while j < limit and j not in taken and j not in places:
        t = doc[j]
        if t.lower_ == "und":
            nxt = j + 1
            free = nxt < len(doc) and nxt not in taken and nxt not in places
            return free and _name_word(doc[nxt].text) and j > pos
        if not (_name_word(t.text) or (t.text == "," and j > pos)) or t.is_sent_start:
            return False
        j += 1
    return False


def _free_tail(doc: Doc, pos: int, taken: set[int]) -> int | None:
    """Where a name right after its opener ends: capitalised words, "und" between two
    ("Landesbetrieb Daten und Information Rheinland-Pfalz"); an article or a preposition ends
    it ("Stabsstelle Kommunikation der Stadt Trier")."""
    end, j = pos, pos
    while j < len(doc) and j not in taken:
        t = doc[j]
        if _name_word(t.text) and not t.is_sent_start:
            j += 1
            end = j
        elif t.lower_ == "und" and end == j and j + 1 < len(doc) and _name_word(doc[j + 1].text):
            j += 1
        else:
            break
    return end if end > pos else None


def _name_adjective(doc: Doc, i: int, opener: str, lex: Lexicon) -> str | None:
    """ "Das Bayerische Landesamt ...": the adjective in the nominative the name takes; an
    invariant place adjective stays as it is ("Thüringer Landesamt für Statistik")."""
    if i == 0:
        return None
    prev = doc[i - 1]
    text = prev.text
    if not (text[:1].isupper() and text.isalpha() and len(text) > 4):
        return None
    if prev.is_sent_start and text.lower() not in lex.region_adjectives:
        return None  # "Neues Landesamt ..." opens a sentence; "Bayerisches Landesamt ..." names
    if text.lower() in (
        "unser",
        "unsere",
        "unserem",
        "unseren",
        "unserer",
        "dieses",
        "dieser",
        "diesem",
    ):
        return None
    low = text.lower()
    invariant = low.endswith("er") and low[:-1] not in lex.region_adjectives
    if low in lex.region_adjectives and invariant:
        return text  # "Thüringer", "Berliner": no inflection
    stem = next((text[: -len(e)] for e in _ADJ_ENDINGS if text.endswith(e)), None)
    if stem is None:
        return None
    return stem + ("e" if opener.lower().endswith(_FEMININE) else "es")


def _abbreviations(doc: Doc, hits: list[Hit], res: EntityResolver) -> list[Hit]:
    """ "Landesamt für Soziales und Versorgung (LASV) ... das LASV": a bracketed abbreviation
    right after an agency names it again wherever it recurs."""
    lex = res.lex
    short: dict[str, Ref] = {}
    for h in hits:
        if h.ref.kind != "agency" or h.end + 2 >= len(doc):
            continue
        if doc[h.end].text != "(" or doc[h.end + 2].text != ")":
            continue
        abbr = doc[h.end + 1].text
        upper = sum(c.isupper() for c in abbr)
        if abbr in lex.parties or not abbr.isalpha() or not 2 <= len(abbr) <= 10:
            continue
        if upper >= 2 or (abbr.islower() and len(abbr) <= 5):
            short.setdefault(abbr, h.ref)
    if not short:
        return []
    seen = {(h.start, h.ref) for h in hits}
    out: list[Hit] = []
    for tok in doc:
        ref = short.get(tok.text) or short.get(tok.text.split("-")[0])
        if ref is not None and (tok.i, ref) not in seen:
            out.append(Hit(ref, tok.i, tok.i + 1))
    return out


def _plural(head: Span) -> bool:
    """A plural head form ("Präsidien", "Landesregierungen"): its lemma is shorter and it ends
    in -n (a genitive singular ends in -s)."""
    text = head.text.lower()
    return text.endswith("n") and lemma(head.text) != text


def _recent_state(doc: Doc, head: Span, before: list[Hit], lex: Lexicon) -> str | None:
    """In an article about no one state, a bare head is in the state the same or the previous
    sentence names ("Mecklenburg-Vorpommerns Innenminister ... der Landespolizei")."""
    sent = doc[head.start].sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for h in reversed(before):
        if h.start < first:
            break
        region = lex.regions.get(h.ref.key) if h.ref.kind == "region" else None
        if region is not None and region.level == "state":  # pattern places are in no list
            return h.ref.key
    return None


def _place_after(doc: Doc, head: Span, by_start: dict[int, Span]) -> bool:
    """ "die Polizei in Westsachsen": the head is placed by a name no list knows, so it is not
    the article's own state's body."""
    pos = head.end
    if pos + 1 >= len(doc) or doc[pos].lower_ not in ("in", "aus"):
        return False
    tok = doc[pos + 1]
    return tok.is_alpha and tok.text[:1].isupper() and pos + 1 not in by_start


def _coordinated(
    doc: Doc,
    spans: list[Span],
    idx: int,
    by_start: dict[int, Span],
    res: EntityResolver,
    used: set[int],
) -> list[Hit]:
    head = spans[idx]
    items: list[tuple[str, int, list[Hit] | str]] = []  # (link before, start, hits | new place)
    pos, link = head.end, ""
    if pos + 1 < len(doc) and doc[pos].lower_ == "in" and pos + 1 in by_start:
        pos, link = pos + 1, "in"  # "das Landratsamt in Saarlouis", "Präsidien in Dortmund"
    while pos < len(doc):
        item = _list_item(doc, by_start, pos, head, res, first=not items, placed=link == "in")
        if item is None:
            break
        end, found = item
        items.append((link, pos, found))
        if end + 1 >= len(doc) or [doc[end].lower_] not in LIST_LINKS:
            break
        pos, link = end + 1, doc[end].lower_
    # "Landratsamt Bautzen, Anna Berger": a comma continues a list only when a conjunction
    # closes it, or when the next item is a place the lists know
    while items and items[-1][0] == "," and isinstance(items[-1][2], str):
        items.pop()
    hits: list[Hit] = []
    for n, (_, start, found) in enumerate(items):
        if isinstance(found, str):  # a place no list knows: agency and place by pattern
            agency, region = res.open_place_agency(head.key, found)
            found = [
                Hit(agency, head.start if n == 0 else start, start + 1),
                Hit(region, start, start + 1),
            ]
        hits.extend(found)
    used.update(h.start for h in hits if h.ref.kind == "region")
    return hits


def _list_item(
    doc: Doc,
    by_start: dict[int, Span],
    pos: int,
    head: Span,
    res: EntityResolver,
    *,
    first: bool,
    placed: bool = False,
) -> tuple[int, list[Hit] | str] | None:
    """One place of a list after a head: (end, hits), or (end, name) for a place no list
    knows, or None. A placed head ("die Landesregierung in Kiel") is the body of the state
    the city lies in."""
    lex = res.lex
    start = head.start if first else pos
    span = by_start.get(pos)
    if span is not None:
        if span.label not in ("REGION", "REGION_GEN"):
            return None
        ref = res.head_agency(head.key, span.key)
        state = lex.state_of(span.key)
        if ref is None and placed and state:
            ref = res.head_agency(head.key, state)
            if ref is not None:
                return span.end, [Hit(ref, start, span.end)]
        if ref is None:
            return None
        # the canton, not the city, for a canton's body; else the place the text names
        place = res.rec.entities[ref].located_in or span.key
        if place != span.key and place not in lex.homonyms.get(span.key, ()):
            place = span.key
        region = res.region_entity(place)
        return span.end, [Hit(ref, start, span.end), Hit(region, pos, span.end)]
    for n in (3, 2, 1):  # "Kantonspolizei St. Gallen", "Kantonspolizei Glarus"
        short = lex.region_shorts.get(doc[pos : pos + n].text.lower())
        if short:
            ref = res.head_agency(head.key, short)
            if ref is None:
                return None
            region = res.region_entity(short)
            return pos + n, [Hit(ref, start, pos + n), Hit(region, pos, pos + n)]
    if pos >= len(doc) or not _place_like(doc[pos].text, lex):
        return None
    # "Die Stadt Kufstein" after "Bezirkshauptmannschaft Kufstein": a place the article has
    # already named by pattern is a place for any head of that level
    seen = Ref("region", slugify(doc[pos].text)) in res.rec.entities
    if not lex.heads[head.key].open_place and not (seen and "city" in lex.heads[head.key].scope):
        return None
    end = _place_name_end(doc, pos, by_start, lex)
    return end, doc[pos:end].text


def _place_like(text: str, lex: Lexicon) -> bool:
    parts = text.split("-")
    if not all(p[:1].isupper() and p.isalpha() for p in parts) or text in lex.not_names:
        return False
    if len(parts) > 1 and parts[0].lower() in lex.region_names:
        return True  # "Salzburg-Umgebung", "Linz-Land": a district named after its town
    low = text.lower()
    if low in lex.metric_nouns or low in lex.event_nouns or low.endswith(lex.not_place_endings):
        return False
    return len(parts) > 1 or lemma(text) == low  # "Anträge" -> "antrag": a common noun
