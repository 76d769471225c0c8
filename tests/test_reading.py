"""Reading: layouts, teasers, vendor blocks, encodings and unusable files."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dates import PartialDate
from graph.errors import ReadError
from graph.lexicon import Lexicon
from graph.reading import read

NEWS = """Hessen:
Ministerium startet auf Mastodon


[3.2.2022] Das Hessische Ministerium des Innern und für Sport ist jetzt auf Mastodon vertreten. (ab)

Stichwörter: Social Media, Hessen

Druckversion    PDF     Link mailen


Weitere Meldungen und Beiträge aus dem Bereich Social Media
Bayern: Stadt testet Threads
[1.12.2021] Die Stadt Regensburg probiert Threads aus. mehr...
Eine Bildunterschrift zum Test.
Suchen...
Ausgewählte Anbieter aus dem Bereich Social Media:
Beispiel Software GmbH
12345 Musterstadt
Beispiel Software GmbH
Aktuelle Meldungen
"""


def test_news_layout(tmp_path: Path, lex: Lexicon) -> None:
    p = tmp_path / "a.txt"
    p.write_text(NEWS, encoding="utf-8")
    doc = read(p, lex)
    assert doc.layout == "news"
    assert (doc.region_tag, doc.title, doc.date) == (
        "Hessen",
        "Ministerium startet auf Mastodon",
        PartialDate(2022, 2, 3),
    )
    assert doc.author == "ab" and doc.keywords == ["Social Media", "Hessen"]
    assert "(ab)" not in doc.text and "Druckversion" not in doc.text
    assert "Regensburg" not in doc.text  # teasers are not facts of this page
    [teaser] = doc.teasers
    assert (teaser.date, teaser.region_tag, teaser.layout) == (
        PartialDate(2021, 12, 1),
        "Bayern",
        "teaser",
    )
    assert "Bildunterschrift" in teaser.text
    [vendor] = doc.vendors
    assert (vendor.name, vendor.postal_code, vendor.city) == (
        "Beispiel Software GmbH",
        "12345",
        "Musterstadt",
    )
    assert doc.slug == "2022-02-03-ministerium-startet-auf-mastodon"


def test_teaser_slug_equals_the_article_it_points_to(tmp_path: Path, lex: Lexicon) -> None:
    p = tmp_path / "a.txt"
    p.write_text(NEWS, encoding="utf-8")
    assert read(p, lex).teasers[0].slug == "2021-12-01-stadt-testet-threads"


def test_windows_1252_and_html(tmp_path: Path, lex: Lexicon) -> None:
    p = tmp_path / "b.txt"
    p.write_bytes(NEWS.encode("cp1252"))
    assert read(p, lex).title == "Ministerium startet auf Mastodon"
    h = tmp_path / "c.html"
    h.write_text(
        "<html><head><title>x</title><script>var a=1;</script></head><body>"
        "<h1>Social Media beim Polizeipr&auml;sidium Musterstadt</h1>"
        "<p>Wir sind auf Instagram &amp; Facebook.</p></body></html>",
        encoding="utf-8",
    )
    doc = read(h, lex)
    assert doc.layout == "webpage"
    assert "Instagram & Facebook" in doc.text and "var a" not in doc.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20, "does not look like text"),
    ],
)
def test_unusable_files_give_a_reason(
    tmp_path: Path, lex: Lexicon, content: bytes, reason: str
) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ReadError, match=reason) as err:
        read(p, lex)
    assert str(p) in str(err.value)


def test_seed_layouts(seeds_dir: Path, lex: Lexicon) -> None:
    layouts = {p.name[:3]: read(p, lex).layout for p in seeds_dir.glob("*.txt")}
    assert layouts == {
        "000": "news",
        "001": "news",
        "002": "webpage",
        "003": "seminar",
        "004": "news",
    }


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("Amt testet Kurzvideos\n\n03.07.2023, 09:15 Uhr\n\n", "2023-07-03"),
        ("Amt testet Kurzvideos\n\nMittwoch, 4. Oktober 2023\n\n", "2023-10-04"),
        ("Musterstadt | 12.01.2022\n\nAmt testet Kurzvideos\n\n", "2022-01-12"),
        (
            "Amt Musterstadt\nMitteilung Nr. 17 vom 9.5.2021\n\nAmt testet Kurzvideos\n\n",
            "2021-05-09",
        ),
        ("Amt testet Kurzvideos\n\n", None),
        # a dateline run into the first paragraph
        ("Amt testet Kurzvideos\n\n[7.4.2024] ", "2024-04-07"),
        ("Amt testet Kurzvideos\n\nUnterstadt, 05.11.2022 (sda) - ", "2022-11-05"),
        ("Amt testet Kurzvideos\n\nBad Musterau, 3. März 2021 – ", "2021-03-03"),
        ("Amt testet Kurzvideos\n\nAm 7.4.2024 hat ", None),
    ],
)
def test_a_dateline_dates_a_page(tmp_path: Path, lex: Lexicon, head: str, date: str | None) -> None:
    """News-agency and press-release pages carry their date on a short line near the top;
    a long paragraph that merely mentions a date does not date the page."""
    path = tmp_path / "page.txt"
    body = "Das Amt zeigt seit dem 1. Juni 2020 kurze Videos aus dem Alltag der Verwaltung, " * 2
    path.write_text(head + body + "\n", encoding="utf-8")
    doc = read(path, lex)
    assert (doc.date.iso() if doc.date else None) == date


@pytest.mark.parametrize(
    ("text", "vendor"),
    [
        (
            "Die Technik stellt die Beispiel Medien GmbH, Lindenweg 7, 04109 Leipzig.",
            ("Beispiel Medien GmbH", "04109", "Leipzig"),
        ),
        (
            "Veranstalter:\nMuster Akademie AG\nSeestrasse 101\n8002 Zürich",
            ("Muster Akademie AG", "8002", "Zürich"),
        ),
        (
            "Partner ist die Donau Netzwerk GmbH, Ringstraße 4a, 1010 Wien.",
            ("Donau Netzwerk GmbH", "1010", "Wien"),
        ),
        (
            "Es lädt die Main Dialog GmbH, Uferweg 2, 60311 Frankfurt am Main. Anmeldung online.",
            ("Main Dialog GmbH", "60311", "Frankfurt am Main"),
        ),
    ],
)
def test_vendor_with_address_in_the_text(
    tmp_path: Path, lex: Lexicon, text: str, vendor: tuple[str, str, str]
) -> None:
    """A company (legal form) followed by street and postal code (5 digits in Germany, 4 in
    Austria and Switzerland) is a vendor, inline or on three lines."""
    path = tmp_path / "page.txt"
    path.write_text("Kurzvideos für Ämter\n\n" + text + "\n", encoding="utf-8")
    found = [(v.name, v.postal_code, v.city) for v in read(path, lex).vendors]
    assert found == [vendor]
