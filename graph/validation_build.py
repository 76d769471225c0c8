"""The build's validation step, with the core checks spread over worker processes.

Checking each article graph against the core shapes (pySHACL, about 100 ms an article) is
most of validating a build, and needs little context: the article, the reference data and
the ontology type nearly every node an article points to. So worker processes check the
new and changed articles (``check_article``: only those, so an unchanged corpus costs
nothing here) while the build's process reads them and finds the context types with the
whole build and the store. A worker's result is taken where those types are the ones it
used; where they differ (an article leaving a node untyped that another article or the
store types; a node typed otherwise by another article of the build), the article is
checked again in context, as before. The SPARQL-based constraints, which look across
articles, then run once over all the build's graphs
(``graph.validation.add_sparql_results``). The reports are the same as with every article
checked in the build's process.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from graph.store import Store
from graph.validation import (
    CoreCheck,
    Unit,
    around,
    context_types,
    load_shapes,
    validate_core,
    validate_units,
)
from graph.validation_report import Report
from graph.vocab import GraphNames

_MIN_PARALLEL = 8  # fewer articles are checked in the build's process
_CHUNK = 8

# In a worker process only: the build's reference data, given when the pool starts.
_worker_context: list[ox.Quad] = []


def _triples(ntriples: bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]


def check_article(ntriples: bytes, context: Iterable[ox.Triple | ox.Quad]) -> CoreCheck:
    """An article graph (as the build's process reads it) against the core shapes, with
    the types of what it points to from itself, ``context`` (the reference data) and the
    ontology."""
    unit = Unit("", _triples(ntriples))
    context_of = around(unit, context_types([unit], None, context))
    return CoreCheck(tuple(validate_core(unit.triples, context_of, unit.focus())), context_of)


def _start_worker(context: list[ox.Quad]) -> None:
    _worker_context[:] = context


def _check_in_worker(ntriples: bytes) -> CoreCheck | None:
    try:
        return check_article(ntriples, _worker_context)
    except Exception:  # never lose an article to a bug here: the build's process checks it
        return None


def validate_built(
    store: Store,
    built: list[Any],
    names: GraphNames,
    context: Iterable[ox.Quad] = (),
    workers: int = 1,
) -> tuple[list[Any], dict[str, Report]]:
    """The build's step: each new or changed article graph (``pipeline.Built``) validated
    in the context of the store and the rest of the build, the core checks in ``workers``
    processes. Returns the conforming ones and the reports of all that have findings, by
    slug."""
    context = list(context)
    done: dict[str, CoreCheck] = {}
    if workers <= 1 or len(built) < _MIN_PARALLEL:
        units = [Unit(names.article(b.slug), _triples(b.ntriples), b.source) for b in built]
    else:
        load_shapes()  # parsed once, before the fork
        fork = mp.get_context("fork")
        with fork.Pool(workers, initializer=_start_worker, initargs=(context,)) as pool:
            ahead = pool.imap(_check_in_worker, [b.ntriples for b in built], chunksize=_CHUNK)
            # meanwhile, this process reads the articles
            units = [Unit(names.article(b.slug), _triples(b.ntriples), b.source) for b in built]
            for unit, check in zip(units, ahead, strict=True):
                if check is not None:
                    done[unit.graph] = check
    validate_units(units, store, exclude={u.graph for u in units}, context=context, done=done)
    reports = {b.slug: u.report for b, u in zip(built, units, strict=True) if u.report.results}
    accepted = [b for b, u in zip(built, units, strict=True) if u.report.conforms]
    return accepted, reports
