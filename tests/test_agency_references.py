"""Agencies and regions on unseen text (session 4): short references to a body named before,
proper-named bodies and units found by pattern, and Hanseatic cities and city states.

Every text is invented for the test and goes through reading -> extraction -> mapping; each
construction has a negative case beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.lexicon import Lexicon
from tests.test_constructions import agencies, article_graph, officials, regions

# (body, agencies that must be there, agencies that must not)
SHORT_REFERENCES = [
    # the seat of a district-level headquarters is no headquarters of its own
    (
        "Das Polizeipräsidium Oberpfalz ist seit 2019 auf Instagram. Das Team sitzt im "
        "Präsidium in Regensburg.",
        {"Polizeipräsidium Oberpfalz"},
        {"Polizeipräsidium Regensburg"},
    ),
    # negative: after a city's headquarters, another city's Präsidium is another body
    (
        "Das Polizeipräsidium Rostock ist auf TikTok. Auch das Präsidium in Neubrandenburg plant "
        "einen Kanal.",
        {"Polizeipräsidium Rostock", "Polizeipräsidium Neubrandenburg"},
        set(),
    ),
    # "das Ministerium in <city>": the ministry named before only if the city is in its state
    (
        "Der Senator für Inneres in Bremen startet auf Mastodon. Das Ministerium in Bremen "
        "betreibt einen eigenen Server.",
        {"Innenministerium Bremen"},
        set(),
    ),
    (
        "Das Landesamt für Umwelt Brandenburg ist auf Instagram. Das Amt in Potsdam zeigt "
        "Messwerte.",
        {"Landesamt für Umwelt Brandenburg"},
        {"Landesamt Potsdam"},
    ),
]


@pytest.mark.parametrize(("body", "present", "absent"), SHORT_REFERENCES)
def test_short_references_name_the_body_before(
    tmp_path: Path, lex: Lexicon, body: str, present: set[str], absent: set[str]
) -> None:
    found = set(agencies(article_graph(tmp_path, lex, body)))
    assert present <= found
    assert not absent & found


def test_short_reference_takes_the_last_body_of_its_kind(tmp_path: Path, lex: Lexicon) -> None:
    """ "Das Ministerium" after two ministries is the one named last; its spokesperson's post
    is there."""
    body = (
        "Das Thüringer Innenministerium ist auf Threads. Das Thüringer Finanzministerium "
        "sieht keinen Bedarf. Das Ministerium verweist auf Instagram, sagte Sprecherin Anna Kolb."
    )
    store = article_graph(tmp_path, lex, body, region="Thüringen")
    posts = {(o[0], o[2]) for o in officials(store)}
    assert ("Anna Kolb", "Finanzministerium Thüringen") in posts
    assert ("Anna Kolb", "Innenministerium Thüringen") not in posts


def test_short_reference_with_a_place_adjective_is_that_place_s_body(
    tmp_path: Path, lex: Lexicon
) -> None:
    body = (
        "Die Polizeidirektion Lüneburg und die Polizeidirektion Oldenburg sind auf Instagram. "
        "Nach Angaben der Oldenburger Direktion folgen ihr 48.000 Menschen."
    )
    found = set(agencies(article_graph(tmp_path, lex, body)))
    assert {"Polizeidirektion Lüneburg", "Polizeidirektion Oldenburg"} <= found
    assert "Direktion" not in " ".join(
        found - {"Polizeidirektion Lüneburg", "Polizeidirektion Oldenburg"}
    )


NAMED_BODIES = [
    (
        "Der Landesbetrieb Forst Brandenburg zeigt Bilder aus dem Wald.",
        "Landesbetrieb Forst Brandenburg",
    ),
    (
        "Die Pressesprecherin des Landesbetriebs Mobilität Rheinland-Pfalz stellte den Kanal vor.",
        "Landesbetrieb Mobilität Rheinland-Pfalz",
    ),
    ("Unterstützt wird das Projekt vom Staatsbetrieb Sachsenforst.", "Staatsbetrieb Sachsenforst"),
    (
        "Einen Leitfaden hat die Zentrale Stelle für Informationstechnik des Freistaats Thüringen "
        "geschrieben.",
        "Zentrale Stelle für Informationstechnik Thüringen",
    ),
    (
        "Technik liefert die Zentrale Polizeidirektion Niedersachsen.",
        "Zentrale Polizeidirektion Niedersachsen",
    ),
    (
        "Die Videos schneidet die Stabsstelle Kommunikation der Stadt Trier.",
        "Stabsstelle Kommunikation",
    ),
    (
        "Das Kompetenzzentrum Wald und Forstwirtschaft Sachsen ist neu auf Instagram.",
        "Kompetenzzentrum Wald und Forstwirtschaft Sachsen",
    ),
    (
        "Die Grafiken kommen vom Thüringer Landesamt für Statistik und werden dort geteilt.",
        "Thüringer Landesamt für Statistik",
    ),
]


@pytest.mark.parametrize(("body", "name"), NAMED_BODIES)
def test_proper_named_bodies_found_by_pattern(
    tmp_path: Path, lex: Lexicon, body: str, name: str
) -> None:
    found = agencies(article_graph(tmp_path, lex, body))
    assert name in found
    assert found[name][1] == "Pattern"


@pytest.mark.parametrize(
    "body",
    [
        # a press office of the article's own body, attached to nothing: no body of its own
        "Ein Team in der Stabsstelle Öffentlichkeitsarbeit kümmert sich um die Beiträge.",
        # an opener alone, and a name that would run into the next words
        "Der Landesbetrieb zeigt Bilder. Das Landesamt für Statistik die Plattform testet.",
    ],
)
def test_unattached_units_and_run_on_names_are_no_bodies(
    tmp_path: Path, lex: Lexicon, body: str
) -> None:
    found = set(agencies(article_graph(tmp_path, lex, body)))
    assert not any(a.startswith(("Stabsstelle", "Landesbetrieb")) for a in found)
    assert not any("Plattform" in a for a in found)


def test_unlisted_towns_inside_a_name_are_no_regions(tmp_path: Path, lex: Lexicon) -> None:
    store = article_graph(tmp_path, lex, "Der Landesbetrieb Forst Brandenburg warnt vor Bränden.")
    assert "Brandenburg" in regions(store)
    assert "Forst" not in regions(store)


HANSEATIC = [
    (
        "Der Senat der Freien und Hansestadt Hamburg startet einen WhatsApp-Kanal.",
        {"Landesregierung Hamburg"},
        {"Stadtverwaltung Hamburg"},
        {"Hamburg"},
    ),
    (
        "Die Senatskanzlei der Freien Hansestadt Bremen prüft ein Angebot.",
        {"Staatskanzlei Bremen"},
        {"Stadtverwaltung Bremen"},
        {"Bremen"},
    ),
    (
        "Die Polizei der Hansestadt Lübeck ist seit dem Sommer auf Instagram.",
        {"Polizeidirektion Lübeck"},
        {"Stadtverwaltung Lübeck"},
        {"Lübeck"},
    ),
    (
        "Die Polizei der Hansestadt Rostock sucht Nachwuchs.",
        {"Polizeipräsidium Rostock"},
        {"Stadtverwaltung Rostock"},
        {"Rostock"},
    ),
    # the Hanseatic city itself acting is its administration (as "die Stadt")
    ("Die Hansestadt Rostock startet auf TikTok.", {"Stadtverwaltung Rostock"}, set(), {"Rostock"}),
    # negative: the city state as a place is no administration; a bare "Senat" is no government
    (
        "Die Freie Hansestadt Bremen verlagert Kanäle. Der Auftritt des Senats bleibt.",
        set(),
        {"Stadtverwaltung Bremen", "Landesregierung Bremen"},
        {"Bremen"},
    ),
    (
        "Die Hamburgische Beauftragte für Datenschutz und Informationsfreiheit prüfte den Kanal.",
        {"Landesbeauftragter für Datenschutz Hamburg"},
        set(),
        {"Hamburg"},
    ),
]


@pytest.mark.parametrize(("body", "present", "absent", "places"), HANSEATIC)
def test_hanseatic_cities_and_city_states(
    tmp_path: Path,
    lex: Lexicon,
    body: str,
    present: set[str],
    absent: set[str],
    places: set[str],
) -> None:
    store = article_graph(tmp_path, lex, body)
    found = set(agencies(store))
    assert present <= found
    assert not absent & found
    assert places <= regions(store)
