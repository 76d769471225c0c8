"""The store: named graphs in an embedded Oxigraph database on disk.

A store *folder* holds the Oxigraph database (``oxigraph/``), which only the one writer
opens, and read-only *snapshots* of it (``snapshots/<generation>/``). Oxigraph calls a
read-only handle on a database that another process is writing undefined behaviour, so
readers (the server, ``amtsgraph query``) never open ``oxigraph/``: when a writer closes
after committing, it checkpoints the database into a new snapshot (RocksDB hard-links the
immutable table files, so this costs a flush, not a copy) and then atomically rewrites the
``generation`` file to name it. A reader therefore sees either the state before a whole
write session or after it, never a half-finished build, and reopens when ``generation``
changes (an Oxigraph read-only handle sees the data as of its opening).

The interface is deliberately small (open, replace named graphs in one transaction, query,
export, close; a read-only mode), after Oxigraph's own Python API.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graph.errors import QueryError, StoreError

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}

_DB = "oxigraph"
_GENERATION = "generation"
_SNAPSHOTS = "snapshots"
# Superseded snapshots are kept this long: a reader that opened one just before a new one
# appeared may still be answering from it.
SNAPSHOT_GRACE_SECONDS = 600.0


class Store:
    """An Oxigraph store; ``path=None`` keeps it in memory (tests, benchmarks)."""

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._ox = ox.Store()
            elif read_only:
                if not (self.path / _DB).is_dir():
                    raise StoreError(f"{self.path}: no store here; run `amtsgraph build` first")
                self._ox = ox.Store.read_only(str(self._read_target()))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(self.path / _DB))
        except (OSError, RuntimeError) as err:
            raise StoreError(_open_failure(self.path, read_only, err)) from err
        self.opened_generation = self._opened_at if read_only else self.generation()
        self._dirty = False

    def _read_target(self) -> Path:
        """The snapshot the ``generation`` file names; the database itself for stores
        written before snapshots existed (safe only while no writer runs)."""
        assert self.path is not None
        self._opened_at = self.generation()
        snapshot = self.path / _SNAPSHOTS / self._opened_at
        return snapshot if snapshot.is_dir() else self.path / _DB

    # -- reading -----------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> Any:
        """Run a SPARQL query; the default graph is the union of all graphs unless given.

        ``prefixes`` are known to the query without PREFIX lines (the CLI passes the
        project's namespaces, as Virtuoso and Fuseki's UI do).
        """
        kwargs: dict[str, Any] = {"prefixes": prefixes} if prefixes else {}
        try:
            if default_graph:
                kwargs["default_graph"] = [_graph_node(g) for g in default_graph]
            else:
                kwargs["use_default_graph_as_union"] = union_default_graph
            if named_graphs:
                kwargs["named_graphs"] = [_graph_node(g) for g in named_graphs]
            return self._ox.query(sparql, **kwargs)
        except SyntaxError as err:
            raise QueryError(f"malformed SPARQL query: {err}") from err
        except (OSError, ValueError) as err:
            raise QueryError(f"query failed: {err}") from err

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, name: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(name))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return iter(self._ox.quads_for_pattern(None, None, None, g))

    def quads_for(self, subject: Any, predicate: Any = None) -> list[ox.Quad]:
        """Quads with this subject (and predicate) in any graph: an index lookup."""
        return list(self._ox.quads_for_pattern(subject, predicate, None, None))

    def matching(
        self, subject: Any, predicate: Any = None, obj: Any = None, graph: str | None = None
    ) -> Iterator[ox.Quad]:
        """Quads matching the pattern (in any graph, or in ``graph``), read as they are
        consumed: for "is there one?" questions about nodes stated in thousands of graphs,
        where decoding every graph's name (about 10 us each) would dominate."""
        g = ox.NamedNode(graph) if graph else None
        return iter(self._ox.quads_for_pattern(subject, predicate, obj, g))

    def objects(self, subject: str, predicate: str) -> set[Any]:
        """The distinct objects of (subject, predicate) in any graph: an index lookup."""
        try:
            s, p = ox.NamedNode(subject), ox.NamedNode(predicate)
        except ValueError as err:
            raise QueryError(f"not an IRI: {err}") from None
        return {q.object for q in self._ox.quads_for_pattern(s, p, None, None)}

    def __len__(self) -> int:
        return len(self._ox)

    def export(self, out: IO[bytes], fmt: str, *, graph: str | None = None) -> None:
        """Write the whole dataset (or one graph) in ``fmt`` (a key of EXPORT_FORMATS)."""
        try:
            rdf_format = EXPORT_FORMATS[fmt]
        except KeyError:
            raise StoreError(
                f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
            ) from None
        from graph.vocab import PREFIXES

        if graph is not None:
            self._ox.dump(out, rdf_format, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)
        elif rdf_format.supports_datasets:
            self._ox.dump(out, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
        else:
            # Triple formats get the union of all graphs: what a default-graph query sees.
            triples = self._ox.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(triples, ox.QueryTriples)
            ox.serialize(triples, out, rdf_format, prefixes=PREFIXES)

    # -- writing -----------------------------------------------------------------------
    def replace_graphs(
        self, graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = ()
    ) -> None:
        """Replace each named graph by the given triples and drop others, in ONE transaction.

        Either every graph is replaced or the store is left as it was (an Oxigraph update
        is transactional), which is what makes a failed build harmless.
        """
        self.replace_graphs_ntriples(
            {
                name: ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
                for name, triples in graphs.items()
            },
            drop,
        )

    def replace_graphs_ntriples(
        self, graphs: Mapping[str, bytes], drop: Iterable[str] = ()
    ) -> None:
        """Like :meth:`replace_graphs`, for graphs already serialised as N-Triples."""
        self._check_writable()
        parts = [f"DROP SILENT GRAPH <{g}>" for g in (*graphs.keys(), *drop)]
        if not parts:
            return
        body = "\n".join(
            f"GRAPH <{g}> {{\n{nt.decode('utf-8')}}}" for g, nt in graphs.items() if nt
        )
        if body:
            parts.append("INSERT DATA {\n" + body + "\n}")
        try:
            self._ox.update(" ;\n".join(parts))
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(
                f"{self.path or '<memory>'}: write failed, nothing changed: {err}"
            ) from err
        self._bump_generation()

    def bulk_load_fresh_trig(self, graphs: Mapping[str, bytes]) -> None:
        """Fast path for an empty store: N-Triples per graph bulk-loaded as TriG blocks."""
        self._check_writable()
        if len(self._ox):
            raise StoreError("bulk loading needs an empty store")
        trig = b"".join(b"<" + g.encode() + b"> {\n" + nt + b"}\n" for g, nt in graphs.items())
        try:
            self._ox.bulk_load(trig, ox.RdfFormat.TRIG)
            self._ox.flush()
        except (OSError, SyntaxError, ValueError) as err:
            self._ox.clear()
            raise StoreError(
                f"{self.path or '<memory>'}: bulk load failed, store emptied again: {err}"
            ) from err
        self._bump_generation()

    def update(self, sparql_update: str) -> None:
        """A SPARQL UPDATE in one transaction (writers only: never reachable read-only)."""
        self._check_writable()
        try:
            self._ox.update(sparql_update)
        except SyntaxError as err:
            raise QueryError(f"malformed SPARQL update: {err}") from err
        except (OSError, ValueError) as err:
            raise StoreError(f"update failed, nothing changed: {err}") from err
        self._bump_generation()

    def close(self) -> None:
        """End the session; a writer that committed publishes a snapshot for readers."""
        if not self.read_only and self.path is not None:
            self._ox.flush()
            if self._dirty or not (self.path / _SNAPSHOTS / self.generation()).is_dir():
                self._publish_snapshot()
        del self._ox

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- change tracking for readers ---------------------------------------------------
    def generation(self) -> str:
        """An opaque token that changes whenever a writer commits (ETag material)."""
        if self.path is None:
            return str(getattr(self, "_mem_generation", 0))
        try:
            return (self.path / _GENERATION).read_text().strip()
        except OSError:
            return "0"

    def is_stale(self) -> bool:
        """True when a writer has committed since this handle was opened."""
        return self.generation() != self.opened_generation

    def _bump_generation(self) -> None:
        """After a commit: in memory the change is visible at once; on disk readers see it
        when the writer closes (:meth:`_publish_snapshot`)."""
        token = f"{time.time_ns()}"
        if self.path is None:
            self._mem_generation = token
        self._dirty = True
        self.opened_generation = token

    def _publish_snapshot(self) -> None:
        """Checkpoint the database as ``snapshots/<token>`` and point ``generation`` at it.

        The snapshot is complete before the generation file names it (a temp name renamed
        into place), so a reader can never open a half-written one.
        """
        assert self.path is not None
        folder = self.path / _SNAPSHOTS
        folder.mkdir(exist_ok=True)
        token = f"{time.time_ns()}"
        staging = folder / f".{token}.tmp"
        try:
            self._ox.backup(str(staging))
            staging.rename(folder / token)
            tmp = self.path / (_GENERATION + ".tmp")
            tmp.write_text(token)
            tmp.replace(self.path / _GENERATION)
        except (OSError, RuntimeError) as err:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(
                f"{self.path}: the data is committed but the snapshot for readers failed "
                f"({err}); readers keep the previous state until the next successful write"
            ) from err
        self.opened_generation = token
        self._dirty = False
        _prune_snapshots(folder, keep=token)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("this store handle is read-only")

    # -- added for reasoning (issue 5) -------------------------------------------------
    def bulk_replace_graphs_ntriples(
        self, graphs: Mapping[str, bytes], drop: Iterable[str] = ()
    ) -> None:
        """Replace named graphs by N-Triples with Oxigraph's bulk loader, into a store that
        need not be empty: for writes far too large for one SPARQL update (every inferred
        graph of a store: a big ``INSERT DATA`` costs minutes, the bulk loader seconds).

        NOT one transaction: the old graphs (and ``drop``) go in one update, then the new ones
        are bulk-loaded in the order given. A caller that must notice an interrupted write
        drops a marker graph first and passes it last (reasoning does, see its ``materialise``).
        """
        self._check_writable()
        old = [g for g in dict.fromkeys((*graphs.keys(), *drop)) if self.has_graph(g)]
        try:
            # In updates of DROP_BATCH graphs: dropping the 9,723 inferred graphs of the
            # 10,000-article benchmark (496k quads) takes 23 s as one update, 7 s in batches.
            for i in range(0, len(old), DROP_BATCH):
                batch = old[i : i + DROP_BATCH]
                self._ox.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in batch))
            trig = b"".join(
                b"<" + g.encode() + b"> {\n" + nt + b"}\n" for g, nt in graphs.items() if nt
            )
            if trig:
                self._ox.bulk_load(trig, ox.RdfFormat.TRIG)
                self._ox.flush()
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(
                f"{self.path or '<memory>'}: bulk write failed part-way: {err}"
            ) from err
        self._bump_generation()


