"""Officials' agencies and long body names (issue 3 follow-up, session 4), asserted on the RDF.

Every text is invented for the test. Each construction has a negative case beside it: a role
before a body found by pattern gives that body as the post's agency; a comma inside a named
office's name belongs to it, a comma before an apposition or a further body ends it; "in der
Hansestadt X" is a place only, the acting Hansestadt the city's administration; a unit named
without attachment is a sub-organisation of the body acting in the sentence, or nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.lexicon import Lexicon
from tests.test_constructions import agencies, article_graph, officials, regions, rows


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Leiter der Stabsstelle Bürgerdialog der Stadt Jena, Paul Ebert, lobte das Team.",
            ("Paul Ebert", "Leiter", "Stabsstelle Bürgerdialog"),
        ),
        (
            "Das Landesamt für Wasser, Boden und Altlasten startet ein Forum. "
            "Präsidentin Ilse Marquardt sagte, man wolle zuhören.",
            ("Ilse Marquardt", "Leiter", "Landesamt für Wasser, Boden und Altlasten"),
        ),
        (
            "Das Landesamt für Umwelt Brandenburg zeigt Moore. "
            "Der Direktor des Landesamts, Ole Fenske, stellte die Reihe vor.",
            ("Ole Fenske", "Leiter", "Landesamt für Umwelt Brandenburg"),
        ),
        (
            "Die Präsidentin des Landesamts für Archive und Sammlungen Sachsen, Rita Krahl, "
            "eröffnete die Ausstellung.",
            ("Rita Krahl", "Leiter", "Landesamt für Archive und Sammlungen Sachsen"),
        ),
        (
            "Das Innenministerium Rheinland-Pfalz lädt ein. "
            "Es spricht die Referatsleiterin im Ministerium, Hanna Reuter.",
            ("Hanna Reuter", "Referatsleiter", "Innenministerium Rheinland-Pfalz"),
        ),
    ],
)
def test_role_before_a_pattern_body_gives_its_agency(
    tmp_path: Path, lex: Lexicon, body: str, expected: tuple[str, str, str]
) -> None:
    name, role, agency = expected
    assert (name, role, agency, None) in officials(article_graph(tmp_path, lex, body))


@pytest.mark.parametrize(
    "body",
    [
        "Präsident Gustav Ortmann kam zu Besuch.",  # no body named before: no post
        "Der Präsident des Vereins, Rolf Jäger, dankte allen.",  # no public body
    ],
)
def test_generic_title_without_a_body_gives_no_official(
    tmp_path: Path, lex: Lexicon, body: str
) -> None:
    assert not officials(article_graph(tmp_path, lex, body))


@pytest.mark.parametrize(
    ("body", "expected", "not_expected"),
    [
        (
            "Das Landesamt für Wasser, Boden und Altlasten startet ein Forum.",
            "Landesamt für Wasser, Boden und Altlasten",
            "Landesamt für Wasser",
        ),
        (
            "Beteiligt sind das Landesamt für Küste, Hafen und Schifffahrt Niedersachsen und "
            "das Polizeipräsidium Oldenburg.",
            "Landesamt für Küste, Hafen und Schifffahrt Niedersachsen",
            "Landesamt für Küste",
        ),
        (  # the comma before an apposition ends the name
            "Das Landesamt für Wasser, Boden und Altlasten, zuständig für Brunnen, startet.",
            "Landesamt für Wasser, Boden und Altlasten",
            "Landesamt für Wasser, Boden und Altlasten zuständig",
        ),
        (  # a comma before a further body ends the name
            "Wir arbeiten mit dem Landesamt für Statistik, dem Landratsamt Rosenheim und der "
            "Stadt Passau zusammen.",
            "Landesamt für Statistik",
            "Landesamt für Statistik, dem Landratsamt Rosenheim",
        ),
        (  # a header word after the name ends it; the state adjective opening it stays
            "Bayerisches Landesamt für Wasser, Boden und Altlasten Pressemitteilung vom 3.3.2020",
            "Bayerisches Landesamt für Wasser, Boden und Altlasten",
            "Landesamt für Wasser, Boden und Altlasten Pressemitteilung",
        ),
        (  # places after the comma are no part of the name
            "Das Bundesamt für Justiz, Bonn und Köln teilen sich die Aufgabe.",
            "Bundesamt für Justiz",
            "Bundesamt für Justiz, Bonn und Köln",
        ),
    ],
)
def test_commas_inside_a_named_office(
    tmp_path: Path, lex: Lexicon, body: str, expected: str, not_expected: str
) -> None:
    found = agencies(article_graph(tmp_path, lex, body))
    assert expected in found
    assert not_expected not in found


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("Auch in der Hansestadt Stralsund wird über einen Kanal nachgedacht.", "Stralsund"),
        ("In der Universitäts- und Hansestadt Greifswald fielen viele Keller aus.", "Greifswald"),
    ],
)
def test_hansestadt_as_a_place_is_a_region_only(
    tmp_path: Path, lex: Lexicon, body: str, place: str
) -> None:
    store = article_graph(tmp_path, lex, body)
    assert place in regions(store)
    assert f"Stadtverwaltung {place}" not in agencies(store)


@pytest.mark.parametrize(
    "body",
    [
        "Die Hansestadt Wismar hat einen Kanal auf Threads gestartet.",
        "Wir arbeiten eng mit der Hansestadt Wismar zusammen.",
    ],
)
def test_acting_hansestadt_is_the_city_administration(
    tmp_path: Path, lex: Lexicon, body: str
) -> None:
    assert "Stadtverwaltung Wismar" in agencies(article_graph(tmp_path, lex, body))


def test_own_unit_is_a_sub_organisation_of_the_acting_body(tmp_path: Path, lex: Lexicon) -> None:
    store = article_graph(
        tmp_path,
        lex,
        "Die Stadt Wismar hat einen Kanal gestartet. Dafür baut die Stadt eine eigene "
        "Stabsstelle Bürgerkommunikation auf.",
    )
    assert "Stabsstelle Bürgerkommunikation" in agencies(store)
    parents = rows(
        store,
        """SELECT ?parent WHERE { ?u ag:subOrganizationOf ?p . ?u rdfs:label ?l .
             ?p rdfs:label ?parent . FILTER (STR(?l) = "Stabsstelle Bürgerkommunikation"
             && LANG(?parent) = "de") }""",
    )
    assert parents == {("Stadtverwaltung Wismar",)}


def test_own_unit_without_an_acting_body_is_no_agency(tmp_path: Path, lex: Lexicon) -> None:
    store = article_graph(
        tmp_path, lex, "Viele Kommunen bauen eine eigene Stabsstelle Bürgerkommunikation auf."
    )
    assert "Stabsstelle Bürgerkommunikation" not in agencies(store)
