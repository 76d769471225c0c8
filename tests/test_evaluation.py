"""`amtsgraph eval`: gold files, matching, scores and the command line.

The article below is invented for these tests. It is built once with the real pipeline into a
store on disk; each case then scores a gold file written in the test against what that
store holds, so the scoring rules are checked against a real graph without rebuilding.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.evaluation import GoldCount, load_gold, normalise
from graph.evaluation_readback import evaluate_folder, read_back
from graph.evaluation_scoring import Count, DocResult, Scores
from graph.lexicon import load
from graph.store import Store

ARTICLE = """Thüringen:
Landesregierung startet Kanal auf Threads


[3.4.2024] Die Landesregierung Thüringen informiert seit März 2024 auch über Threads. \
Dem Kanal folgen bereits 4.200 Follower. Das Bundeskanzleramt ist dort schon länger \
aktiv. Auf Instagram hat die Landesregierung Thüringen \
12.000 Follower (Stand: Februar 2024).

„Wir wollen dort sein, wo die Menschen lesen“, sagt Regierungssprecher Paul Beispiel. \
Die Staatskanzlei lädt zu einem Workshop am 14. Mai 2024 in Erfurt ein. (ab)

Stichwörter: Social Media, Thüringen, Threads



Druckversion\u00a0\u00a0\u00a0 PDF \u00a0\u00a0\u00a0 Link mailen


Weitere Meldungen und Beiträge aus dem Bereich Social Media
Sachsen: Polizei testet Mastodon
[2.2.2024] Die Polizei Sachsen erprobt ein eigenes Profil auf Mastodon. mehr...
Suchen...
Ausgewählte Anbieter aus dem Bereich Social Media:
Musterfunk Medien GmbH
99084 Erfurt
Musterfunk Medien GmbH
"""

# Everything the article states (the teaser's Polizei Sachsen, Mastodon and Sachsen included).
PERFECT = """\
agencies: [Landesregierung Thüringen, Staatskanzlei Thüringen, Polizei Sachsen, Bundeskanzleramt]
officials:
  - {name: Paul Beispiel, role: Regierungssprecher, agency: Landesregierung Thüringen}
platforms: [Threads, Instagram, Mastodon]
regions: [Thüringen, Erfurt, Sachsen]
events:
  - {type: Workshop, date: 2024-05-14}
vendors:
  - {name: Musterfunk Medien GmbH, postal_code: "99084", city: Erfurt}
