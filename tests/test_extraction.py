"""Extraction of the constructions that break naive rules, on sentences written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dates import DateReader, PartialDate
from graph.extraction import extract
from graph.extraction.nlp import pipeline
from graph.extraction.numbers import NumberReader
from graph.lexicon import Lexicon
from graph.reading import read
from graph.records import ArticleRecord


def news(
    tmp_path: Path, lex: Lexicon, body: str, region: str = "Sachsen", date: str = "[5.3.2020]"
) -> ArticleRecord:
    p = tmp_path / "n.txt"
    p.write_text(
        f"{region}:\nTestmeldung\n\n\n{date} {body}\n\nStichwörter: Test\n", encoding="utf-8"
    )
    return extract(read(p, lex), lex).article


def agencies(rec: ArticleRecord) -> set[str]:
    return {r.key for r in rec.entities if r.kind == "agency"}


@pytest.mark.parametrize(
    "phrase",
    [
        "Die Polizei Sachsen informiert.",
        "Die sächsische Polizei informiert.",
        "Die Polizei des Freistaats Sachsen informiert.",
        "Sachsens Polizei informiert.",
        "Der Sächsischen Polizei folgen viele.",
    ],
)
def test_one_agency_under_many_surface_forms(tmp_path: Path, lex: Lexicon, phrase: str) -> None:
    assert "polizei-sachsen" in agencies(news(tmp_path, lex, phrase))


def test_coordinated_list_gives_several_agencies(tmp_path: Path, lex: Lexicon) -> None:
    rec = news(tmp_path, lex, "Die Polizeidirektionen Chemnitz, Dresden und Leipzig twittern.")
    assert {
        "polizeidirektion-chemnitz",
        "polizeidirektion-dresden",
        "polizeidirektion-leipzig",
    } <= agencies(rec)


def test_pattern_agencies_are_marked_unlinked(tmp_path: Path, lex: Lexicon) -> None:
    rec = news(tmp_path, lex, "Das Landgericht Görlitz ist neu auf Instagram.")
    entity = next(e for r, e in rec.entities.items() if r.key == "landgericht-goerlitz")
    assert entity.cls == "Court" and not entity.linked and entity.located_in == "goerlitz"
    known = next(
        e
        for r, e in news(tmp_path, lex, "Der Bundesrat ist da.").entities.items()
        if r.key == "bundesrat"
    )
    assert known.linked


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("Die Polizei Sachsen ist auf X (ehem. Twitter) aktiv.", "x"),
        ("Die Polizei Sachsen ist auf X (ehemals Twitter) aktiv.", "x"),
        ("Die Polizei Sachsen betreibt einen Twitter-Kanal.", "x"),
        ("Die Polizei Sachsen hat einen Instagram-Account.", "instagram"),
        ("Die Polizei Sachsen ist jetzt auf Bluesky.", "bluesky"),
    ],
)
def test_platforms(tmp_path: Path, lex: Lexicon, text: str, platform: str) -> None:
    rec = news(tmp_path, lex, text)
    assert [a.platform for a in rec.accounts] == [platform]
    assert rec.accounts[0].holder is not None and rec.accounts[0].holder.key == "polizei-sachsen"


def test_bare_x_is_not_a_platform_without_context(tmp_path: Path, lex: Lexicon) -> None:
    rec = news(tmp_path, lex, "Die Polizei Sachsen nennt den Verdächtigen Herrn X.")
    assert not rec.accounts


@pytest.mark.parametrize(
    ("text", "value", "approx", "metric"),
    [
        (
            "Die Polizei Sachsen hat auf Twitter über 52.000 Follower.",
            52000,
            "MoreThan",
            "Followers",
        ),
        (
            "Der Polizei Sachsen folgen auf Instagram 1,4 Millionen AbonnentInnen.",
            1_400_000,
            "Exact",
            "Subscribers",
        ),
        ("Die Polizei Sachsen hat auf Facebook rund 67.000 Fans.", 67000, "Approximately", "Fans"),
        ("Die Polizei Sachsen hat auf Facebook eine halbe Million Fans.", 500_000, "Exact", "Fans"),
        (
            "Die Polizei Sachsen hat auf Mastodon fast 900 Follower:innen.",
            900,
            "LessThan",
            "Followers",
        ),
    ],
)
def test_counts(
    tmp_path: Path, lex: Lexicon, text: str, value: int, approx: str, metric: str
) -> None:
    [obs] = news(tmp_path, lex, text).observations
    assert (obs.value, obs.approximation, obs.metric) == (value, approx, metric)
    assert obs.date == PartialDate(2020, 3, 5)  # the article's date when none is given
    assert obs.subject.kind == "account"


def test_team_expansion_with_relative_date(tmp_path: Path, lex: Lexicon) -> None:
    rec = news(
        tmp_path,
        lex,
        "Das Social-Media-Team der Polizei Sachsen wird im kommenden Jahr "
        "von drei auf sechs Stellen aufgestockt.",
    )
    [ev] = rec.events
    assert (ev.cls, ev.from_value, ev.to_value, ev.start) == (
        "TeamExpansion",
        3,
        6,
        PartialDate(2021),
    )
    assert sorted(o.value for o in rec.observations) == [3, 6]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("vom 4. bis 5. Dezember 2017", PartialDate(2017, 12, 4), PartialDate(2017, 12, 5)),
        ("am 14. und 15. Mai 2019", PartialDate(2019, 5, 14), PartialDate(2019, 5, 15)),
        ("im Mai 2014", PartialDate(2014, 5), None),
        ("seit Februar 2015", PartialDate(2015, 2), None),
        ("seit dem Jahr 2011", PartialDate(2011), None),
        ("am 7.12.2017", PartialDate(2017, 12, 7), None),
    ],
)
def test_dates(lex: Lexicon, text: str, start: PartialDate, end: PartialDate | None) -> None:
    [span] = DateReader(lex).find(text, PartialDate(2020))
    assert (span.start, span.end) == (start, end)


def test_relative_year(lex: Lexicon) -> None:
    [span] = DateReader(lex).find("im kommenden Jahr", PartialDate(2017, 12, 7))
    assert span.start == PartialDate(2018)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("52.000", 52000),
        ("1,4 Millionen", 1_400_000),
        ("zwölf", 12),
        ("vier", 4),
        ("eine halbe Million", 500_000),
    ],
)
def test_numbers(lex: Lexicon, text: str, value: float) -> None:
    doc = pipeline()(text)
    [num] = NumberReader(lex).numbers(doc, 0, len(doc))
    assert num.value == value


def test_officials_role_name_and_surname_only(tmp_path: Path, lex: Lexicon) -> None:
    rec = news(
        tmp_path,
        lex,
        "„Wir sind gern online“, sagt Innenministerin Petra Lang. "
        "Später betonte Lang, das Team wachse.",
    )
    person = next(r for r in rec.entities if r.kind == "person")
    assert person.key == "petra-lang"
    assert [p.agency.key for p in rec.posts] == ["innenministerium-sachsen"]
    assert sum(1 for m in rec.mentions if m.ref == person) == 2
    assert rec.quotations


def test_name_comma_role(tmp_path: Path, lex: Lexicon) -> None:
    rec = news(
        tmp_path, lex, "Das sagte Karl Sommer, Niedersachsens Innenminister.", region="Bayern"
    )
    [post] = rec.posts
    assert post.person is not None and post.person.key == "karl-sommer"
    assert post.agency.key == "innenministerium-niedersachsen"


def test_teaser_facts_are_dated_by_the_teaser(tmp_path: Path, lex: Lexicon) -> None:
    p = tmp_path / "t.txt"
    p.write_text(
        "Bayern:\nTitel\n\n\n[1.1.2022] Text ohne Fakten.\n\nStichwörter: X\n\n"
        "Weitere Meldungen und Beiträge aus dem Bereich Social Media\n"
        "Bundesrat: Neuer Kanal gestartet\n[9.9.2019] Der Bundesrat ist jetzt auf "
        "TikTok gestartet. mehr...\nSuchen...\n",
        encoding="utf-8",
    )
    ex = extract(read(p, lex), lex)
    assert not ex.article.accounts
    [teaser] = ex.teasers
    [acc] = teaser.accounts
    assert (acc.holder and acc.holder.key, acc.platform) == ("bundesrat", "tiktok")
    assert acc.start == PartialDate(2019, 9, 9)


def test_adding_a_platform_is_a_mapping_edit(tmp_path: Path) -> None:
    """A new platform in a copy of mappings/ is found with no code change."""
    import shutil

    import yaml

    from graph.assets import mappings_dir
    from graph.lexicon import load

    folder = tmp_path / "mappings"
    shutil.copytree(mappings_dir(), folder)
    data = yaml.safe_load((folder / "platforms.yaml").read_text(encoding="utf-8"))
    data["platforms"].append({"key": "vero", "label": "Vero", "names": ["Vero"]})
    (folder / "platforms.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    before = news(tmp_path, load(), "Die Polizei Sachsen ist jetzt auf Vero.")
    assert not before.accounts
    rec = news(tmp_path, load(folder), "Die Polizei Sachsen ist jetzt auf Vero.")
    assert [a.platform for a in rec.accounts] == ["vero"]