DROP_BATCH = 200
"""Graphs per update when many are dropped outside a transaction (see above)."""


def _graph_node(iri: str) -> ox.NamedNode:
    """A dataset graph name for a query; a bad one is the caller's error, not a crash."""
    try:
        return ox.NamedNode(iri)
    except ValueError as err:
        raise QueryError(f"graph name {iri!r} is not an absolute IRI ({err})") from None


def _open_failure(path: Path | None, read_only: bool, err: BaseException) -> str:
    """Say which of the usual causes it is: Oxigraph reports them as OSError/RuntimeError."""
    text = str(err)
    if "lock" in text.lower():
        cause = "another process (a build, import or server with updates) is writing it"
        advice = "wait for it to finish or stop it, then try again"
    elif "No such file" in text:
        cause = "the database folder is incomplete (no CURRENT file)"
        advice = "rebuild it with `amtsgraph build`"
    elif "Corruption" in text or isinstance(err, RuntimeError):
        cause = "the database is damaged"
        advice = "rebuild it with `amtsgraph build` (or restore a backup)"
    else:
        cause = "the operating system refused"
        advice = "check the folder's permissions and free disk space"
    mode = "read-only" if read_only else "for writing"
    return f"{path}: cannot open the store {mode}: {cause} ({text}); {advice}"


def _prune_snapshots(folder: Path, keep: str) -> None:
    """Drop snapshots superseded longer ago than the grace period (and failed stagings)."""
    now = time.time()
    for entry in folder.iterdir():
        if entry.name == keep:
            continue
        try:
            age = now - entry.stat().st_mtime
        except OSError:
            continue
        if age > SNAPSHOT_GRACE_SECONDS:
            with contextlib.suppress(OSError):
                shutil.rmtree(entry)
