"""amtsgraph build engine: articles -> extraction -> RDF -> validation -> reasoning -> store.

Stages, in the order data flows (one module each):

- :mod:`graph.reading`     files -> :class:`graph.reading.Document`
- :mod:`graph.extraction`  documents -> records (no RDF yet)
- :mod:`graph.mapping`     records -> RDF quads (declarative JSON-LD context)
- :mod:`graph.store`       named graphs in an embedded Oxigraph store
- :mod:`graph.pipeline`    the thin chain that runs the stages
"""

__version__ = "0.1.0"
