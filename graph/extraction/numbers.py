"""Counts in German text: "über 52.000", "rund 1,4 Millionen", "vier", "eine halbe Million".

Works on spaCy tokens; qualifiers, multipliers and number words come from
`mappings/counts.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from graph.extraction.nlp import lowers, texts
from graph.lexicon import Lexicon

# German "52.000" and "1,4"; Swiss "41'000" (apostrophe or typographic ’ as thousands mark)
# (a grouped number ending a sentence keeps the full stop in spaCy's token: "es 7.500.")
_NUMERIC = re.compile(
    r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?\.?$|^\d{1,3}(?:['’\u00a0\u202f]\d{3})+\.?$|^\d+(?:,\d+)?$"
)


_GROUP = re.compile(r"^\d{3}\.?$")


@dataclass(frozen=True)
class Number:
    value: float
    approximation: str  # ag:Approximation individual
    start: int  # first token (qualifier included)
    end: int  # token after the number (multiplier included)


def parse_numeral(text: str) -> float | None:
    """German digits: "52.000" -> 52000, "1,4" -> 1.4, "41'000" -> 41000."""
    if not _NUMERIC.match(text):
        return None
    digits = text.replace(".", "").replace(",", ".")
    return float(re.sub(r"['’\u00a0\u202f]", "", digits))


class NumberReader:
    def __init__(self, lex: Lexicon) -> None:
        counts = lex.counts
        self.words: dict[str, float] = {
            k.lower(): float(v) for k, v in counts["number_words"].items()
        }
        self.multipliers = {k.lower(): float(v) for k, v in counts["multipliers"].items()}
        self.qualifiers: list[tuple[list[str], str]] = sorted(
            (
                (q.lower().split(), approx)
                for approx, qs in counts["approximations"].items()
                for q in qs
            ),
            key=lambda item: -len(item[0]),
        )
        ranges = counts.get("range_words", {})
        self.range_start = str(ranges.get("start", "")).lower()
        self.range_join = str(ranges.get("join", "")).lower()

    def value_at(self, doc: Doc, i: int) -> tuple[float, int] | None:
        """The number starting at token i and the index after it, or None."""
        text = texts(doc)[i]  # most tokens are no number: no Token object for them
        value = parse_numeral(text)
        if value is None:
            low = lowers(doc)[i]
            value = self.words.get(low)
            if value is None:
                return None
            if low in ("ein", "eine", "einen") and not (
                i + 1 < len(doc) and doc[i + 1].lower_ in (*self.multipliers, "halbe")
            ):
                return None  # the article "ein", not the number one
        end = i + 1
        # "11 500", "10 000": a space as thousands mark (digits of 1-3, then groups of three)
        while (
            text.isdigit()
            and len(text) <= 3
            and end < len(doc)
            and _GROUP.match(doc[end].text)
            and doc[end - 1].whitespace_ == " "
        ):
            value = value * 1000 + float(doc[end].text.rstrip("."))
            end += 1
        if end < len(doc) and doc[end].lower_ in ("halbe", "halben") and value == 1:
            value, end = 0.5, end + 1
        if end < len(doc) and doc[end].lower_ in self.multipliers:
            value *= self.multipliers[doc[end].lower_]
            end += 1
        return value, end

    def numbers(self, doc: Doc, start: int, end: int) -> list[Number]:
        out: list[Number] = []
        lows = lowers(doc)
        i = start
        while i < end:
            found = self.value_at(doc, i)
            if found is None:
                i += 1
                continue
            value, after = found
            approx, first = "Exact", i
            if i > start and lows[i - 1] == self.range_start and after + 1 < end:
                upper = self.value_at(doc, after + 1) if lows[after] == self.range_join else None
                if upper is not None:  # "zwischen 15.000 und 16.000": its lower bound
                    out.append(Number(value, "AtLeast", i - 1, upper[1]))
                    i = upper[1]
                    continue
            for words, name in self.qualifiers:
                n = len(words)
                if i - n >= start and lows[i - n : i] == words:
                    approx, first = name, i - n
                    break
            out.append(Number(value, approx, first, after))
            i = after
        return out
