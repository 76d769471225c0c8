"""Whose count it is: clauses, possessives and the body a passage is about.

There is no parser here (no German model can be installed), but German marks on the surface
what the rules need:
  - a relative clause opens with a comma and a relative pronoun and ends with its verb
    ("..., mit der die Stadt Warnungen abstimmt, ..."): a body named inside it does not own a
    number outside it;
  - a possessive ("Ihr Instagram-Auftritt", "Sein Account", "Deren Kanal") points back to a body
    named before it, in the sentence or, when the sentence names none, in the ones before;
  - a body after a preposition ("gemeinsam mit der Feuerwehr") or in the genitive ("ein Konzept
    der Staatskanzlei") is an adjunct: the passage is about the body named as subject or object.
  - a bare head noun with an article ("die Direktion", "die Stadt") names the body with that
    head the text named last.
The word lists come from `mappings/counts.yaml` (`grammar`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from graph.extraction.entities import Hit
from graph.extraction.nlp import lemma, lowers, texts
from graph.lexicon import Lexicon
from graph.records import Ref

BODY_KINDS = frozenset({"agency", "organization"})
CLAUSE_MARKS = frozenset({",", ";", ":", "–", "(", ")", "„", "“", "«", "»", '"'})


def _words(spec: dict[str, object], name: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in spec.get(name, []))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Grammar:
    """Closed word classes the rules read (lowercase)."""

    relative: frozenset[str]  # der, die, das, dem, den, denen, welche ...
    demonstrative: frozenset[str]  # deren, dessen: "the one just named"
    possessive: frozenset[str]  # ihr, ihre, sein, seine ...: "the body talked about"
    prepositions: frozenset[str]
    determiners: frozenset[str]
    source_markers: frozenset[str]  # "laut", "Angaben": the body after it is a source
    contracted: frozenset[str]  # im, am, beim: a preposition with its article
    auxiliaries: frozenset[str]  # finite auxiliaries and modals (verb-second clauses)
    new_subjects: frozenset[str]  # ein, viele: a sentence about someone not named before

    @classmethod
    def of(cls, lex: Lexicon) -> Grammar:
        spec = lex.counts.get("grammar", {})
        return cls(
            _words(spec, "relative_pronouns"),
            _words(spec, "demonstrative_possessives"),
            _words(spec, "possessives"),
            _words(spec, "prepositions"),
            _words(spec, "determiners"),
            _words(spec, "source_markers"),
            _words(spec, "contracted_articles"),
            _words(spec, "finite_auxiliaries"),
            _words(spec, "new_subjects"),
        )


def clause_of(doc: Doc, start: int, end: int, pos: int) -> tuple[int, int]:
    """The token range between the clause marks around ``pos`` within [start, end)."""
    a = pos
    while a > start and doc[a - 1].text not in CLAUSE_MARKS:
        a -= 1
    b = pos
    while b < end and doc[b].text not in CLAUSE_MARKS:
        b += 1
    return a, b


def embedded_clauses(doc: Doc, start: int, end: int, g: Grammar) -> list[tuple[int, int]]:
    """Relative clauses in [start, end): ", [preposition] der|deren ... verb," (verb-final)."""
    out: list[tuple[int, int]] = []
    words = texts(doc)
    for i in range(start, end - 1):
        if words[i] != ",":
            continue
        j = i + 1
        if doc[j].lower_ in g.prepositions and j + 1 < end:
            j += 1
        word = doc[j].lower_
        if word not in g.relative and word not in g.demonstrative:
            continue
        _, close = clause_of(doc, start, end, j + 1)
        last = doc[close - 1] if close - 1 > j else None
        verb_final = last is not None and last.text[:1].islower() and last.is_alpha
        k = j + 1
        while k < close and doc[k].text[:1].isupper():  # ", die Feuerwehr habe ...": an article
            k += 1
        verb_second = j + 1 < k < close - 1 and doc[k].lower_ in g.auxiliaries
        if word in g.demonstrative or (verb_final and not verb_second):
            out.append((i + 1, close))
    return out


def inside(pos: int, ranges: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((a, b) for a, b in ranges if a <= pos < b), None)


def is_source(doc: Doc, hit: Hit, start: int, g: Grammar) -> bool:
    """A body named as the source of a figure: "laut LPD", "nach Angaben des Ministeriums"."""
    i = hit.start - 1
    if i >= start and doc[i].lower_ in g.determiners:
        i -= 1
    return i >= start and doc[i].lower_ in g.source_markers


def is_adjunct(doc: Doc, hit: Hit, start: int, g: Grammar) -> bool:
    """A body after a preposition or in the genitive after a noun: not the passage's topic."""
    i = hit.start - 1
    if i >= start and doc[i].lower_ in g.determiners:
        if doc[i].lower_ in ("der", "des") and i - 1 >= start:
            prev = doc[i - 1]
            if prev.text[:1].isupper() and prev.is_alpha and i - 1 > start:
                return True  # "ein Konzept der Staatskanzlei"
        i -= 1
    return i >= start and doc[i].lower_ in g.prepositions


