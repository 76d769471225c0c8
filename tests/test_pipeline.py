"""The build pipeline against a real store on disk: skipping, replacing, atomicity, IRIs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import StoreError
from graph.lexicon import Lexicon
from graph.pipeline import build
from graph.reading import read
from graph.store import Store
from graph.synth import generate
from graph.vocab import AG, GraphNames


def dump(path: Path) -> bytes:
    with Store(path, read_only=True) as store:
        return b"\n".join(sorted(str(q).encode() for q in store.quads()))


def test_rebuild_skips_unchanged_and_replaces_changed(tmp_path: Path, seeds_dir: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(seeds_dir, src)
    with Store(tmp_path / "s") as store:
        first = build([src], store)
        assert len(first.built) == 5
        second = build([src], store)
        assert second.built == [] and len(second.unchanged) == 5
        # edit one article: only its graph is rebuilt, and the old facts are gone
        f = src / "004_3d00dbe259b6f7a8.txt"
        text = f.read_text(encoding="utf-8")
        text = text.replace("Facebook", "Mastodon").replace("facebook.com", "mastodon.social")
        f.write_text(text, encoding="utf-8")
        third = build([src], store)
        assert third.built == ["2014-05-23-innenministerium-bei-mastodon"]
        platforms = {
            r["p"].value
            for r in store.query(
                f"SELECT ?p WHERE {{ ?a <{AG}accountHolder> "
                f"<https://w3id.org/amtsgraph/id/agency/innenministerium-thueringen> ; "
                f"<{AG}onPlatform> ?p }}"
            )
        }
        assert platforms == {"https://w3id.org/amtsgraph/id/platform/mastodon"}
        graphs = [
            g
            for g in store.graphs()
            if GraphNames().is_article_graph(g) and "innenministerium-bei" in g
        ]
        assert graphs == [GraphNames().article("2014-05-23-innenministerium-bei-mastodon")]


def test_failed_write_leaves_store_unchanged(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails (here: one graph's data is corrupt) changes nothing at all,
    although the same update also drops and re-inserts the other graphs."""
    path = tmp_path / "s"
    with Store(path) as store:
        build([seeds_dir / "000_235c810c09888ef3.txt"], store)
    before = dump(path)
    real = Store.replace_graphs_ntriples

    def corrupt(self: Store, graphs: dict[str, bytes], drop: object = ()) -> None:
        graphs = dict(graphs)
        last = sorted(graphs)[-1]
        graphs[last] = graphs[last] + b"<urn:broken> <urn:p> .\n"
        real(self, graphs, drop)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "replace_graphs_ntriples", corrupt)
    with Store(path) as store, pytest.raises(StoreError, match="nothing changed"):
        build([seeds_dir], store, force=True)
    assert dump(path) == before


def test_unreadable_files_are_skipped_with_reason(tmp_path: Path, seeds_dir: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seeds_dir / "004_3d00dbe259b6f7a8.txt", src)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\xff\x00")
    with Store(tmp_path / "s") as store:
        report = build([src], store)
    assert report.read == 1
    reasons = dict(report.skipped)
    assert "empty file" in reasons[str(src / "empty.txt")]
    assert "binary" in reasons[str(src / "binary.txt")]


def test_iris_are_stable_and_follow_the_base(tmp_path: Path, seeds_dir: Path) -> None:
    def subjects(path: Path, base: str) -> set[str]:
        with Store(path) as store:
            build([seeds_dir], store, base=base)
            return {
                q.subject.value
                for q in store.quads()
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(base)
            }

    a = subjects(tmp_path / "a", "https://example.org/kg/")
    b = subjects(tmp_path / "b", "https://example.org/kg/")
    assert a == b and "https://example.org/kg/id/agency/polizei-sachsen" in a
    assert not any("w3id.org/amtsgraph/id/" in s for s in a)


def test_each_article_has_its_own_graph_with_provenance(seed_store: Store) -> None:
    names = GraphNames()
    graphs = [g for g in seed_store.graphs() if names.is_article_graph(g)]
    assert len(graphs) == 5
    rows = list(
        seed_store.query(
            "SELECT ?g ?src ?t ?sw WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?a ; "
            "ag:sourceFile ?src ; prov:generatedAtTime ?t ; prov:wasAttributedTo ?sw } }",
            prefixes={"ag": AG, "prov": "http://www.w3.org/ns/prov#"},
        )
    )
    assert len(rows) == 5
    assert all("amtsgraph/0.1.0" in r["sw"].value for r in rows)


def test_one_entity_one_iri_across_articles(seed_store: Store) -> None:
    rows = list(
        seed_store.query(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?m <{AG}refersTo> "
            f"<https://w3id.org/amtsgraph/id/agency/polizei-niedersachsen> }} }}"
        )
    )
    assert len(rows) == 2  # mentioned in the article of seed 001 and a teaser in seed 000


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory, lex: Lexicon) -> Store:
    """Two generated pages showing the same related-article teasers."""
    folder = tmp_path_factory.mktemp("synth")
    page = next(p for p in generate(10, folder, seed=3) if read(p, lex).teasers)
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = "Zweite Seite mit denselben Hinweisen\n"  # another title, hence another slug
    pages = folder / "pages"
    pages.mkdir()
    shutil.copy(page, pages / "a.txt")
    (pages / "b.txt").write_text("".join(lines), encoding="utf-8")
    store = Store(tmp_path_factory.mktemp("synth-store") / "store")
    report = build([pages], store)
    assert report.read == 2 and not report.refused
    return store


def test_text_nodes_belong_to_one_graph(synth_store: Store) -> None:
    """A teaser repeats another article's title and summary: its sentences, mentions and
    quotations are the showing page's text and must not take the IRIs of the article's own."""
    shared = list(
        synth_store.query(
            "SELECT ?s (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
            "VALUES ?c { ag:Sentence ag:Mention ag:Quotation } } "
            "GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)",
            prefixes={"ag": AG},
        )
    )
    assert shared == []
    teasers = list(
        synth_store.query(
            "SELECT ?s WHERE { ?s a ag:Sentence FILTER(CONTAINS(STR(?s), '/teaser/')) } LIMIT 1",
            prefixes={"ag": AG},
        )
    )
    assert teasers, "teaser sentences belong under the page that shows them"
