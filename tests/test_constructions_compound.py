"""Compound and deputy titles, districts as actors and counts in elliptical lists (issue 3,
session 4, set I), asserted on the RDF as in test_constructions. Every text is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.lexicon import Lexicon
from tests.test_constructions import agencies, article_graph, counts, officials

LEIPZIG = "Die Polizeidirektion Leipzig startet einen Kanal. "


@pytest.mark.parametrize(
    ("region", "body", "official"),
    [
        # a body word joined to a base title: the post is in that body's class
        (
            "Sachsen",
            LEIPZIG + "Polizeivizepräsidentin Jana Förster sagte, man wolle mehr erreichen.",
            ("Jana Förster", "Polizeivizepräsident", "Polizeidirektion Leipzig", None),
        ),
        (
            "Sachsen",
            "Der Landkreis Bautzen baut seine Kanäle aus. „Das lohnt sich“, sagte Kreissprecher "
            "Lutz Kramer aus Bautzen.",
            ("Lutz Kramer", "Kreissprecher", "Landratsamt Bautzen", None),
        ),
        # a deputy word in lower case after the article, and sentence-initial
        (
            "Sachsen",
            LEIPZIG + "„Wir sind bereit“, sagte die stellvertretende Pressesprecherin Ines Gruber.",
            ("Ines Gruber", "stellvertretender Pressesprecher", "Polizeidirektion Leipzig", None),
        ),
        (
            "Brandenburg",
            "Die Stadt Cottbus ist auf Instagram. Stellvertretender Stadtsprecher Erik Lamprecht "
            "betreut den Kanal.",
            ("Erik Lamprecht", "stellvertretender Stadtsprecher", "Stadtverwaltung Cottbus", None),
        ),
    ],
)
def test_compound_and_deputy_titles(
    tmp_path: Path, lex: Lexicon, region: str, body: str, official: tuple[str, ...]
) -> None:
    assert officials(article_graph(tmp_path, lex, body, region=region)) == {official}


@pytest.mark.parametrize(
    "body",
    [
        # a person named in an agency context without a title is no official
        LEIPZIG + "Jana Förster aus der Direktion sagte, man freue sich.",
        # a deputy word before a title that is no post
        LEIPZIG + "Der stellvertretende Vorsitzende Jan Ott des Vereins lobte das.",
    ],
)
def test_no_title_no_official(tmp_path: Path, lex: Lexicon, body: str) -> None:
    assert officials(article_graph(tmp_path, lex, body, region="Sachsen")) == set()


def test_district_as_actor_and_as_place(tmp_path: Path, lex: Lexicon) -> None:
    actor = article_graph(tmp_path, lex, "Der Landkreis Bautzen postet.", region="Sachsen")
    assert "Landratsamt Bautzen" in agencies(actor)
    place = article_graph(
        tmp_path, lex, LEIPZIG + "Im Landkreis Bautzen sind die Beiträge beliebt.", region="Sachsen"
    )
    assert "Landratsamt Bautzen" not in agencies(place)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Auf Instagram zählt der Landkreis Bautzen 9.100 Follower, Nordsachsen 3.700.",
            {
                ("Landratsamt Bautzen", "Instagram", "Followers", "9100", "2020-03-05"),
                ("Landratsamt Nordsachsen", "Instagram", "Followers", "3700", "2020-03-05"),
            },
        ),
        (
            "Auf Instagram kommt die Polizeidirektion Leipzig auf 12.300 Abonnenten, die "
            "Polizeidirektion Dresden auf 9.800.",
            {
                ("Polizeidirektion Leipzig", "Instagram", "Subscribers", "12300", "2020-03-05"),
                ("Polizeidirektion Dresden", "Instagram", "Subscribers", "9800", "2020-03-05"),
            },
        ),
        # negative: people who took part in a training are participants, not the body's staff
        (
            LEIPZIG + "An der Schulung haben 85 Beschäftigte teilgenommen.",
            {("Polizeidirektion Leipzig", None, "Participants", "85", "2020-03-05")},
        ),
    ],
)
def test_counts_in_elliptical_lists(
    tmp_path: Path, lex: Lexicon, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    assert counts(article_graph(tmp_path, lex, body, region="Sachsen")) == expected
