"""Session 4 constructions: dates without a year, and counts for two platforms at once.

A day or month without a year is read against the article's date (announcements: the next
such date; reports in the past: the last one); numbers joined by "beziehungsweise" go in
order to the platforms coordinated before them, and are not counted when the platforms and
numbers do not pair up. Every text is invented; each case goes through reading, extraction and
mapping and is read back with SPARQL (helpers from test_constructions).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dates import DateReader, PartialDate
from graph.lexicon import Lexicon
from tests.test_constructions import article_graph, counts, events

DATE = "3.11.2025"  # the invented items' date


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # announcement, later in the year
        (
            "Die Stadt Jena lädt Vereine zu einem Workshop ein. Der Workshop findet am "
            "12. Dezember im Rathaus statt.",
            {("Workshop", "2025-12-12", "2025-12-12")},
        ),
        # announcement across the year's end
        (
            "Die Stadt Jena bietet im Januar einen Workshop für Vereine an.",
            {("Workshop", "2026-01", "2026-01")},
        ),
        # "geplant" is an announcement although it is a participle
        (
            "Eine Tagung der Stadt Jena ist für den 18. Februar geplant.",
            {("Conference", "2026-02-18", "2026-02-18")},
        ),
        # a report in the past (perfect): the last such day before the item
        (
            "Am 14. Dezember haben sich Vertreter der Stadt Jena zu einem Workshop getroffen.",
            {("Workshop", "2024-12-14", "2024-12-14")},
        ),
        # a report in the past (pluperfect)
        (
            "Im März hatten sich Vertreter der Stadt Jena zu einer Fachtagung getroffen.",
            {("Conference", "2025-03", "2025-03")},
        ),
        # two workshops of a series, the second dated by "Er findet ... statt"
        (
            "Am 14. Oktober haben sich Vertreter der Stadt Jena zu einem ersten Workshop "
            "getroffen. Nun lädt die Stadt zu einem zweiten Workshop ein. Er findet am "
            "22. Januar statt.",
            {("Workshop", "2025-10-14", "2025-10-14"), ("Workshop", "2026-01-22", "2026-01-22")},
        ),
    ],
)
def test_yearless_event_dates(tmp_path: Path, lex: Lexicon, body: str, expected: set) -> None:
    assert events(article_graph(tmp_path, lex, body, date=DATE)) == expected


@pytest.mark.parametrize(
    "body",
    [
        # a deadline is no event
        "Anmeldungen für das Programm nimmt die Stadt Jena bis Ende November entgegen.",
        # a month inside a range with a year belongs to that range, not to a year-less date
        "Die Stadt Jena hat von Februar bis März 2024 Daten gesammelt.",
    ],
)
def test_yearless_dates_make_no_event(tmp_path: Path, lex: Lexicon, body: str) -> None:
    assert events(article_graph(tmp_path, lex, body, date=DATE)) == set()


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Ende Oktober waren es noch 47.000", "2025-10"),
        ("(Stand: Ende Jänner)", "2025-01"),
        ("seit Dezember", "2024-12"),  # a start lies before the item
        ("Die Tagung findet am 2. November statt.", "2026-11-02"),  # the day before the item
        ("Die Tagung findet am 3. November statt.", "2025-11-03"),  # the item's day
    ],
)
def test_yearless_date_reading(lex: Lexicon, text: str, iso: str) -> None:
    [span] = DateReader(lex).find(text, PartialDate(2025, 11, 3))
    assert (span.start.iso(), span.yearless) == (iso, True)


def test_yearless_dates_need_a_dated_article(lex: Lexicon) -> None:
    assert DateReader(lex).find("am 12. Dezember") == []
    assert DateReader(lex).find("am 12. Dezember", PartialDate(2025)) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Auf Facebook und Instagram folgen der Stadt Jena 12.000 beziehungsweise 8.500 "
            "Menschen.",
            {
                ("Stadtverwaltung Jena", "Facebook", "Followers", "12000", "2025-11-03"),
                ("Stadtverwaltung Jena", "Instagram", "Followers", "8500", "2025-11-03"),
            },
        ),
        (
            "Die Stadt Jena ist seit Jahren im Netz aktiv. Auf X und Mastodon folgen ihr "
            "inzwischen 9.000 bzw. 1.400 Accounts.",
            {
                ("Stadtverwaltung Jena", "X", "Followers", "9000", "2025-11-03"),
                ("Stadtverwaltung Jena", "Mastodon", "Followers", "1400", "2025-11-03"),
            },
        ),
    ],
)
def test_respectively_counts(tmp_path: Path, lex: Lexicon, body: str, expected: set) -> None:
    assert counts(article_graph(tmp_path, lex, body, date=DATE)) == expected


@pytest.mark.parametrize(
    "body",
    [
        # three platforms, two numbers: which is which is not said
        "Auf Facebook, Instagram und TikTok folgen der Stadt Jena 12.000 beziehungsweise "
        "8.500 Menschen.",
        # one platform, two numbers
        "Auf Instagram folgen der Stadt Jena 12.000 beziehungsweise 8.500 Menschen.",
    ],
)
def test_respectively_without_pairs_is_no_count(tmp_path: Path, lex: Lexicon, body: str) -> None:
    assert counts(article_graph(tmp_path, lex, body, date=DATE)) == set()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a total without a cue word, owner by possessive
        (
            "Die Stadt Jena setzt auf kurze Videos. Die 14.000 Follower ihres TikTok-Kanals "
            "sehen vor allem Clips aus dem Bürgerservice.",
            ("Stadtverwaltung Jena", "TikTok", "Followers", "14000", "2025-11-03"),
        ),
        # the owner and platform a paragraph before the number
        (
            "Die Stadtverwaltung Jena informiert seit dem Frühjahr über einen WhatsApp-Kanal."
            "\n\nInzwischen sind es 3.200 Abonnenten.",
            ("Stadtverwaltung Jena", "WhatsApp", "Subscribers", "3200", "2025-11-03"),
        ),
    ],
)
def test_totals_and_distant_owners(
    tmp_path: Path, lex: Lexicon, body: str, expected: tuple
) -> None:
    assert expected in counts(article_graph(tmp_path, lex, body, date=DATE))


def test_no_owner_no_count(tmp_path: Path, lex: Lexicon) -> None:
    """Negative: a number with a count noun and no body anywhere before it is nobody's."""
    body = "Inzwischen sind es 3.200 Abonnenten."
    assert counts(article_graph(tmp_path, lex, body, date=DATE)) == set()
