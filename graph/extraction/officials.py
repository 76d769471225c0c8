"""Officials: a role title and a name, and the post they make in an agency.

German word order is the only thing coded here; the titles, units and pronouns come from
`mappings/roles.yaml`:
  ROLE [Dr.] Given Family              "Landespolizeidirektorin Dr. Maria Feurstein"
  ROLE des AGENCY | REGION-gen [,] Name "Die Innenministerin Nordrhein-Westfalens, Petra Kolbe"
  Given Family, ROLE [der AGENCY]       "Laura Kunze, Social-Media-Koordinatorin der PD Chemnitz"
  Given Family, der|die ... UNIT leitet "Anna Berger, die das Social-Media-Team leitet"
  Dessen ROLE, [RANK] Name              "Dessen Präsident, Dr. Frank Ziegler" (the last agency)
  ROLE Name aus|von PLACE               "Gemeindepräsidentin Therese Wyss aus Köniz"
  Im Kanton X ... ROLE Name             "Im Kanton Schwyz sieht Regierungsrat Beat Kälin ..."
  Given Family (PARTY)                  a politician without a post
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graph.extraction.gazetteer import Span
from graph.extraction.nlp import last_part, texts
from graph.extraction.resolver import EntityResolver, Hit, adjacent_region
from graph.lexicon import Lexicon, Role
from graph.records import Entity, Post, Ref
from graph.vocab import slugify

# tokens that end an apposition ("Anna Berger, die das Team leitet, sagt ...")
CLAUSE_ENDS = frozenset({",", ".", ";", ":", "!", "?", "„", "“", "«", "»", '"', "(", ")"})
CLAUSE_MAX = 14  # tokens an apposition may span


def _skip_titles(doc: Doc, pos: int, lex: Lexicon) -> int:
    """Past "Dr.", "Prof. Dr.", "Mag." (spaCy splits some titles from their dot)."""
    while pos < len(doc):
        text = doc[pos].text
        if text in lex.titles and text.endswith("."):
            pos += 1
        elif text in lex.titles and pos + 1 < len(doc) and doc[pos + 1].text == ".":
            pos += 2
        elif text in lex.titles and text.isupper():  # "DI"
            pos += 1
        else:
            break
    return pos


def _is_name_token(tok: Token, lex: Lexicon) -> bool:
    """A capitalised word, or a double name of them ("Knill-Brunner")."""
    parts = tok.text.split("-")
    return (
        all(p.isalpha() and p[:1].isupper() for p in parts)
        and tok.text not in lex.not_names
        and not tok.text.endswith("-")
    )


def _line_break(doc: Doc, pos: int) -> bool:
    """A line ends before token pos (list items, speaker lines: a new item is a new person)."""
    return pos > 0 and ("\n" in doc[pos - 1].whitespace_ or doc[pos - 1].is_space)


def name_after(
    doc: Doc,
    pos: int,
    lex: Lexicon,
    spans_at: set[int],
    places: frozenset[int] | set[int] = frozenset(),
) -> tuple[int, int] | None:
    """Up to three capitalised tokens after a role (titles skipped); a one-word place name
    counts as the surname after a given name ("Katrin Oldenburg")."""
    pos = _skip_titles(doc, pos, lex)
    end = pos
    while end < len(doc) and end - pos < 3 and not _line_break(doc, end):
        tok = doc[end]
        surname_place = end - pos == 1 and end in places and end - 1 not in spans_at
        if (
            not _is_name_token(tok, lex)
            or (end in spans_at and not surname_place)
            or (end - pos >= 2 and end + 1 < len(doc) and doc[end + 1].like_num)  # "Gasse 7"
        ):
            break
        end += 1
        if surname_place:
            break
    return (pos, end) if end - pos >= 2 else None


def name_before(doc: Doc, pos: int, lex: Lexicon) -> tuple[int, int] | None:
    """ "Boris Pistorius, Niedersachsens Minister": two capitalised tokens before a comma."""
    if pos < 3 or doc[pos - 1].text != ",":
        return None
    if pos >= 7 and doc[pos - 2].text == ")" and doc[pos - 4].text == "(":
        pos -= 3  # "Anna Keller (SPD), Innenministerin"
    a, b = doc[pos - 3], doc[pos - 2]
    if all(_is_name_token(t, lex) for t in (a, b)):
        return (pos - 3, pos - 1)
    return None


def _apposed(doc: Doc, spans: list[Span], end: int) -> bool:
    """A name followed by ", ROLE": a list item of its own (speaker lists read as one line)."""
    if end >= len(doc) or doc[end].text != ",":
        return False
    pos = end + 1
    while pos < len(doc) and doc[pos].is_lower and doc[pos].is_alpha:
        pos += 1  # "stellvertretende"
    return any(s.start == pos and s.label == "ROLE" for s in spans)


def _past_modifiers(doc: Doc, pos: int) -> int:
    """Back over lowercase adjectives before a role ("Svenja Tammen, stellvertretende
    Senatssprecherin", "ehemaliger Innenminister")."""
    for _ in range(2):
        prev = doc[pos - 1] if pos > 0 else None
        if prev is None or not prev.is_alpha or not prev.is_lower:
            break
        if not prev.text.endswith(("e", "er", "en", "es", "em")) or prev.is_stop:
            break
        pos -= 1
    return pos


def _add_person(doc: Doc, name: tuple[int, int], res: EntityResolver) -> Ref:
    tokens = doc[name[0] : name[1]]
    full = tokens.text
    return res.rec.add_entity(
        Entity(
            Ref("person", slugify(full)),
            full,
            "Official",
            False,
            given_name=" ".join(t.text for t in tokens[:-1]),
            family_name=tokens[-1].text,
            party=party(doc, name[1], res.lex),
        )
    )


def _add_post(
    res: EntityResolver, role: Role, person: Ref | None, agency: Ref | None
) -> Ref | None:
    if agency is None and person is None:
        return None
    post = Post(person, role.key, agency, -1)
    if not any(p.key == post.key and p.person == person for p in res.rec.posts):
        res.rec.posts.append(post)
    where = f", {res.rec.entities[agency].label}" if agency else ""
    return res.rec.add_entity(Entity(Ref("post", post.key), f"{role.label}{where}", "Post", False))


def role_hits(
    doc: Doc,
    spans: list[Span],
    idx: int,
    res: EntityResolver,
    before: list[Hit],
    body: Hit | None = None,
) -> list[Hit]:
    """The official and post a role span gives; body is a body found by pattern (or a short
    reference) right after the role ("Leiter der Stabsstelle Digitales der Stadt Trier, ...")."""
    lex = res.lex
    span = spans[idx]
    role = lex.roles[span.key]
    left = adjacent_region(spans, idx, left=True) or _region_after(doc, spans, idx, lex)
    after, phrase_end = _agency_after(doc, spans, idx, res)
    if after is None and body is not None:
        after, phrase_end = body.ref, _attachment_end(doc, body.end, lex)
    prefix = span.text.rsplit("-", 1)[0] if "-" in span.text else ""
    if after is None and (alias := lex.agency_by_alias(prefix, res.country)):
        after = res.known_agency(alias)  # "BSI-Vizepräsident"
    if left is not None and left.start > span.start:
        phrase_end = max(phrase_end, left.end)
    possessive = span.start > 0 and doc[span.start - 1].lower_ in lex.possessives
    spans_at = {i for s in spans for i in range(s.start, s.end)}
    # "Katrin Oldenburg", "Franz Auer": a surname that is a place or a city adjective
    places = {
        s.start for s in spans if s.label in ("REGION", "REGION_ADJ") and s.end == s.start + 1
    }
    # a name right after the role, or after a comma that ends a longer role phrase
    name = name_after(doc, span.end, lex, spans_at, places) if phrase_end == span.end else None
    if name is None and phrase_end < len(doc) and doc[phrase_end].text == ",":
        # "Die Innenministerin Nordrhein-Westfalens, Petra Kolbe", "Dessen Sprecher,
        # Kriminalhauptkommissar Jan Tiedemann": the name after a comma (and a rank)
        pos = phrase_end + 1
        rank = next((s for s in spans if s.start == pos and s.label == "ROLE"), None)
        name = name_after(doc, rank.end if rank else pos, lex, spans_at, places)
    start = left.start if left and left.start < span.start else span.start
    before_name = name_before(doc, _past_modifiers(doc, start), lex)
    if name is not None and before_name is not None and _apposed(doc, spans, name[1]):
        name = None  # "Tim Roth, Senatssprecher Ole Frey, Redakteur": Frey is the next one's
    if name is None:
        name = before_name
    if role.attached and after is None and not possessive and name is None:
        return []  # "Präsident" alone: no post ("der Präsident des Vereins" has no agency)
    agency = after or _post_agency(doc, spans, role, left, name, res, before, possessive)
    if role.attached and agency is None:
        return []  # "Präsident Name" with no body named before: no post either
    hits: list[Hit] = []
    if left:
        hits.append(Hit(res.region_entity(left.key), left.start, left.end))
    person = _add_person(doc, name, res) if name else None
    if person is not None and name is not None:
        hits.append(Hit(person, name[0], name[1], role=role.key))
    post = _add_post(res, role, person, agency)
    if post is not None:
        hits.append(Hit(post, start, span.end, role=role.key))
    if person is None and agency is not None and role.agency_head == role.key:
        # "der Zürcher Regierungsrat": a member's title that also names the body
        hits.append(Hit(agency, start, span.end))
    return hits


def _attachment_end(doc: Doc, end: int, lex: Lexicon) -> int:
    """Past what a unit's name is attached to, up to the comma before the holder's name:
    "Stabsstelle Geodaten | der Stadt Regensburg, Florian Aigner" (the city is its own hit)."""
    if end >= len(doc) or doc[end].lower_ not in lex.unit_links:
        return end
    j = end + 1
    while j < min(len(doc), end + 6) and doc[j].text[:1].isupper():
        j += 1
    return j if j < len(doc) and doc[j].text == "," and j > end + 1 else end


def _post_agency(
    doc: Doc,
    spans: list[Span],
    role: Role,
    left: Span | None,
    name: tuple[int, int] | None,
    res: EntityResolver,
    before: list[Hit],
    possessive: bool,
) -> Ref | None:
    """Where a post is when the text does not attach an agency to the role."""
    fixed = role.agency_in(res.country)
    if fixed:
        return res.known_agency(fixed)
    if possessive:  # "Dessen Präsident": the agency named last, of any class
        return next((h.ref for h in reversed(before) if h.ref.kind == "agency"), None)
    head = role.head_in(res.country)
    near = None if left else _region_near(doc, spans, name, res, before)
    if left is None and near is None and (found := _last_agency(role, before, res)):
        return found  # "Pressesprecherin Eva Roth" in an item about one agency
    agency: Ref | None = None
    region = left.key if left else near or res.region
    placed = left or near
    if (
        head
        and region
        and (placed or not (res.region_inferred and role.in_any_agency))
        and (name or placed or not res.region_inferred)  # "mit der Ministerin" alone
    ):
        agency = res.head_agency(head, region)
    if agency is None and role.default_agency:
        agency = res.known_agency(role.default_agency)
    return agency


def _region_near(
    doc: Doc,
    spans: list[Span],
    name: tuple[int, int] | None,
    res: EntityResolver,
    before: list[Hit],
) -> str | None:
    """The place a holder is from: "Therese Wyss aus Köniz", or a place the sentence opens
    with before the role and no agency in between ("Im Kanton Schwyz sieht Regierungsrat ...")."""
    lex = res.lex
    if name is not None and name[1] + 1 < len(doc) and doc[name[1]].lower_ in ("aus", "von"):
        nxt = next((s for s in spans if s.start == name[1] + 1), None)
        if nxt is not None and nxt.label in ("REGION", "REGION_GEN"):
            return nxt.key
    if name is None:
        return None
    sent_start = doc[name[0]].sent.start
    for h in reversed(before):
        if h.start < sent_start:
            break
        if h.ref.kind == "agency":
            return None
        if h.ref.kind == "region" and h.start > 0:
            prev = doc[h.start - 1].lower_
            prev2 = doc[h.start - 2].lower_ if h.start > 1 else ""
            if prev in ("in", "im") or (prev in lex.state_titles and prev2 in ("im", "in")):
                return h.ref.key
            return None
    return None


def _last_agency(role: Role, before: list[Hit], res: EntityResolver) -> Ref | None:
    """The agency named last before the role, of the class the role's head gives (any class
    for spokespeople): "Das Präsidium ... sagt Polizeipräsident X"."""
    head = role.head_in(res.country)
    cls = res.lex.heads[head].cls if head else None
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


def _agency_after(
    doc: Doc, spans: list[Span], idx: int, res: EntityResolver
) -> tuple[Ref | None, int]:
    """ROLE + agency: "Sprecher der Polizei Sachsen", "Sprecherin des Bundesrats",
    "Staatssekretär im NRW-Innenministerium"; with where the phrase ends."""
    lex = res.lex
    span = spans[idx]
    none = (None, span.end)
    if idx + 1 >= len(spans) or span.end >= len(doc) or doc[span.end].lower_ not in lex.post_links:
        return none
    nxt = spans[idx + 1]
    if nxt.start != span.end + 1:
        return none
    after = spans[idx + 2] if idx + 2 < len(spans) else None
    if nxt.label == "AGENCY":
        key = lex.agency_by_alias(nxt.text, res.country) or nxt.key
        return res.known_agency(key), nxt.end
    if nxt.label == "REGION_HEAD":
        region, head = nxt.key.split("|")
        return res.head_agency(head, region), nxt.end
    if after is None or after.start != nxt.end:
        return none
    if nxt.label in ("REGION_ADJ", "REGION_GEN") and after.label == "HEAD":
        return res.head_agency(after.key, nxt.key), after.end
    if nxt.label == "HEAD" and after.label in ("REGION", "REGION_GEN"):
        return res.head_agency(nxt.key, after.key), after.end
    return none


def party(doc: Doc, pos: int, lex: Lexicon) -> str | None:
    """ "(SPD)", "(Die Linke)" right after a name."""
    if pos >= len(doc) or doc[pos].text != "(":
        return None
    for n in (1, 2, 3):
        if pos + n + 1 < len(doc) and doc[pos + n + 1].text == ")":
            text = doc[pos + 1 : pos + n + 1].text
            return text if text in lex.parties else None
    return None


def party_hits(doc: Doc, hits: list[Hit], res: EntityResolver) -> list[Hit]:
    """ "Given Family (PARTY)" with no role: a politician, an official without a post."""
    lex = res.lex
    covered = {i for h in hits for i in range(h.start, h.end)}
    out: list[Hit] = []
    words = texts(doc)
    for i in range(2, len(words)):
        if words[i] != "(":  # what party() looks for first, without a Token per word
            continue
        found = party(doc, i, lex)
        if found is None or covered & {i - 2, i - 1}:
            continue
        if not all(_is_name_token(t, lex) for t in (doc[i - 2], doc[i - 1])):
            continue
        out.append(Hit(_add_person(doc, (i - 2, i), res), i - 2, i))
    return out


def relative_hits(doc: Doc, hits: list[Hit], res: EntityResolver) -> list[Hit]:
    """ "Anna Berger, die das Social-Media-Team leitet": a name, then a relative clause in
    which the holder leads a unit; the post is in the agency the clause or the text names."""
    lex = res.lex
    covered = {i for h in hits for i in range(h.start, h.end)}
    out: list[Hit] = []
    for tok in doc[3:]:
        i = tok.i
        if tok.text != "," or i + 2 >= len(doc) or doc[i + 1].lower_ not in ("der", "die"):
            continue
        name = name_before(doc, i + 1, lex)
        if name is None or covered & set(range(name[0], name[1])):
            continue
        role_key = _led_unit(doc, i + 2, lex)
        if role_key is None:
            continue
        end = _clause_end(doc, i + 1)
        clause = [h for h in hits if i < h.start < end and h.ref.kind == "agency"]
        before = [h for h in hits if h.start < name[0] and h.ref.kind == "agency"]
        agency = (clause or before[-1:])[0].ref if clause or before else None
        person = _add_person(doc, name, res)
        out.append(Hit(person, name[0], name[1], role=role_key))
        post = _add_post(res, lex.roles[role_key], person, agency)
        if post is not None:
            out.append(Hit(post, name[0], name[1], role=role_key))
    return out


def _clause_end(doc: Doc, pos: int) -> int:
    end = pos
    while end < min(len(doc), pos + CLAUSE_MAX) and doc[end].text not in CLAUSE_ENDS:
        end += 1
    return end


def _led_unit(doc: Doc, pos: int, lex: Lexicon) -> str | None:
    """The role of whoever leads the unit the clause from pos names, if it ends in a lead verb."""
    unit = None
    for tok in doc[pos : pos + CLAUSE_MAX]:
        if tok.text in CLAUSE_ENDS:
            return None
        unit = lex.units.get(tok.lower_) or lex.units.get(last_part(tok).lower()) or unit
        if tok.lower_ in lex.lead_verbs:
            return unit
    return None


def surname_hits(doc: Doc, hits: list[Hit], spans: list[Span]) -> list[Hit]:
    """Later mentions by surname alone ("Günther hat ...") resolve to the full name."""
    by_surname = {}
    covered = {i for h in hits for i in range(h.start, h.end)}
    covered |= {i for s in spans for i in range(s.start, s.end)}
    for h in hits:
        if h.ref.kind == "person":
            by_surname[doc[h.end - 1].text] = h
    out: list[Hit] = []
    if not by_surname:
        return out
    for i, text in enumerate(texts(doc)):
        found = by_surname.get(text)
        if found is not None and i not in covered:
            out.append(Hit(found.ref, i, i + 1, role=found.role))
    return out
