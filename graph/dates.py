"""Partial dates: a year, a month or a day, as German text gives them.

`PartialDate` keeps exactly the precision the text had (``seit 2011`` is a year, not
2011-01-01) and renders as ``xsd:gYear`` / ``xsd:gYearMonth`` / ``xsd:date``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from graph.lexicon import Lexicon

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def sort_key(self) -> tuple[int, int, int]:
        """Order by the earliest day the date can mean ("2018" sorts before "2018-03")."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key() > other.sort_key()

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def datatype(self) -> str:
        if self.month is None:
            return XSD + "gYear"
        return XSD + ("gYearMonth" if self.day is None else "date")

    def shifted_years(self, offset: int) -> PartialDate:
        return PartialDate(self.year + offset)

    def shifted_month_year(self, offset: int) -> PartialDate:
        """The same month (and day) ``offset`` years later."""
        return PartialDate(self.year + offset, self.month, self.day)


@dataclass(frozen=True)
class DateSpan:
    """A date expression found in a text: start, optional end, and where it was."""

    start: PartialDate
    end: PartialDate | None
    char_start: int
    char_end: int
    since: bool = False  # "seit ..." : a start date
    yearless: bool = False  # "am 12. Dezember", "im März": the year was read from the article


@cache
def _patterns(
    months: tuple[str, ...], rel: tuple[str, ...], leads: tuple[str, ...] = ()
) -> dict[str, re.Pattern[str]]:
    month = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    full_month = "|".join(
        re.escape(m) for m in sorted(months, key=len, reverse=True) if not m.endswith(".")
    )
    lead = "|".join(re.escape(w) for w in sorted(leads, key=len, reverse=True)) or "$^"
    relative = "|".join(re.escape(r) for r in sorted(rel, key=len, reverse=True))
    year = r"(19\d\d|20\d\d)"
    return {
        # 4. bis 5. Dezember 2017 | 14. und 15. Mai 2019 | 3.-4. Juni 2022 |
        # 17. bis Donnerstag, 18. September 2025 (a weekday before the second day)
        "day_range": re.compile(
            rf"\b(\d{{1,2}})\.\s*(?:bis|und|-|–)\s*(?:[A-Za-zäöü]+tag,\s*|Mittwoch,\s*)?"
            rf"(\d{{1,2}})\.\s*({month})\s+{year}",
            re.I,
        ),
        # 12. März 2021
        "day": re.compile(rf"\b(\d{{1,2}})\.\s*({month})\s+{year}", re.I),
        # 7.12.2017
        "numeric": re.compile(rf"\b(\d{{1,2}})\.(\d{{1,2}})\.{year}\b"),
        # Mai 2014 | Februar bis März 2015
        "month": re.compile(rf"\b({month})\s+{year}\b", re.I),
        # 2011 (standalone year)
        "year": re.compile(rf"(?<![\d.,]){year}(?![\d.,]\d)"),
        # year-less, read against the article's date: "am 10. und 11. Februar"
        "yl_day_range": re.compile(
            rf"\b(\d{{1,2}})\.\s*(?:bis|und|-|–)\s*(\d{{1,2}})\.\s*({full_month})\b(?!\s*\d)",
            re.I,
        ),
        "yl_probe": re.compile(rf"\b(?:{full_month})\b", re.I),
        # "am 12. Dezember" (not "12. Dezember 2025", taken above)
        "yl_day": re.compile(rf"\b(\d{{1,2}})\.\s*({full_month})\b(?!\s*\d)", re.I),
        # "im März", "Ende Oktober", "seit Februar": a month after a word that makes it a date
        # (not "Februar bis März 2015", whose first month belongs to the range)
        "yl_month": re.compile(
            rf"\b(?:{lead})\s+({full_month})\b(?!\s*\d)(?!\s*(?:bis|und|-|–)\s*(?:{full_month}))",
            re.I,
        ),
        "relative": re.compile(rf"\b({relative})\b", re.I) if relative else re.compile(r"$^"),
        "since": re.compile(
            r"\b(seit|ab)\s+(?:dem\s+Jahr\s+|dem\s+|Anfang\s+|Ende\s+|Mitte\s+)?$", re.I
        ),
    }


