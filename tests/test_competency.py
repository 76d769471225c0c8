"""Every competency question (queries/*.rq) answered correctly on the real seeds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.assets import queries_dir
from graph.store import Store
from graph.vocab import DEFAULT_BASE, PREFIXES

ID = DEFAULT_BASE + "id/"


def run(store: Store, name: str) -> list[dict[str, str]]:
    path = next(queries_dir().glob(f"{name}_*.rq"))
    result = store.query(path.read_text(encoding="utf-8"), prefixes=PREFIXES)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]


def test_every_question_has_a_query() -> None:
    files = sorted(p.name for p in queries_dir().glob("cq*.rq"))
    assert [f[:4] for f in files] == [f"cq{i:02d}" for i in range(1, 14)]
    for f in queries_dir().glob("cq*.rq"):
        assert f.read_text(encoding="utf-8").startswith("# title: CQ")


def test_cq01_accounts_and_start_dates(seed_store: Store) -> None:
    rows = {
        (r["agency"].removeprefix(ID), r["platformLabel"], r["start"])
        for r in run(seed_store, "cq01")
    }
    assert ("agency/polizei-sachsen", "X", "2011") in rows
    assert ("agency/polizei-sachsen", "Facebook", "2015-02") in rows
    assert ("agency/polizei-sachsen", "Facebook", "2014-05") in rows  # the careers page
    assert ("agency/polizeipraesidium-stuttgart", "Instagram", "2018") in rows
    assert ("agency/bundesrat", "Instagram", "2017-09-27") in rows  # teaser: its own date
    assert ("agency/landgericht-osnabrueck", "X", "2019-06-20") in rows
    assert any(
        a == "agency/innenministerium-thueringen" and p == "Facebook" and s.startswith("2014-05")
        for a, p, s in rows
    )


def test_cq02_latest_counts(seed_store: Store) -> None:
    rows = run(seed_store, "cq02")
    got = {
        (r["holderLabel"], r["platformLabel"], r["metric"].rsplit("#")[-1]): (
            Decimal(r["value"]),
            r["date"],
        )
        for r in rows
    }
    assert got[("Polizei Sachsen", "X", "Followers")] == (Decimal(52000), "2017-12-07")
    assert got[("Steffen Seibert", "X", "Followers")] == (Decimal(955000), "2020-08")
    assert got[("Bundesregierung", "Facebook", "Subscribers")] == (Decimal(860000), "2020-08")
    fans = {Decimal(r["value"]) for r in rows if r["metric"].endswith("Fans")}
    assert fans == {Decimal(11000), Decimal(67000)}
    assert all(r["article"].startswith(ID + "article/") for r in rows)


def test_cq02_undated_web_page_count(seed_store: Store) -> None:
    rows = seed_store.query(
        "SELECT ?v WHERE { ?o ag:observedEntity ?a ; ag:metric ag:Followers ; ag:value ?v . "
        f"FILTER(?a = <{ID}agency/polizeipraesidium-stuttgart>) }}",
        prefixes=PREFIXES,
    )
    assert {Decimal(r["v"].value) for r in rows} == {Decimal(110000)}


def test_cq03_counts_over_time_in_date_order(seed_store: Store) -> None:
    rows = run(seed_store, "cq03")
    staff = [
        (r["value"], r["date"], r["planned"]) for r in rows if r["metric"].endswith("StaffCount")
    ]
    assert staff == [("4", "2017-12-07", "false"), ("8", "2018", "true")]


def test_cq04_officials_with_role_and_agency(seed_store: Store) -> None:
    rows = {r["name"]: r for r in run(seed_store, "cq04")}
    assert rows["Markus Ulbig"]["agencyLabel"] == "Innenministerium Sachsen"
    assert rows["Markus Ulbig"]["quoted"] == "true"
    assert rows["Boris Pistorius"]["regionLabel"] == "Niedersachsen"
    assert rows["Jörg Geibert"]["roleLabel"] == "Innenminister"
    assert rows["Steffen Seibert"]["agencyLabel"] == "Bundesregierung"
    assert rows["Daniel Günther"]["roleLabel"] == "Ministerpräsident"
    assert rows["Margarete Schramböck"]["regionLabel"] == "Österreich"


def test_cq05_agencies_in_lower_saxony(seed_store: Store) -> None:
    agencies = {r["agency"].removeprefix(ID + "agency/") for r in run(seed_store, "cq05")}
    assert {
        "polizei-niedersachsen",
        "innenministerium-niedersachsen",
        "polizeiakademie-niedersachsen",
    } <= agencies
    assert {
        f"polizeidirektion-{c}"
        for c in ("hannover", "goettingen", "braunschweig", "oldenburg", "osnabrueck", "lueneburg")
    } <= agencies
    assert "polizei-sachsen" not in agencies
    query = next(queries_dir().glob("cq05_*.rq")).read_text(encoding="utf-8")
    assert "*" not in query.split("WHERE", 1)[1], "CQ5 must not need a property path"


def test_cq06_events_with_dates_place_and_organiser(seed_store: Store) -> None:
    rows = run(seed_store, "cq06")
    workshop = next(r for r in rows if r["type"].endswith("Workshop"))
    assert (workshop["start"], workshop["end"]) == ("2017-12-04", "2017-12-05")
    assert workshop["placeLabel"] == "Leipzig"
    assert workshop["organizerLabel"] == "Polizei Sachsen"
    assert {"Bundespolizei", "Zoll"} <= set(workshop["participants"].split(", "))
    seminar = next(r for r in rows if r["type"].endswith("Seminar"))
    assert seminar["start"] == "2021-03-12"
    assert seminar["organizerLabel"] == "E-Akademie"
    expansion = next(r for r in rows if r["type"].endswith("TeamExpansion"))
    assert expansion["start"] == "2018"


def test_cq06_seminar_time_and_fee(seed_store: Store) -> None:
    row = next(
        iter(
            seed_store.query(
                "SELECT ?t ?e ?fee ?cur WHERE { ?s a ag:Seminar ; ag:startTime ?t ; "
                "ag:endTime ?e ; "
                "ag:fee ?fee ; ag:currency ?cur }",
                prefixes=PREFIXES,
            )
        )
    )
    assert (row["t"].value, row["e"].value) == ("10:00:00", "11:30:00")
    assert (Decimal(row["fee"].value), row["cur"].value) == (Decimal(79), "EUR")


def test_cq07_vendors_with_postal_code_and_city(seed_store: Store) -> None:
    rows = {(r["vendorLabel"], r["postalCode"], r["locality"]) for r in run(seed_store, "cq07")}
    assert rows == {
        ("TSA - Teleport GmbH", "06108", "Halle (Saale)"),
        ("SEITENBAU GmbH", "78467", "Konstanz"),
        ("GovConnect GmbH", "30169", "Hannover"),
        ("GovConnect GmbH", "30163", "Hannover"),
    }


def test_cq08_articles_with_related(seed_store: Store) -> None:
    rows = {r["title"]: r for r in run(seed_store, "cq08")}
    assert set(rows) == {
        "Polizei und Social Media",
        "Polizei stellt Social-Media-Manager ein",
        "Innenministerium bei Facebook",
    }
    assert "Instagram Account gestartet" in rows["Polizei und Social Media"]["related"]
    # the teaser in seed 000 and the article of seed 001 are one node
    assert "Polizei stellt Social-Media-Manager ein" in rows["Polizei und Social Media"]["related"]


def test_cq09_platform_adoption(seed_store: Store) -> None:
    rows = {
        (r["platformLabel"], r["agencyType"].rsplit("#")[-1]): r["earliest"]
        for r in run(seed_store, "cq09")
    }
    assert rows[("X", "PoliceAgency")] == "2011"
    assert rows[("Instagram", "Parliament")] == "2017-09-27"


def test_cq10_team_grows_from_four_to_eight(seed_store: Store) -> None:
    rows = [r for r in run(seed_store, "cq10") if r["agencyLabel"] == "Polizei Sachsen"]
    expansion = next(r for r in rows if r["kind"] == "expansion")
    assert (expansion["fromValue"], expansion["toValue"], expansion["date"]) == ("4", "8", "2018")


def test_cq11_every_fact_has_article_and_sentence(seed_store: Store) -> None:
    rows = run(seed_store, "cq11")
    assert len(rows) > 20
    for r in rows:
        assert r["sentence"].strip() and r["article"].startswith(ID + "article/")
        assert r["source"].endswith(".txt")
    sachsen = [r for r in rows if r["fact"] == ID + "account/x/polizei-sachsen"]
    assert "52.000" in sachsen[0]["sentence"]


@pytest.mark.parametrize("kind", ["vendor postal code"])
def test_cq12_conflict_names_both_articles(seed_store: Store, kind: str) -> None:
    rows = [r for r in run(seed_store, "cq12") if r["kind"] == kind]
    assert rows and all(r["subject"] == ID + "vendor/govconnect-gmbh" for r in rows)
    graphs = {r["graph"] for r in rows}
    assert {r["value"] for r in rows} == {r["otherValue"] for r in rows}  # each side named
    assert DEFAULT_BASE + "graph/article/2014-05-23-innenministerium-bei-facebook" in graphs
    assert DEFAULT_BASE + "graph/article/2017-12-07-polizei-und-social-media" in graphs


def test_cq13_lists_pattern_agencies_not_linked_ones(seed_store: Store) -> None:
    rows = run(seed_store, "cq13")
    found = {r["agency"].removeprefix(ID): r for r in rows}
    court = found["agency/landgericht-osnabrueck"]
    assert (court["type"], court["placeLabel"]) == (PREFIXES["ag"] + "Court", "Osnabrück")
    assert court["placeMatchedBy"] == PREFIXES["ag"] + "Gazetteer"  # the place is known
    assert "agency/bundesrat" not in found  # a gazetteer entry, linked
    assert len(rows) == len(found)  # one row per agency
