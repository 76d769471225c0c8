"""Partial dates: a year, a month or a day, as German text gives them.

`PartialDate` keeps exactly the precision the text had (``seit 2011`` is a year, not
2011-01-01) and renders as ``xsd:gYear`` / ``xsd:gYearMonth`` / ``xsd:date``.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class DateSpan:
    """A date expression found in a text: start, optional end, and where it was."""

    start: PartialDate
    end: PartialDate | None
    char_start: int
    char_end: int
    since: bool = False  # "seit ..." : a start date


@cache
def _patterns(months: tuple[str, ...], rel: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    month = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
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
        self.p = _patterns(tuple(self.months), tuple(self.relative))

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
            found.append(DateSpan(span.start, span.end, span.char_start, span.char_end, since))

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
        if reference is not None:
            for m in self.p["relative"].finditer(text):
                offset = self.relative[m.group(1).lower()]
                add(DateSpan(reference.shifted_years(offset), None, m.start(), m.end()))
        found.sort(key=lambda s: s.char_start)
        return found
