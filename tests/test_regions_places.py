"""Region precision and Austrian places (session 4, set H): each construction with a negative
case. Invented sentences through reading, extraction and mapping (tests/test_constructions.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.lexicon import Lexicon
from tests.test_constructions import BASE, agencies, article_graph, regions, rows


@pytest.mark.parametrize(
    ("body", "region", "absent"),
    [
        # a town's name as a person's name is no place ...
        ("Pressesprecherin Jana Roth stellt den Kanal der Polizei Sachsen vor.", None, "Roth"),
        ("Katrin Werne, Pressesprecherin der Polizei Sachsen, nennt Zahlen.", None, "Werne"),
        ("Pressesprecher Paul Linden lobt die Polizei Sachsen. Das sagte Linden.", None, "Linden"),
        ("Bereichsleiterin Anna Forst stellt den Kanal der Polizei Sachsen vor.", None, "Forst"),
        # ... but the same name after a word that introduces a place is the town
        ("Sprecher Paul Linden kommt aus Linden. Die Polizei Sachsen lobt ihn.", "Linden", None),
        ("Die Polizei Sachsen zeigt das Projekt in Roth und in Forst.", "Roth", None),
        ("„Zwischen Roth und Hof sind die Wege lang“, sagt die Polizei Sachsen.", "Hof", None),
        # streets, squares, halls and hotels named after a place are no mention of it
        ("Die Polizei Sachsen sendet aus dem Haus an der Berliner Straße.", None, "Berlin"),
        ("Die Polizei Sachsen tagt im Hotel Hamburger Hof.", None, "Hof"),
        ("Die Polizei Sachsen tagt im Hotel Hamburger Hof.", None, "Hamburg"),
        ("Die Polizei Sachsen tagt im Bamberger Reiter-Saal.", None, "Bamberg"),
        ("Die Polizei Sachsen trifft sich am Wiener Platz.", None, "Wien"),
        # negative: a place adjective before an ordinary noun still names the place
        ("Die Polizei Sachsen trifft die Berliner Polizei.", "Berlin", None),
        ("Die Universität der Bundeswehr München lobt die Polizei Sachsen.", "München", None),
    ],
)
def test_names_that_are_no_places(
    tmp_path: Path, lex: Lexicon, body: str, region: str | None, absent: str | None
) -> None:
    found = regions(article_graph(tmp_path, lex, body))
    if region is not None:
        assert region in found
    if absent is not None:
        assert absent not in found


@pytest.mark.parametrize(
    ("body", "region", "agency"),
    [
        ("In der Hansestadt Stade startet ein Kanal der Polizei Sachsen.", "Stade", None),
        ("Auch in der Hansestadt Lüchow denkt die Polizei Sachsen darüber nach.", "Lüchow", None),
        # negative: the city as the actor is its administration
        ("Die Hansestadt Stade startet einen Kanal.", "Stade", "Stadtverwaltung Stade"),
    ],
)
def test_hansestadt_names_the_place(
    tmp_path: Path, lex: Lexicon, body: str, region: str, agency: str | None
) -> None:
    store = article_graph(tmp_path, lex, body)
    found = regions(store)
    assert region in found
    assert not any(r.startswith("Hansestadt") for r in found)
    names = set(agencies(store))
    assert not any("Hansestadt" in a for a in names)
    if agency is None:
        assert not any(a.startswith("Stadtverwaltung") for a in names)
    else:
        assert agency in names


@pytest.mark.parametrize(
    ("body", "expected_regions", "expected_agencies"),
    [
        (
            "Die Bezirkshauptmannschaft Kufstein ist auf Facebook.",
            {"Kufstein"},
            {"Bezirkshauptmannschaft Kufstein"},
        ),
        (
            "Die Bezirkshauptmannschaft Zell am See prüft einen Kanal.",
            {"Zell am See"},
            {"Bezirkshauptmannschaft Zell am See"},
        ),
        ("Im Bezirk Kitzbühel gibt es keinen Kanal.", {"Kitzbühel"}, set()),
        ("Im benachbarten Bundesland Salzburg gibt es Pläne.", {"Land Salzburg"}, set()),
        ("Der Magistrat der Stadt Wien startet einen Kanal.", {"Wien"}, {"Stadtverwaltung Wien"}),
        ("Der Magistrat Graz startet einen Kanal.", {"Graz"}, {"Stadtverwaltung Graz"}),
    ],
)
def test_austrian_places(
    tmp_path: Path,
    lex: Lexicon,
    body: str,
    expected_regions: set[str],
    expected_agencies: set[str],
) -> None:
    store = article_graph(tmp_path, lex, body, region="Österreich")
    assert expected_regions <= regions(store)
    assert set(agencies(store)) == expected_agencies


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        # negative cases: a weekday after the link ends the name; "Salzburg" alone is the city
        ("Die Bezirkshauptmannschaft Kufstein am Montag: neuer Kanal.", "Kufstein am Montag"),
        ("Die Stadt Salzburg startet einen Kanal.", "Land Salzburg"),
    ],
)
def test_austrian_places_negative(tmp_path: Path, lex: Lexicon, body: str, absent: str) -> None:
    store = article_graph(tmp_path, lex, body, region="Österreich")
    assert absent not in regions(store)


def test_magistrat_is_an_alternative_label_in_austria(tmp_path: Path, lex: Lexicon) -> None:
    store = article_graph(tmp_path, lex, "Die Stadt Graz startet einen Kanal.", region="Österreich")
    alt = rows(
        store,
        f"""SELECT ?alt WHERE {{ ?a skos:altLabel ?alt .
              FILTER (STRSTARTS(STR(?a), "{BASE}id/agency/")) }}""",
    )
    assert ("Magistrat Graz",) in alt
    german = article_graph(tmp_path, lex, "Die Stadt Jena startet einen Kanal.")
    assert not rows(german, "SELECT ?alt WHERE { ?a skos:altLabel ?alt }")
