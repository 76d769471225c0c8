"""Session 4, second round on dates and events: datelines, simple past, two events of a class.

A press release's dateline opening a paragraph dates the page (also when the release uses
seminar words); a simple past without a cue word is a report in the past; a fresh mention ("Ein
ähnlicher Workshop") with another date is another event; with two events and two dates in one
sentence each event takes the date after its noun. Every text is invented; each case goes
through reading, extraction and mapping and is read back with SPARQL where events are asked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dates import DateReader, PartialDate
from graph.lexicon import Lexicon
from graph.reading import read
from tests.test_constructions import article_graph, events

DATE = "3.11.2025"  # the invented items' date
_BODY = (
    "Die Stadtverwaltung Jena lädt Vereine zu einem Seminar über Kurzvideos ein. Die Anmeldung "
    "ist ab sofort möglich, die Teilnahme ist kostenlos."
)


def _page(tmp_path: Path, lex: Lexicon, text: str) -> tuple[str, str | None]:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    doc = read(path, lex)
    return doc.layout, doc.date.iso() if doc.date else None


@pytest.mark.parametrize(
    "opening",
    [
        "Jena, 4. November 2025 – ",
        "Jena, 04.11.2025: ",
        "Jena, den 04.11.2025 – ",
        "Jena, Dienstag, 4. November 2025 – ",
        "Jena, 4. Nov. 2025 – ",
        "Jena, 4. November 2025\n\n",
    ],
)
def test_press_dateline_dates_a_release_with_seminar_words(
    tmp_path: Path, lex: Lexicon, opening: str
) -> None:
    text = f"Kurzvideos für Vereine\n\n{opening}{_BODY}\n"
    assert _page(tmp_path, lex, text) == ("webpage", "2025-11-04")


def test_seminar_page_date_is_no_dateline(tmp_path: Path, lex: Lexicon) -> None:
    """Negative: a seminar page's schedule line ("Termin: Dienstag, 4. November 2025") is the
    event's date, not a release's: the page stays a seminar page without a page date."""
    text = (
        f"Kurzvideos für Vereine\n\nTermin: Dienstag, 4. November 2025, 9 bis 12 Uhr\n\n{_BODY}\n"
    )
    assert _page(tmp_path, lex, text) == ("seminar", None)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Der Kanal startete im Januar mit wenigen Beiträgen.", "2025-01"),
        ("Die Reihe begann im März in Gera.", "2025-03"),
        ("Im Juli zählte der Kanal noch 6.200 Abonnenten.", "2025-07"),
        ("Im Mai verzeichnete das Amt noch 16.800 Fans.", "2025-05"),
        # negatives: present tense and future cues are announcements
        ("Der Kanal startet im Januar.", "2026-01"),
        ("Im März beginnt die Reihe.", "2026-03"),
        ("Konkrete Beispiele zeigt die Stadt im Januar.", "2026-01"),  # an adjective in -ete
        ("Die Reihe begann im Herbst und wird im März fortgesetzt.", "2026-03"),  # future wins
    ],
)
def test_simple_past_without_cue(lex: Lexicon, text: str, iso: str) -> None:
    [span] = DateReader(lex).find(text, PartialDate(2025, 11, 3))
    assert span.start.iso() == iso


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a fresh mention with a date that does not fit: two workshops
        (
            "Im Januar lädt die Stadt Jena Vereine zu einem Workshop ein. Ein ähnlicher Workshop "
            "hatte bereits Mitte September in Gera stattgefunden.",
            {("Workshop", "2026-01", "2026-01"), ("Workshop", "2025-09", "2025-09")},
        ),
        # a simple past without a cue word dates the event back
        (
            "Im April begann eine Schulung der Stadt Jena für Vereine.",
            {("Seminar", "2025-04", "2025-04")},
        ),
        # two events, two dates in one sentence: each takes the date after its noun
        (
            "Der Workshop am 4. Dezember und das Seminar am 12. Januar richten sich an Vereine "
            "der Stadt Jena.",
            {
                ("Workshop", "2025-12-04", "2025-12-04"),
                ("Seminar", "2026-01-12", "2026-01-12"),
            },
        ),
        (
            "Nach dem Workshop am 4. Dezember folgt am 12. Januar eine Tagung der Stadt Jena.",
            {
                ("Workshop", "2025-12-04", "2025-12-04"),
                ("Conference", "2026-01-12", "2026-01-12"),
            },
        ),
    ],
)
def test_two_events_keep_their_dates(
    tmp_path: Path, lex: Lexicon, body: str, expected: set
) -> None:
    assert events(article_graph(tmp_path, lex, body, date=DATE)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # negative: a definite mention with a vaguer date is the same workshop
        (
            "Die Stadt Jena lädt am 4. Dezember zu einem Workshop ein. Der Workshop im Dezember "
            "richtet sich an Vereine.",
            {("Workshop", "2025-12-04", "2025-12-04")},
        ),
        # negative: a fresh mention whose date fits (a day within the range) is the same one
        (
            "Am 4. und 5. Dezember veranstaltet die Stadt Jena einen Workshop. Ein Workshop am "
            "5. Dezember ist für Vereine reserviert.",
            {("Workshop", "2025-12-04", "2025-12-05")},
        ),
        # negative: the series' last edition for comparison is no event of its own
        (
            "Am 4. Dezember lädt die Stadt Jena zur Tagung ein. Beim vorigen Kongress 2024 kamen "
            "300 Gäste.",
            {("Conference", "2025-12-04", "2025-12-04")},
        ),
    ],
)
def test_one_event_stays_one(tmp_path: Path, lex: Lexicon, body: str, expected: set) -> None:
    assert events(article_graph(tmp_path, lex, body, date=DATE)) == expected