counts:
"""
THREADS = (
    "{owner: Landesregierung Thüringen, platform: Threads, metric: Followers, "
    "value: 4200, date: 2024-04-03}"
)
INSTAGRAM = (
    "{owner: Landesregierung Thüringen, platform: Instagram, metric: Followers, "
    "value: 12000, date: 2024-02}"
)
PERFECT += f"  - {THREADS}\n  - {INSTAGRAM}\n"

NAME = "01_threads"


def _folder(root: Path, gold: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{NAME}.txt").write_text(ARTICLE, encoding="utf-8")
    (root / f"{NAME}.gold.yaml").write_text(gold, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """What the store holds for the article, built once with the real pipeline."""
    root = tmp_path_factory.mktemp("eval")
    folder = _folder(root / "gold", PERFECT)
    run = evaluate_folder(folder, store_path=root / "store")
    assert run.build.read == 1 and not run.build.refused
    with Store(root / "store", read_only=True) as store:
        items = read_back(store, load())
    return items[str(folder / f"{NAME}.txt")]


def _score(tmp_path: Path, found: dict[str, list[Any]], gold: str) -> Scores:
    path = tmp_path / f"{NAME}.gold.yaml"
    path.write_text(gold, encoding="utf-8")
    scores = Scores()
    scores.add(DocResult(NAME), load_gold(path), found)
    return scores


def _prf(scores: Scores, kind: str) -> tuple[float | None, float | None, float | None]:
    t = scores.tallies[kind]
    return t.precision, t.recall, t.f1


def test_perfect_gold_scores_one(tmp_path: Path, found: dict[str, list[Any]]) -> None:
    scores = _score(tmp_path, found, PERFECT)
    for kind in ("agencies", "officials", "platforms", "regions", "events", "vendors", "counts"):
        assert _prf(scores, kind) == (1.0, 1.0, 1.0), (kind, scores.docs[0])
    assert scores.attributes == {
        "officials.role": [1, 1],
        "officials.agency": [1, 1],
        "events.type": [1, 1],
        "vendors.postal_code": [1, 1],
    }
    assert not (scores.docs[0].misses or scores.docs[0].false_hits or scores.docs[0].wrong)


@pytest.mark.parametrize(
    ("old", "new", "kind", "precision", "recall"),
    [
        # an extra gold item: recall falls by one in n+1, precision stays
        ("[Thüringen, Erfurt, Sachsen]", "[Thüringen, Erfurt, Sachsen, Jena]", "regions", 1, 3 / 4),
        ("Bundeskanzleramt]", "Bundeskanzleramt, Landtag Thüringen]", "agencies", 1, 4 / 5),
        (
            "[Threads, Instagram, Mastodon]",
            "[Threads, Instagram, Mastodon, X]",
            "platforms",
            1,
            3 / 4,
        ),
        # an extraction the gold does not have: precision falls, recall stays
        ("[Thüringen, Erfurt, Sachsen]", "[Thüringen, Sachsen]", "regions", 2 / 3, 1),
        ("[Threads, Instagram, Mastodon]", "[Threads]", "platforms", 1 / 3, 1),
        ("  - {type: Workshop, date: 2024-05-14}\n", "", "events", 0, None),
    ],
)
def test_extra_and_spurious_items(
    tmp_path: Path,
    found: dict[str, list[Any]],
    old: str,
    new: str,
    kind: str,
    precision: float,
    recall: float | None,
) -> None:
    assert old in PERFECT
    scores = _score(tmp_path, found, PERFECT.replace(old, new))
    p, r, f1 = _prf(scores, kind)
    assert p == pytest.approx(precision) and r == (
        None if recall is None else pytest.approx(recall)
    )
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall) if recall else 0)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Landesregierung Thüringen, Staatskanzlei", "LANDESREGIERUNG  thuringen, Staatskanzlei"),
        ("Staatskanzlei Thüringen", "Staatskanzlei-Thüringen"),
        ("Staatskanzlei Thüringen", "staatskanzlei – thüringen"),
        ("[Thüringen, Erfurt", "[Thuringen, erfurt"),
        ("Musterfunk Medien GmbH, postal", "musterfunk-medien gmbh, postal"),
        ("name: Paul Beispiel", "name: paul  beispiel"),
        ("Bundeskanzleramt]", "Kanzleramt]"),  # an alias the mappings list for it
    ],
)
def test_names_match_after_normalisation(
    tmp_path: Path, found: dict[str, list[Any]], old: str, new: str
) -> None:
    assert old in PERFECT
    scores = _score(tmp_path, found, PERFECT.replace(old, new))
    assert all(t.f1 == 1.0 for t in scores.tallies.values()), scores.docs[0]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Polizeipräsidium Köln", "polizeiprasidium koln", True),
        ("Nordrhein-Westfalen", "Nordrhein Westfalen", True),
        ("Straße", "STRASSE", True),
        ("Zürich", "Zurich", True),
        ("Charité – Universitätsmedizin", "Charite Universitatsmedizin", True),
        ("München", "Muenchen", False),  # dots dropped, not transliterated (README)
        ("Polizei Sachsen", "Polizei Sachsen-Anhalt", False),
    ],
)
def test_normalise(a: str, b: str, same: bool) -> None:
    assert (normalise(a) == normalise(b)) is same


@pytest.mark.parametrize(
    ("old", "new", "kind", "note"),
    [
        ("date: 2024-05-14}", "date: 2024-05}", "events", "precision differs"),
        ("value: 12000, date: 2024-02}", "value: 12000, date: 2024-02-01}", "counts", "precision"),
        ("value: 12000, date: 2024-02}", "value: 12000, date: 2024}", "counts", "precision"),
        ("value: 4200, date: 2024-04-03}", "value: 4200, date: 2024-04}", "counts", "precision"),
    ],
)
def test_partial_dates_need_the_same_precision(
    tmp_path: Path, found: dict[str, list[Any]], old: str, new: str, kind: str, note: str
) -> None:
    assert old in PERFECT
    scores = _score(tmp_path, found, PERFECT.replace(old, new))
    assert scores.tallies[kind].tp == len(found[kind]) - 1
    ((missed_kind, _, why),) = scores.docs[0].misses
    assert missed_kind == kind and note in why


@pytest.mark.parametrize(
    ("count", "matches"),
    [
        (THREADS, True),
        (THREADS.replace("Landesregierung", "Staatskanzlei"), False),  # owner
        (THREADS.replace("Threads", "Instagram"), False),  # platform
        (THREADS.replace("Followers", "Fans"), False),  # metric
        (THREADS.replace("4200", "4300"), False),  # value
        (THREADS.replace("2024-04-03", "2024-04-04"), False),  # date
        (THREADS.replace("platform: Threads, ", ""), True),  # no platform: any
        (THREADS.replace(", date: 2024-04-03", ""), True),  # no date: any
    ],
)
def test_counts_need_owner_platform_metric_value_date(
    tmp_path: Path, found: dict[str, list[Any]], count: str, matches: bool
) -> None:
    gold = PERFECT.replace(f"  - {THREADS}\n", f"  - {count}\n")
    assert gold != PERFECT or count == THREADS
    scores = _score(tmp_path, found, gold)
    assert scores.tallies["counts"].tp == (2 if matches else 1)


def test_wildcard_counts_do_not_steal_a_fuller_match() -> None:
    """A dateless gold count may match either observation; the dated one needs the second."""
    owner = ("Polizei Sachsen",)
    found = [
        Count(owner, ("X",), "Followers", Decimal(5000), "2024-01-10"),
        Count(owner, ("X",), "Followers", Decimal(5000), "2023-06"),
    ]
    gold = [
        GoldCount("Polizei Sachsen", "Followers", 5000, "X", None),
        GoldCount("Polizei Sachsen", "Followers", 5000, "X", "2024-01-10"),
    ]
    scores = Scores()
    scores.add(DocResult("x"), {"counts": gold}, {"counts": found})
    assert (scores.tallies["counts"].tp, scores.tallies["counts"].fp) == (2, 0)


def test_wrong_attribute_is_counted_not_a_miss(tmp_path: Path, found: dict[str, list[Any]]) -> None:
    gold = PERFECT.replace("role: Regierungssprecher", "role: Polizeipräsident").replace(
        'postal_code: "99084"', 'postal_code: "99085"'
    )
    scores = _score(tmp_path, found, gold.replace("type: Workshop", "type: Seminar"))
    assert scores.tallies["officials"].f1 == scores.tallies["vendors"].f1 == 1.0
    assert scores.attributes["officials.role"] == [0, 1]
    assert scores.attributes["vendors.postal_code"] == [0, 1]
    assert scores.attributes["events.type"] == [0, 1]
    assert {w[0] for w in scores.docs[0].wrong} == {
        "officials.role",
        "vendors.postal_code",
        "events.type",
    }


# -- the command line ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gold", "line", "expected"),
    [
        ("agencies: [A]\nofficals:\n  - {name: B}\n", 2, "unknown key 'officals'"),
        ("events:\n  - {type: Workshop, date: 2024-13-01}\n", 2, "is not a date"),
        ("events:\n  - {type: Webinar, date: 2024-05-14}\n", 2, "not one of Seminar"),
        (
            "counts:\n  - {owner: A, metric: Followers, value: 4.200}\n",
            2,
            "not a whole number",
        ),
        ("counts:\n  - {owner: A, value: 3}\n", 2, "missing metric"),
        ("regions: [Erfurt, Jena\nplatforms: [X]\n", 2, "not valid YAML"),
        ("regions:\n  - Erfurt\n  - Erfurt\n", 3, "listed twice"),
        ("regions: Erfurt\n", 1, "expected a list"),
    ],
)
def test_malformed_gold_exits_2_naming_file_and_line(
    tmp_path: Path, runner: CliRunner, gold: str, line: int, expected: str
) -> None:
    folder = _folder(tmp_path / "gold", gold)
    r = runner.invoke(cli, ["eval", str(folder)])
    assert r.exit_code == 2
    assert f"{NAME}.gold.yaml:{line}:" in r.output and expected in r.output, r.output
    assert "Traceback" not in r.output


def test_gold_without_article_and_empty_folder_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "lonely.gold.yaml").write_text("regions: [Jena]\n", encoding="utf-8")
    r = runner.invoke(cli, ["eval", str(tmp_path)])
    assert r.exit_code == 2 and "lonely.gold.yaml: no article beside it" in r.output
    r = runner.invoke(cli, ["eval", str(tmp_path / "none")])
    assert r.exit_code == 2 and "not a folder" in r.output


@pytest.fixture(scope="module")
def two_folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A perfect gold, a gold with extra items, and a targets file of 0.9 for every type."""
    root = tmp_path_factory.mktemp("cli")
    perfect = _folder(root / "perfect", PERFECT)
    (perfect / "02_no_gold.txt").write_text(ARTICLE, encoding="utf-8")
    extra = PERFECT.replace("Mastodon]", "Mastodon, X, YouTube]")
    worse = _folder(root / "worse", extra)
    targets = root / "targets.yaml"
    targets.write_text("f1: {platforms: 0.9, regions: 0.9, counts: 0.9}\n", encoding="utf-8")
    return perfect, worse, targets


