"""Shape tests (W3C SHACL test-suite style): for each shape, valid and invalid samples in
``tests/shapes/``, run through the validation path of ``validate``/``import``.

``valid/<shape>.ttl`` must give no result at all (not even a Warning). Each
``invalid/<shape>-<constraint>.ttl`` starts with ``# breaks: <shape> <component>`` (the
``sh:sourceShape`` as ``ags:Name``, or the ``sh:resultPath``, and the local name of the
``sh:sourceConstraintComponent``) and must give exactly that, nothing else. A ``.trig``
sample's named graphs are what the store already holds (for the conflict checks); its
default graph is the data under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from graph.assets import shapes_dir
from graph.store import Store
from graph.validation import Unit, load_shapes, validate_units
from graph.validation_report import SH, Result

SAMPLES = Path(__file__).parent / "shapes"
AGS = "https://w3id.org/amtsgraph/shapes#"
PREFIXES = {"ags:": AGS, "ag:": "https://w3id.org/amtsgraph/ontology#"}
UNIT_GRAPH = "https://w3id.org/amtsgraph/graph/import/sample"


def _samples(kind: str) -> list[Path]:
    return sorted(p for p in (SAMPLES / kind).glob("*") if p.suffix in (".ttl", ".trig"))


def _validate(path: Path) -> list[Result]:
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    unit = [q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    stored = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    store = None
    if stored:
        store = Store()
        store.replace_graphs(
            {
                g.value: [q.triple for q in stored if q.graph_name == g]
                for g in {q.graph_name for q in stored}  # type: ignore[misc]
            }
        )
    (checked,) = validate_units([Unit(UNIT_GRAPH, unit)], store, exclude={UNIT_GRAPH})
    return checked.report.results


def _expand(name: str) -> str:
    for prefix, ns in PREFIXES.items():
        if name.startswith(prefix):
            return ns + name[len(prefix) :]
    return name


def _breaks(path: Path) -> tuple[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"# breaks: (\S+) (\w+ConstraintComponent)", first)
    assert m, f"{path.name}: first line must be '# breaks: <shape or path> <component>'"
    return _expand(m.group(1)), str(SH) + m.group(2)


@pytest.mark.parametrize("path", _samples("valid"), ids=lambda p: p.stem)
def test_valid_sample_gives_no_result(path: Path) -> None:
    results = _validate(path)
    assert not results, "\n".join(f"{r.shape} {r.component} {r.focus}" for r in results)


@pytest.mark.parametrize("path", _samples("invalid"), ids=lambda p: p.stem)
def test_invalid_sample_breaks_exactly_the_named_constraint(path: Path) -> None:
    shape_or_path, component = _breaks(path)
    found = {(r.shape, r.path, r.component) for r in _validate(path)}
    assert found, f"{path.name}: conforms"
    assert all(
        shape_or_path in (shape, rpath) and comp == component for shape, rpath, comp in found
    ), f"{path.name}: {sorted(found)}"


def _node_shapes() -> dict[str, set[str]]:
    """Each named node shape, with the shapes whose breaking counts for it: itself, its
    property shapes, and for a shape used through sh:node the property shapes using it."""
    g = load_shapes().full
    covered: dict[str, set[str]] = {}
    for shape in g.subjects(RDF.type, SH.NodeShape):
        if isinstance(shape, URIRef):
            covered[str(shape)] = {str(shape)} | {str(p) for p in g.objects(shape, SH.property)}
            covered[str(shape)] |= {str(p) for p in g.subjects(SH.node, shape)}
    return covered


def test_every_node_shape_has_a_valid_and_an_invalid_sample() -> None:
    broken = {_breaks(p)[0] for p in _samples("invalid")}
    missing = [s for s, parts in _node_shapes().items() if not parts & broken]
    assert not missing, f"no invalid sample breaks: {missing}"
    files = {p.stem for p in _samples("valid")}
    stems = {p.stem for p in shapes_dir().glob("*.ttl")}
    assert stems <= files, f"no valid sample for: {sorted(stems - files)}"


_NOT_CONSTRAINTS = {
    SH.property,
    SH.sparql,
    SH.path,
    SH.severity,
    SH.message,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
}


def test_messages_in_german_and_english() -> None:
    """Every named shape and SPARQL constraint with a message says it in both languages;
    every shape that can report (has a constraint) has a message."""
    g = load_shapes().full
    for node in {*g.subjects(SH.message, None)}:
        langs = {m.language for m in g.objects(node, SH.message) if isinstance(m, Literal)}
        assert {"de", "en"} <= langs, f"{node}: messages in {langs}"
    for shape in {*g.subjects(SH.path, None), *g.subjects(RDF.type, SH.NodeShape)}:
        constraints = {p for p in g.predicates(shape, None) if str(p).startswith(str(SH))}
        if isinstance(shape, BNode) or not constraints - _NOT_CONSTRAINTS:
            continue
        assert (shape, SH.message, None) in g, f"{shape}: no sh:message"


def test_severities_are_deliberate() -> None:
    """All three severities are used, and every shape below Violation says why in a comment
    right above its definition (a Warning or Info is a decision, not a default)."""
    g = load_shapes().full
    used = {str(s).rpartition("#")[2] for s in g.objects(None, SH.severity)}
    assert used == {"Violation", "Warning", "Info"}
    silent = []
    for path in sorted(shapes_dir().glob("*.ttl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        starts = {ln.split()[0]: i for i, ln in enumerate(lines) if ln.startswith("ags:")}
        for name, i in starts.items():
            shape = URIRef(AGS + name[4:])
            severity = g.value(shape, SH.severity)
            if severity in (SH.Warning, SH.Info):
                above = [ln for ln in lines[max(0, i - 6) : i] if ln.strip()]
                if not (above and above[-1].startswith("#")):
                    silent.append(f"{path.name}: {name}")
    assert not silent, f"no comment says why: {silent}"
