"""Mapping between the IRIs the graph mints and this server's own URLs.

IRIs are minted under a configured base (``https://w3id.org/amtsgraph/``); the server may run
on ``http://127.0.0.1:8000/``. A request path is read relative to the base, and links in
HTML pages to IRIs under the base (or in the ontology namespace) point back to this server,
so a person can click through the graph locally whatever host and port it runs on.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from graph.vocab import AG, ONTOLOGY_IRI, GraphNames


@dataclass(frozen=True)
class IriMap:
    base: str

    @property
    def graphs(self) -> GraphNames:
        return GraphNames(self.base)

    def iri_for_path(self, path: str) -> str:
        """``/id/agency/x`` -> ``<base>id/agency/x`` (path without the leading slash)."""
        return self.base + path.lstrip("/")

    def local_path(self, iri: str) -> str | None:
        """The server path that describes ``iri``, or None for an outside IRI."""
        if iri == ONTOLOGY_IRI:
            return "/ontology"
        if iri.startswith(AG):
            return "/ontology#" + quote(iri[len(AG) :], safe="")
        if iri.startswith(self.base):
            return "/" + quote(iri[len(self.base) :], safe="/:@!$&'()*+,;=-._~%")
        return None

    def href(self, iri: str, host_url: str) -> str:
        """Where a link to ``iri`` should go on a page served from ``host_url``."""
        path = self.local_path(iri)
        return iri if path is None else host_url.rstrip("/") + path


def short_name(iri: str, prefixes: dict[str, str]) -> str:
    """A compact display name: ``ag:Agency`` for known namespaces, else the last segment."""
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail or iri
