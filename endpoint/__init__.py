"""amtsgraph's SPARQL endpoint and Linked Data server (a Flask app; see `endpoint.app`).

Modules, from the wire inwards:

- :mod:`endpoint.cli`        `amtsgraph serve`, on the project's click group
- :mod:`endpoint.server`     waitress, several processes sharing one socket
- :mod:`endpoint.app`        app factory, errors, CORS, conditional GET, page cache
- :mod:`endpoint.sparql`, :mod:`endpoint.graph_store`, :mod:`endpoint.linked_data`,
  :mod:`endpoint.dataset`    the blueprints
- :mod:`endpoint.protocol`   media types, negotiation, query screening (no Flask)
- :mod:`endpoint.executor`, :mod:`endpoint.worker`   killable query processes
- :mod:`endpoint.resources`, :mod:`endpoint.graph_views`   what pages show (no Flask)

Nothing here imports Flask at package import, so query workers start quickly.
"""