@dataclass
class Discourse:
    """What the text is about so far: its topic body, the body named last, who speaks."""

    lex: Lexicon
    grammar: Grammar
    topic: Hit | None = None  # the last body named as subject or object
    last_body: Hit | None = None  # the last body named outside a relative clause
    speaker_agency: Ref | None = None  # the agency of the person quoted or interviewed last
    seen: list[Ref] = field(default_factory=list)  # agencies in order of their last mention

    def anaphors(self, doc: Doc, start: int, end: int, hits: list[Hit]) -> list[Hit]:
        """ "die Direktion", "die Stadt", "das Rostocker Präsidium": the agency with that head
        (and place) the text named last; "der Neubrandenburger Instagram-Kanal": the agency of
        that place named last. Only agencies already named: no new entity comes from here."""
        covered = {i for h in hits for i in range(h.start, h.end)}
        places = {h.end: h.ref.key for h in hits if h.ref.kind == "region"}
        platforms = {h.start for h in hits if h.ref.kind == "platform"}
        out: list[Hit] = []
        g = self.grammar
        articles = g.determiners | g.contracted
        words, lows = texts(doc), lowers(doc)  # no Token object per word
        for i in range(start, end):
            place = places.get(i)
            if place is not None and i in platforms:
                ref = self._last(set(), place)
                if ref is not None:
                    out.append(Hit(ref, i - 1, i))
                continue
            if i in covered or i == start or not words[i][:1].isupper():
                continue
            if place is None and lows[i - 1] not in articles:
                continue
            low = lows[i]
            if lemma(words[i]) != low and not low.endswith("s"):
                continue  # a plural ("in den Präsidien") names no single body
            if i + 2 < end and lows[i + 1] in ("in", "aus"):
                # "die Landesregierung in Kiel": a body of that place, maybe not named before
                place = places.get(i + 3) or place
            heads = {self.lex.head_forms[low]} if low in self.lex.head_forms else set()
            if not heads and len(low) >= 6:
                heads = {k for f, k in self.lex.head_forms.items() if f.endswith(low) and f != low}
            ref = self._last(heads, place) if heads else None
            if ref is not None:
                out.append(Hit(ref, i, i + 1))
        return out

    def _last(self, heads: set[str], place: str | None) -> Ref | None:
        """The agency named last with one of these heads (any when empty) in that place."""
        for ref in reversed(self.seen):
            if heads and not any(ref.key.startswith(f"{h}-") for h in heads):
                continue
            state = self.lex.state_of(place) if place is not None else None
            if place is not None and not (
                ref.key.endswith(f"-{place}") or (state and ref.key.endswith(f"-{state}"))
            ):
                continue
            return ref
        return None

    def update(
        self, doc: Doc, start: int, end: int, holders: list[Hit], speaker: Ref | None
    ) -> None:
        embedded = embedded_clauses(doc, start, end, self.grammar)
        bodies = [h for h in holders if h.ref.kind in BODY_KINDS and h.end > h.start]
        for h in bodies:
            if h.ref.kind == "agency":
                if h.ref in self.seen:
                    self.seen.remove(h.ref)
                self.seen.append(h.ref)
        main = [h for h in bodies if inside(h.start, embedded) is None]
        if main:
            self.last_body = main[-1]
        core = [h for h in main if not is_adjunct(doc, h, start, self.grammar)]
        if core:
            self.topic = core[0]
        if speaker is not None:
            self.speaker_agency = speaker