class DateReader:
    """Finds date expressions in a sentence, resolving relative ones against a reference."""

    def __init__(self, lex: Lexicon) -> None:
        self.months: dict[str, int] = {k.lower(): int(v) for k, v in lex.dates["months"].items()}
        self.relative: dict[str, int] = {
            k.lower(): int(v) for k, v in lex.dates["relative_years"].items()
        }
        lo, hi = lex.dates.get("year_range", [1990, 2039])
        self.year_range = (int(lo), int(hi))
        spec = lex.dates.get("yearless", {})
        self.past_cues = frozenset(w.lower() for w in spec.get("past_cues", []))
        self.future_cues = frozenset(w.lower() for w in spec.get("future_cues", []))
        self.perfect_auxiliaries = frozenset(w.lower() for w in spec.get("perfect_auxiliaries", []))
        self.past_forms = frozenset(w.lower() for w in spec.get("past_forms", []))
        self.weak_past_endings = tuple(spec.get("weak_past_endings", []))
        self.weak_past_min = int(spec.get("weak_past_min_length", 6))
        self.weak_past_exceptions = frozenset(spec.get("weak_past_exceptions", []))
        self.p = _patterns(
            tuple(self.months), tuple(self.relative), tuple(spec.get("month_leads", []))
        )

    def _month(self, name: str) -> int:
        return self.months[name.lower()]

    def find(self, text: str, reference: PartialDate | None = None) -> list[DateSpan]:
        """All date expressions in ``text``, longest first where they overlap."""
        found: list[DateSpan] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        def add(span: DateSpan) -> None:
            if not free(span.char_start, span.char_end):
                return
            taken.append((span.char_start, span.char_end))
            before = text[max(0, span.char_start - 25) : span.char_start]
            since = bool(self.p["since"].search(before))
            start, end = span.start, span.end
            if span.yearless and since and reference is not None and start > reference:
                # "seit Februar": a start lies before the article
                start, end = start.shifted_month_year(-1), end and end.shifted_month_year(-1)
            found.append(DateSpan(start, end, span.char_start, span.char_end, since, span.yearless))

        for m in self.p["day_range"].finditer(text):
            y, mo = int(m.group(4)), self._month(m.group(3))
            add(
                DateSpan(
                    PartialDate(y, mo, int(m.group(1))),
                    PartialDate(y, mo, int(m.group(2))),
                    m.start(),
                    m.end(),
                )
            )
        for m in self.p["day"].finditer(text):
            add(
                DateSpan(
                    PartialDate(int(m.group(3)), self._month(m.group(2)), int(m.group(1))),
                    None,
                    m.start(),
                    m.end(),
                )
            )
        for m in self.p["numeric"].finditer(text):
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                add(DateSpan(PartialDate(y, mo, d), None, m.start(), m.end()))
        for m in self.p["month"].finditer(text):
            add(
                DateSpan(
                    PartialDate(int(m.group(2)), self._month(m.group(1))), None, m.start(), m.end()
                )
            )
        for m in self.p["year"].finditer(text):
            y = int(m.group(1))
            if self.year_range[0] <= y <= self.year_range[1]:
                add(DateSpan(PartialDate(y), None, m.start(), m.end()))
        if reference is not None and reference.month is not None:
            self._yearless(text, reference, add)
        if reference is not None:
            for m in self.p["relative"].finditer(text):
                offset = self.relative[m.group(1).lower()]
                add(DateSpan(reference.shifted_years(offset), None, m.start(), m.end()))
        found.sort(key=lambda s: s.char_start)
        return found

    def _yearless(self, text: str, reference: PartialDate, add: Callable[[DateSpan], None]) -> None:
        """Day and month dates without a year, placed in the year the sentence means.

        The rule: an announcement (the default, and any sentence with a future cue such as
        "findet ... statt", "lädt ... ein", "geplant") means the next such date on or after the
        article's date; a report in the past ("hatten sich ... getroffen", "hatte ...
        stattgefunden", "waren es noch", a perfect "haben ... getroffen", a simple past without a
        cue word "startete im Januar", "begann im März") the last one on or before it. A future
        cue wins over a past one ("ist ... geplant" is no report)."""
        if not self.p["yl_probe"].search(text):
            return  # most sentences name no month: one scan instead of three
        past = self._past(text)
        for m in self.p["yl_day_range"].finditer(text):
            mo = self._month(m.group(3))
            first, last = int(m.group(1)), int(m.group(2))
            year = _year_for(mo, first, reference, past)
            if year is not None:
                span = DateSpan(
                    PartialDate(year, mo, first), PartialDate(year, mo, last), m.start(), m.end()
                )
                add(_yl(span))
        for m in self.p["yl_day"].finditer(text):
            mo, day = self._month(m.group(2)), int(m.group(1))
            year = _year_for(mo, day, reference, past)
            if year is not None:
                add(_yl(DateSpan(PartialDate(year, mo, day), None, m.start(), m.end())))
        for m in self.p["yl_month"].finditer(text):
            mo = self._month(m.group(1))
            year = _year_for(mo, None, reference, past)
            if year is not None:
                add(_yl(DateSpan(PartialDate(year, mo), None, m.start(1), m.end())))

    def _past(self, text: str) -> bool:
        """The sentence reports the past (see `_yearless`)."""
        words = re.findall(r"[\wäöüÄÖÜß]+", text.lower())
        if any(w in self.future_cues for w in words):
            return False
        if any(w in self.past_cues for w in words):
            return True
        if any(self._simple_past(w) for w in re.findall(r"(?<!\w)[a-zäöüß]+", text)):
            return True  # "startete im Januar", "begann im März": no cue word, yet a report
        last = words[-1] if words else ""
        participle = "ge" in last[:-2] and (last.endswith("t") or last.endswith("en"))
        return participle and any(w in self.perfect_auxiliaries for w in words)

    def _simple_past(self, word: str) -> bool:
        """A lower-case word (nouns are capitalised) that is a simple past form."""
        if word in self.past_forms:
            return True
        return (
            len(word) >= self.weak_past_min
            and word.endswith(self.weak_past_endings)
            and not word.startswith("ge")
            and word not in self.weak_past_exceptions
        )


def _yl(span: DateSpan) -> DateSpan:
    return DateSpan(span.start, span.end, span.char_start, span.char_end, yearless=True)


def _year_for(month: int, day: int | None, reference: PartialDate, past: bool) -> int | None:
    """The year of a year-less date: the last one on or before the article's date when the
    sentence reports the past, else the next one on or after it."""
    if day is not None and not 1 <= day <= 31:
        return None
    ref = (reference.month or 1, reference.day or (day if day is not None else 0))
    here = (month, day if day is not None else ref[1] if month == ref[0] else 0)
    if past:
        return reference.year if here <= ref else reference.year - 1
    return reference.year if here >= ref else reference.year + 1
