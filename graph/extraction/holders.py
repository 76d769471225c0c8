"""Who a fact belongs to: the holder of a number or an account in a sentence.

The nearest body before a number owns it, unless a possessive, a relative clause, a place
standing for its agency ("Düsseldorf (38.000)") or "wir" says otherwise. Accounts, counts,
staff and events all ask this one reader.
"""

from __future__ import annotations

from graph.extraction.context import BODY_KINDS, Article, Reader, SentenceContext, nearest
from graph.extraction.entities import Hit
from graph.extraction.nlp import last_part
from graph.extraction.owners import clause_of, embedded_clauses, inside, is_source
from graph.records import Ref


class HolderReader(Reader):
    """Finds whose a number or an account is."""

    def __init__(self, article: Article) -> None:
        super().__init__(article)

    def place_holders(self, ctx: SentenceContext, holders: list[Hit]) -> list[Hit]:
        """A city standing for its agency in a comparison: "vor den Präsidien in Düsseldorf
        (38.000)", "Vor einem Jahr hatte Köln noch 39.000 Follower", "Hier führt Düsseldorf mit
        60.000". The agency of that place named before, else one of the same kind as the body
        the text is about (the place compared with "Polizei Köln" is "Polizeipräsidium
        Düsseldorf"). Only a place with a number after it in its clause, not after a
        preposition or article unless the number follows in parentheses."""
        doc, g = self.doc, self.grammar
        start, end = ctx.span.start, ctx.span.end
        covered = {i for h in holders for i in range(h.start, h.end)}
        in_dates = {i for d in ctx.dates for i in range(d.char_start, d.char_end)}
        out: list[Hit] = []
        for h in ctx.hits:
            region = self.lex.regions.get(h.ref.key) if h.ref.kind == "region" else None
            if region is None or region.level not in ("city", "district") or h.start in covered:
                continue
            paren = (
                h.end + 1 < end
                and doc[h.end].text == "("
                and self.numbers.value_at(doc, h.end + 1) is not None
            )
            prev = doc[h.start - 1].lower_ if h.start > start else ""
            after_word = prev in g.prepositions or prev in g.contracted or prev in g.determiners
            if not paren:
                _, close = clause_of(doc, start, end, h.start)
                nums = [
                    n
                    for n in self.numbers.numbers(doc, h.end, close)
                    if doc[n.end - 1].idx not in in_dates
                ]
                if after_word or not nums:
                    continue
            here = [x.ref for x in holders if x.ref.kind == "agency" and x.end <= h.start]
            ref = self._place_agency(h.ref.key, here)
            if ref is not None:
                out.append(Hit(ref, h.start, h.end))
        return out

    def _place_agency(self, place: str, here: list[Ref]) -> Ref | None:
        named = [*self.discourse.seen, *here]
        for ref in reversed(named):
            ent = self.rec.entities.get(ref)
            if ent is not None and ent.located_in == place:
                return ref
        for ref in reversed(named):  # a body of the same kind in another place
            ent = self.rec.entities.get(ref)
            loc = ent.located_in if ent is not None else None
            if loc is None or loc not in self.lex.regions:
                continue
            if self.lex.regions[loc].level not in ("city", "district"):
                continue
            head = ref.key.removesuffix(f"-{loc}")
            if head != ref.key and head in self.lex.heads:
                return self.res.head_agency(head, place)
        return None

    def count_owner(
        self, ctx: SentenceContext, holders: list[Hit], pos: int, *, social: bool = False
    ) -> Hit | None:
        """Whose number it is.

        A body inside a relative clause owns no number outside it ("Der Account der Stadt,
        mit der das Präsidium arbeitet, hat 27.000 Follower"). A possessive before the number
        points back: to the body named before it in the sentence, to the agency of a person
        addressed ("Frau Lang, Ihr Account ..."), else to the body the text is about ("Ihr",
        "Sein") or named last ("Deren"). Without one: the nearest body before the number, one
        after it in its clause ("Mit 98.000 Followern liegt die Polizei vorn"), a person's
        agency (a person's own account where nobody speaks), the speaker's agency for "wir",
        else the body the text is about."""
        doc, g = self.doc, self.grammar
        start, end = ctx.span.start, ctx.span.end
        embedded = embedded_clauses(doc, start, end, g)
        own = inside(pos, embedded)
        seen = [h for h in holders if inside(h.start, embedded) in (None, own)]
        bodies = [h for h in seen if h.ref.kind in BODY_KINDS]
        # "hat nach Angaben des Ministeriums 164.000 Follower": a source owns no figure
        bodies = [h for h in bodies if not is_source(doc, h, start, g)] or bodies
        self.memory.carried = False
        # "Kern: Der Account hat 28.000 Follower": the speaker's name before an answer owns nothing
        people = [
            h
            for h in seen
            if h.ref.kind in ("person", "post")
            and not (h.start == start and h.end < end and doc[h.end].text == ":")
        ]
        focus = [h for h in seen if h.end == h.start]  # the page's own agency (no mention)
        place = self._colon_place(ctx, pos)
        if place is not None:
            # "Spitzenreiter ist Wien: Dort folgen der Direktion 150.000": the place's body,
            # or nobody when the text named none there (not the body talked about before)
            here = [h.ref for h in holders if h.ref.kind == "agency" and h.end <= pos]
            ref = self._place_agency(place.ref.key, here)
            return Hit(ref, place.start, place.end) if ref is not None else None
        possessive = None
        for i in range(pos - 1, start - 1, -1):
            if any(h.start <= i < h.end for h in bodies):
                break
            if inside(i, embedded) not in (None, own):
                continue
            if doc[i].lower_ in g.possessive or doc[i].lower_ in g.demonstrative:
                possessive = i
                break
        topic = self.discourse.topic or self.discourse.last_body
        if topic is None and self.focus is not None:
            topic = Hit(self.focus, pos, pos)  # nothing named yet: the article's own agency
        if possessive is not None and not focus:
            word = doc[possessive].lower_
            body = nearest([h for h in bodies if h.end <= possessive], possessive, before_only=True)
            if body is not None:
                return body
            person = nearest(
                [h for h in people if h.end <= possessive], possessive, before_only=True
            )
            agency = self.agency_of(person) if person else None
            if agency is not None:
                return Hit(agency, person.start, person.end)  # type: ignore[union-attr]
            if word.startswith("unser"):
                return self._speaker(pos) or topic
            if word in g.demonstrative:
                return self.discourse.last_body or topic
            return topic
        body = nearest([h for h in bodies if h.end <= pos], pos, before_only=True)
        if body is not None:
            return body
        _, close = clause_of(doc, start, end, pos)
        after = [h for h in bodies if pos <= h.start < close]
        if after:
            return after[0]
        if focus:
            return focus[0]
        person = nearest(people, pos)
        if person is not None and social and not ctx.lowers & self.lex.speech_verbs:
            return person  # "folgen dem Regierungssprecher auf X 955.000 Personen": their own
        agency = self.agency_of(person) if person else None
        if agency is not None:
            return Hit(agency, person.start, person.end)  # type: ignore[union-attr]
        if self.memory.first_person:
            return self._speaker(pos) or topic
        if topic is None and bodies:
            return bodies[0]
        if self._new_subject(ctx):
            return None
        self.memory.carried = True  # "Die Seite hatte 41.000 Fans": the body the text is about
        return topic or person

    def _colon_place(self, ctx: SentenceContext, pos: int) -> Hit | None:
        """ "Besonders stark gewachsen ist Bochum: Dort waren es 12.000": a place right before a
        colon that a place adverb ("dort", "hier") right after it picks up, before the number."""
        doc = self.doc
        for c in range(ctx.span.start + 1, pos - 1):
            if doc[c].text != ":" or doc[c + 1].lower_ not in self.cues.place_adverbs:
                continue
            for h in ctx.hits:
                if h.end == c and h.ref.kind == "region":
                    return h
        return None

    def _new_subject(self, ctx: SentenceContext) -> bool:
        """The sentence opens with someone new or generic ("Ein 19-jähriger Bewerber hat 1.500
        Follower", "Viele Gemeinden haben eine halbe Stelle"), not with an account, a team or a
        post: its figures belong to no body named before."""
        doc = self.doc
        if doc[ctx.span.start].lower_ not in self.grammar.new_subjects:
            return False
        for tok in doc[ctx.span.start + 1 : ctx.span.end]:
            if tok.text[:1].isupper() and tok.is_alpha:
                word = last_part(tok).lower()
                known = self.lex.account_nouns | self.cues.team_nouns | self.cues.team_cues
                return word not in known and tok.lower_ not in self.lex.role_forms
        return False

    def _speaker(self, pos: int) -> Hit | None:
        """Who "wir" is: the page's agency, else the agency of the person quoted last."""
        agency = self.focus or self.discourse.speaker_agency
        return Hit(agency, pos, pos) if agency is not None else None

    def agency_of(self, hit: Hit) -> Ref | None:
        """The agency a person's or post's hit speaks for (their post's agency)."""
        for post in self.rec.posts:
            if post.agency and (post.person == hit.ref or Ref("post", post.key) == hit.ref):
                return post.agency
        return None

    def co_holders(self, holders: list[Hit], holder: Hit) -> list[Hit]:
        """Agencies coordinated with the holder before it: "A, B und (der) C"."""
        joins = {",", "und", "sowie"}
        articles = {"der", "die", "das", "dem", "den"}
        out: list[Hit] = []
        current = holder
        agencies = [h for h in holders if h.ref.kind in ("agency", "organization")]
        while current.ref.kind in ("agency", "organization"):
            before = [h for h in agencies if h.end <= current.start and h.ref != current.ref]
            if not before:
                break
            prev = max(before, key=lambda h: h.end)
            gap = [t.lower_ for t in self.doc[prev.end : current.start]]
            if not gap or gap[0] not in joins or any(w not in articles for w in gap[1:]):
                break
            out.insert(0, prev)
            current = prev
        return out
