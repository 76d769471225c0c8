"""Validation results as data: one `Result` per finding, a `Report` that renders them.

Non-conformance is not an error (see errors.py): a report is returned, printed, written next
to the build output or serialised as a standard ``sh:ValidationReport`` (Turtle or JSON-LD).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from graph.vocab import PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """One finding. ``value`` and ``path`` are IRIs or N-Triples-ish literal text."""

    severity: str
    focus: str
    shape: str
    component: str
    messages: tuple[tuple[str, str], ...] = ()  # (language, text)
    path: str | None = None
    value: str | None = None
    value_term: object = None  # the rdflib term, for the sh:ValidationReport
    graphs: tuple[str, ...] = ()  # named graphs the finding involves (SPARQL constraints)
    where: str | None = None  # "file:line" where the offending triple was read

    def message(self, lang: str = "en") -> str:
        for lg, text in self.messages:
            if lg == lang:
                return text
        return self.messages[0][1] if self.messages else ""

    def located(self, where: str | None) -> Result:
        return replace(self, where=where)


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def count(self) -> Counter[str]:
        return Counter(r.severity for r in self.results)

    def extend(self, results: Iterable[Result]) -> None:
        self.results.extend(results)

    def summary(self) -> str:
        c = self.count()
        return ", ".join(f"{c[s]} {s.lower()}{'s' if c[s] != 1 else ''}" for s in SEVERITIES)

    def text(self, lang: str = "en") -> str:
        """The readable report: one block per finding, violations first."""
        order = {s: i for i, s in enumerate(SEVERITIES)}
        lines = [f"conforms: {str(self.conforms).lower()}  ({self.summary()})"]
        for r in sorted(self.results, key=lambda r: (order[r.severity], r.focus, r.path or "")):
            lines.append(f"\n{r.severity}: {r.message(lang)}")
            lines.append(f"  focus node: {_short(r.focus)}")
            if r.path:
                lines.append(f"  path:       {_short(r.path)}")
            if r.value is not None:
                lines.append(f"  value:      {_short(r.value)}")
            lines.append(f"  shape:      {_short(r.shape)} ({_short(r.component)})")
            if r.graphs:
                lines.append(f"  sources:    {', '.join(r.graphs)}")
            if r.where:
                lines.append(f"  read at:    {r.where}")
        return "\n".join(lines) + "\n"

    def graph(self) -> Graph:
        """The standard W3C form: one sh:ValidationReport with its sh:result nodes."""
        g = Graph()
        for prefix in ("sh", "ag", "xsd", "rdfs"):
            g.bind(prefix, PREFIXES[prefix])
        g.bind("ags", "https://w3id.org/amtsgraph/shapes#")
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for r in self.results:
            node = BNode()
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.resultSeverity, SH[r.severity]))
            g.add((node, SH.focusNode, _term(r.focus)))
            g.add((node, SH.sourceShape, _term(r.shape)))
            g.add((node, SH.sourceConstraintComponent, URIRef(r.component)))
            if r.path:
                g.add((node, SH.resultPath, URIRef(r.path)))
            if r.value_term is not None:
                g.add((node, SH.value, r.value_term))  # type: ignore[arg-type]
            for lang, text in r.messages:
                g.add((node, SH.resultMessage, Literal(text, lang=lang)))
        return g

    def serialize(self, fmt: str) -> str:
        if fmt == "text":
            return self.text()
        return self.graph().serialize(format="json-ld" if fmt == "jsonld" else "turtle")


def _term(value: str) -> URIRef | BNode:
    return BNode(value[2:]) if value.startswith("_:") else URIRef(value)


def _short(iri: str) -> str:
    for prefix, ns in (*PREFIXES.items(), ("ags", "https://w3id.org/amtsgraph/shapes#")):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def write_reports(folder: Path, reports: dict[str, Report]) -> list[Path]:
    """``<folder>/<name>.ttl`` (sh:ValidationReport) and ``<name>.txt`` for each report."""
    written: list[Path] = []
    if not reports:
        return written
    folder.mkdir(parents=True, exist_ok=True)
    for name, report in sorted(reports.items()):
        ttl, txt = folder / f"{name}.ttl", folder / f"{name}.txt"
        ttl.write_text(report.serialize("ttl"), encoding="utf-8")
        txt.write_text(report.text(), encoding="utf-8")
        written += [ttl, txt]
    return written
