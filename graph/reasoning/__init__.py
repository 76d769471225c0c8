"""OWL 2 RL reasoning: the ontology compiled once, applied per graph, inferred triples kept in
their own named graphs (all named ``<base>graph/inferred...``).

>>> from graph.reasoning import Layout
>>> Layout().inferred("https://w3id.org/amtsgraph/graph/article/a")
'https://w3id.org/amtsgraph/graph/inferred/article/a'
"""

from graph.reasoning.article import Context, Inference
from graph.reasoning.checks import Inconsistency
from graph.reasoning.layout import Layout
from graph.reasoning.materialise import (
    AG_ONLY,
    ReasoningReport,
    materialise,
    materialised_with,
    update,
)
from graph.reasoning.rules import Rules, compile_rules

__all__ = [
    "AG_ONLY",
    "Context",
    "Inconsistency",
    "Inference",
    "Layout",
    "ReasoningReport",
    "Rules",
    "compile_rules",
    "materialise",
    "materialised_with",
    "update",
]