@pytest.mark.parametrize(
    ("which", "check", "code"),
    [("perfect", True, 0), ("worse", True, 1), ("worse", False, 0)],
)
def test_check_exit_codes(
    runner: CliRunner,
    two_folders: tuple[Path, Path, Path],
    which: str,
    check: bool,
    code: int,
) -> None:
    perfect, worse, targets = two_folders
    folder = perfect if which == "perfect" else worse
    args = ["eval", str(folder), "--targets", str(targets)] + (["--check"] if check else [])
    r = runner.invoke(cli, args)
    assert r.exit_code == code, r.output
    platforms = next(line for line in r.stdout.splitlines() if line.startswith("platforms"))
    assert platforms.endswith("meets" if which == "perfect" else "below")
    if code == 1:
        assert "below target: platforms" in r.stderr
    if which == "perfect":
        assert "not evaluated (no gold file): 02_no_gold.txt" in r.stdout


def test_table_lists_throughput_misses_and_unannotated(
    runner: CliRunner, two_folders: tuple[Path, Path, Path]
) -> None:
    perfect, worse, targets = two_folders
    r = runner.invoke(cli, ["eval", str(worse), "--targets", str(targets)])
    lines = r.stdout.splitlines()
    assert lines[0].split()[:2] == ["type", "gold"] and lines[8].startswith(
        "throughput: 1 articles"
    )
    assert "articles/s" in lines[8]
    assert any(line.split() == ["miss", "platforms", "YouTube"] for line in lines)
    r = runner.invoke(
        cli, ["eval", str(perfect), "--targets", str(targets), "--format", "markdown"]
    )
    assert r.exit_code == 0
    assert r.stdout.startswith("| type | gold | found |")
    assert "| platforms | 3 | 3 | 3 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.90 meets |" in r.stdout


def test_bad_targets_file_exits_2(
    runner: CliRunner, two_folders: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "targets.yaml"
    bad.write_text("f1: {platfroms: 0.9}\n", encoding="utf-8")
    r = runner.invoke(cli, ["eval", str(two_folders[0]), "--targets", str(bad)])
    assert r.exit_code == 2 and "f1.platfroms: unknown type" in r.output


def test_subprocess_json(two_folders: tuple[Path, Path, Path]) -> None:
    """The installed command, as CI runs it: JSON on stdout, exit code from --check."""
    _, worse, targets = two_folders
    exe = Path(sys.executable).with_name("amtsgraph")
    done = subprocess.run(
        [str(exe), "eval", str(worse), "--targets", str(targets), "--format", "json", "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["types"]["platforms"] == {
        "tp": 3,
        "fp": 0,
        "fn": 2,
        "precision": 1.0,
        "recall": 0.6,
        "f1": 0.75,
        "target": 0.9,
        "meets": False,
    }
    assert data["types"]["vendors"]["meets"] is None  # no target
    assert data["throughput"]["articles"] == 1
    (doc,) = data["documents"]
    assert {m["item"] for m in doc["misses"]} == {"X", "YouTube"}
