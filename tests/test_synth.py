"""The synthetic article generator: reproducible, in the seed layouts, and varied enough.

Benchmarks only mean something if the corpus is the same from run to run and if it covers
what the real articles cover (all states, many platforms), so those are the properties tested.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graph.synth import generate

STATES = {
    "Baden-Württemberg",
    "Bayern",
    "Berlin",
    "Brandenburg",
    "Bremen",
    "Hamburg",
    "Hessen",
    "Mecklenburg-Vorpommern",
    "Niedersachsen",
    "Nordrhein-Westfalen",
    "Rheinland-Pfalz",
    "Saarland",
    "Sachsen",
    "Sachsen-Anhalt",
    "Schleswig-Holstein",
    "Thüringen",
}
PLATFORMS = (
    "Facebook",
    "Instagram",
    "X (ehemals Twitter)",
    "Twitter",
    "YouTube",
    "TikTok",
    "Mastodon",
    "Threads",
    "Bluesky",
    "LinkedIn",
    "WhatsApp",
    "Telegram",
)
DATE_LINE = re.compile(r"^\[(\d{1,2})\.(\d{1,2})\.(\d{4})\] \S", re.M)


def layout(text: str) -> str:
    """Which of the three seed layouts a text has, by the markers a reader would look for."""
    lines = text.splitlines()
    is_news = (
        re.fullmatch(r"[A-ZÄÖÜ][^:]*:", lines[0]) is not None
        and lines[2:4] == ["", ""]
        and DATE_LINE.match(lines[4]) is not None
        and any(line.startswith("Stichwörter: ") for line in lines)
        and "Weitere Meldungen und Beiträge aus dem Bereich Social Media" in lines
        and lines[-1] == "Aktuelle Meldungen"
    )
    is_web = (
        DATE_LINE.search(text) is None
        and " wir " in text
        and "Geplant sind in naher Zukunft:" in lines
        and lines[-1] == "zurück"
    )
    is_seminar = "findet statt am:" in text and re.search(r"kostet \d+ Euro", text) is not None
    found = [
        name for name, ok in (("news", is_news), ("web", is_web), ("seminar", is_seminar)) if ok
    ]
    assert len(found) == 1, f"expected exactly one layout, found {found}:\n{text[:300]}"
    return found[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    paths = generate(300, tmp_path_factory.mktemp("synth"), seed=7)
    return [p.read_text(encoding="utf-8") for p in paths]


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    first = generate(40, tmp_path / "a", seed=5)
    second = generate(40, tmp_path / "b", seed=5)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))


def test_different_seeds_give_different_articles(tmp_path: Path) -> None:
    a = generate(20, tmp_path / "a", seed=1)
    b = generate(20, tmp_path / "b", seed=2)
    differing = sum(x.read_bytes() != y.read_bytes() for x, y in zip(a, b, strict=True))
    assert differing == 20


def test_writes_n_numbered_files(tmp_path: Path) -> None:
    paths = generate(12, tmp_path / "out", seed=0)
    assert [p.name for p in paths] == [f"synth_{i:06d}.txt" for i in range(1, 13)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [p.name for p in paths]
    assert generate(0, tmp_path / "empty") == []


def test_negative_n_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="n must be"):
        generate(-1, tmp_path)


def test_every_article_has_one_of_the_three_layouts(corpus: list[str]) -> None:
    kinds = [layout(text) for text in corpus]
    assert 0.7 * len(corpus) <= kinds.count("news") <= 0.9 * len(corpus)
    assert kinds.count("web") >= 10 and kinds.count("seminar") >= 10


def test_templates_are_fully_filled(corpus: list[str]) -> None:
    for text in corpus:
        assert "{" not in text and "}" not in text, text[:300]


def test_news_dates_are_in_range_and_teasers_are_older(corpus: list[str]) -> None:
    for text in corpus:
        dates = [dt.date(int(y), int(m), int(d)) for d, m, y in DATE_LINE.findall(text)]
        if not dates:
            continue
        page, teasers = dates[0], dates[1:]
        assert dt.date(2010, 1, 1) <= page <= dt.date(2025, 12, 31)
        assert teasers and all(t < page for t in teasers)


def test_corpus_covers_all_states_and_many_platforms(corpus: list[str]) -> None:
    keywords = {
        word
        for text in corpus
        for line in text.splitlines()
        if line.startswith("Stichwörter: ")
        for word in line.removeprefix("Stichwörter: ").split(", ")
    }
    assert keywords >= STATES, STATES - keywords
    text = "\n".join(corpus)
    seen = {p for p in PLATFORMS if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)}
    assert len(seen) >= 8, seen


def test_one_agency_under_two_surface_forms(corpus: list[str]) -> None:
    """The seeds' trap: 'Polizei Sachsen' and 'die sächsische Polizei' in one article."""
    adjectives = {
        "Sachsen": "sächsische",
        "Bayern": "bayerische",
        "Hessen": "hessische",
        "Berlin": "Berliner",
        "Hamburg": "Hamburger",
        "Brandenburg": "brandenburgische",
    }
    both = [
        state
        for text in corpus
        for state, adj in adjectives.items()
        if f"Polizei {state}" in text and f"{adj} Polizei" in text.split("Druckversion")[0]
    ]
    assert both, "no article names a state police under two forms"


@pytest.mark.slow
def test_ten_thousand_articles_have_distinct_files(tmp_path: Path) -> None:
    """The benchmark corpus size; its speed is in benchmarks/RESULTS.md, not asserted here."""
    paths = generate(10_000, tmp_path, seed=3)
    assert len(paths) == len(set(paths)) == 10_000
    assert all(p.stat().st_size > 0 for p in paths)
