"""The build's validation step, spread over the extraction workers.

Checking each article graph against the core shapes (pySHACL, about 100 ms an article) is
most of validating a build, and needs little context: the article, the reference data and
the ontology type nearly every node an article points to. So each worker checks the article
it has just extracted (``check_article``), and the build's process (``validate_built``)
only confirms that the context types found there are those found with the whole build and
the store (an article leaving a node untyped that another article or the store types; the
same node typed otherwise by another article of the build): where they differ, the article
is checked again in context, as before. The SPARQL-based constraints, which look across
articles, then run once over all the build's graphs (``graph.validation.add_sparql_results``).
The reports are the same as with every article checked in the build's process.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from graph.store import Store
from graph.validation import CoreCheck, Unit, around, context_types, validate_core, validate_units
from graph.validation_report import Report
from graph.vocab import GraphNames


def _triples(ntriples: bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]


def check_article(ntriples: bytes, context: Iterable[ox.Triple | ox.Quad]) -> CoreCheck:
    """In a worker: the article graph (as the build's process will read it) against the
    core shapes, with the types of what it points to from itself, ``context`` (the
    reference data) and the ontology."""
    unit = Unit("", _triples(ntriples))
    context_of = around(unit, context_types([unit], None, context))
    return CoreCheck(tuple(validate_core(unit.triples, context_of, unit.focus())), context_of)


def validate_built(
    store: Store, built: list[Any], names: GraphNames, context: Iterable[ox.Quad] = ()
) -> tuple[list[Any], dict[str, Report]]:
    """The build's step: each article graph (``pipeline.Built``, with the worker's
    ``checked`` core check if it made one) validated in the context of the store and the
    rest of the build. Returns the conforming ones and the reports of all that have
    findings, by slug."""
    units = [Unit(names.article(b.slug), _triples(b.ntriples), b.source) for b in built]
    done = {
        u.graph: b.checked
        for b, u in zip(built, units, strict=True)
        if getattr(b, "checked", None) is not None
    }
    validate_units(units, store, exclude={u.graph for u in units}, context=context, done=done)
    reports = {b.slug: u.report for b, u in zip(built, units, strict=True) if u.report.results}
    accepted = [b for b, u in zip(built, units, strict=True) if u.report.conforms]
    return accepted, reports
