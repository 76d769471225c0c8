"""Gazetteer spans: every surface form the mappings know, found with spaCy's PhraseMatcher.

One matcher over lowercased tokens finds regions (names, adjectives, genitives), platforms,
agency heads, known agencies and role titles; overlapping matches are resolved longest first.
Proper-noun labels must start with a capital letter in the text ("Essen" the city, not
"essen" the verb); an agency abbreviation written in capitals must be in capitals.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.attrs import ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graph.extraction.nlp import lemma, pipeline, texts, tokenizer
from graph.lexicon import Lexicon

# Label -> lexicon table; earlier labels win ties between spans of equal length.
LABELS = (
    "AGENCY",
    "MEDIA",
    "ROLE",
    "HEAD",
    "PLATFORM",
    "PLATFORM_AMBIG",
    "REGION",
    "REGION_GEN",
    "REGION_ADJ",
)
CAPITALISED = frozenset({"AGENCY", "MEDIA", "ROLE", "HEAD", "REGION", "REGION_GEN"})


def _key(table: dict[str, str], text: str) -> str | None:
    return table.get(text.lower())


@dataclass(frozen=True)
class Span:
    label: str
    key: str
    start: int  # token index
    end: int  # token index, exclusive
    text: str


def _tables(lex: Lexicon) -> dict[str, dict[str, str]]:
    return {
        "AGENCY": lex.agency_aliases,
        "MEDIA": lex.media_names,
        "ROLE": lex.role_forms,
        "HEAD": lex.head_forms,
        "PLATFORM": {**lex.platform_names, **lex.platform_verbs},
        "PLATFORM_AMBIG": lex.platform_ambiguous,
        "REGION": lex.region_names,
        "REGION_GEN": lex.region_genitives,
        "REGION_ADJ": lex.region_adjectives,
    }


@cache
def _matcher(lex: Lexicon) -> PhraseMatcher:
    nlp = pipeline()
    # a short platform name ends a sentence as its own token ("ist jetzt auf X.")
    for form in (*lex.platform_names, *lex.platform_ambiguous):
        if len(form) <= 2 and form.isalpha():
            for text in (form, form.upper()):
                tokenizer(nlp).add_special_case(text + ".", [{ORTH: text}, {ORTH: "."}])
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, table in _tables(lex).items():
        # the tokenizer splits an abbreviation by its case ("St. Gallen" but "st . gallen"):
        # also tokenize the capitalised form
        forms = {
            f
            for form in table
            for f in (form, " ".join(w[:1].upper() + w[1:] for w in form.split()))
        }
        matcher.add(label, [nlp.make_doc(form) for form in sorted(forms)])
    return matcher


def prepare(lex: Lexicon) -> None:
    """Build the matcher (and the tokenizer's special cases) before the first document."""
    _matcher(lex)


def find_spans(doc: Doc, lex: Lexicon) -> list[Span]:
    """Non-overlapping gazetteer spans in token order."""
    matcher = _matcher(lex)
    tables = _tables(lex)
    vocab = doc.vocab
    candidates: list[Span] = []
    for match_id, start, end in matcher(doc):
        label = vocab.strings[match_id]
        text = doc[start:end].text
        # "die stellvertretende Pressesprecherin": a deputy word opens a title in lower case
        deputy = label == "ROLE" and doc[start].lower_ in lex.deputy_words
        if label in CAPITALISED and not text[:1].isupper() and not deputy:
            continue
        if label == "AGENCY" and text.lower() in lex.agency_acronyms and not text.isupper():
            continue  # "Astra" the car, not "ASTRA" the Swiss roads office
        key = tables[label].get(text.lower())
        if key is None:
            continue
        candidates.append(Span(label, key, start, end, text))
    rank = {label: i for i, label in enumerate(LABELS)}
    candidates.sort(key=lambda s: (-(s.end - s.start), rank[s.label], s.start))
    taken = [False] * len(doc)
    chosen: list[Span] = []
    for span in candidates:
        if any(taken[span.start : span.end]):
            continue
        for i in range(span.start, span.end):
            taken[i] = True
        chosen.append(span)
    chosen.extend(_compound_spans(doc, lex, taken))
    chosen.sort(key=lambda s: s.start)
    return chosen


def _compound_spans(doc: Doc, lex: Lexicon, taken: list[bool]) -> list[Span]:
    """Hyphenated compounds: "Twitter-Kanal" (platform account), "Twitter-Debatte" (the
    platform as a topic), "NRW-Polizei" (region + head)."""
    out: list[Span] = []
    for i, text in enumerate(texts(doc)):
        if taken[i] or "-" not in text:
            continue
        token = doc[i]
        first, _, rest = token.text.partition("-")
        low = first.lower()
        platform = lex.platform_names.get(low) or lex.platform_ambiguous.get(low)
        if platform:
            # "51 Facebook-, 50 Twitter- und 40 Instagram-Kanäle": the head comes later
            last = token.text.rstrip("-").rsplit("-", 1)[-1].lower() if rest else ""
            if not rest or last in lex.account_nouns or lemma(last) in lex.account_nouns:
                out.append(Span("PLATFORM", platform, token.i, token.i + 1, token.text))
            elif low in lex.platform_names:
                out.append(Span("PLATFORM_TOPIC", platform, token.i, token.i + 1, token.text))
            continue
        last = token.text.rsplit("-", 1)[-1].lower()
        prefix = token.text.rsplit("-", 1)[0]
        if last in lex.role_forms and (
            prefix in lex.parties or prefix.lower() in lex.agency_aliases
        ):
            # "Der Grünen-Abgeordnete", "BSI-Vizepräsident": a party's or an agency's title
            out.append(Span("ROLE", lex.role_forms[last], token.i, token.i + 1, token.text))
            continue
        region = lex.region_names.get(low)
        if region and last in lex.head_forms and rest:
            out.append(
                Span(
                    "REGION_HEAD",
                    f"{region}|{lex.head_forms[last]}",
                    token.i,
                    token.i + 1,
                    token.text,
                )
            )
    return out
