"""Where inferred triples live: every inferred graph's name starts with
``<base>graph/inferred``, so "stated only" is one filter (see ``materialise``).
"""

from __future__ import annotations

from graph.vocab import DEFAULT_BASE, GraphNames


class Layout:
    """Names of inferred graphs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.names = GraphNames(base)
        self.stated_root = self.names.base + "graph/"
        self.prefix = self.names.base + "graph/inferred"
        self.shared = self.prefix + "/shared"

    def is_inferred(self, graph: str) -> bool:
        return graph.startswith(self.prefix)

    def is_stated(self, graph: str) -> bool:
        return graph.startswith(self.stated_root) and not self.is_inferred(graph)

    def inferred(self, graph: str) -> str:
        """The inferred graph of a stated graph: ``graph/<path>`` -> ``graph/inferred/<path>``."""
        return self.prefix + "/" + graph.removeprefix(self.stated_root)

    def fixed(self) -> tuple[str, str]:
        """The graphs whose conclusions every other graph may rely on (see ``base``)."""
        return (self.names.ontology, self.names.reference)

    def stated_filter(self, var: str = "g") -> str:
        return f'FILTER(!STRSTARTS(STR(?{var}), "{self.prefix}"))'
