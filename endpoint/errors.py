"""Exceptions that carry their HTTP status.

Code anywhere in the endpoint raises one of these with a message that says what failed, on
which input, and what to do next; the single error handler in :mod:`endpoint.app` renders it
as JSON or HTML. No handler turns arbitrary exceptions into 400 (rdflib-endpoint's catch-all
is the warning): an unexpected exception is a bug and becomes a 500 without a traceback.
"""

from __future__ import annotations

from graph.errors import AmtsgraphError


class EndpointError(AmtsgraphError):
    """Base: an HTTP error response with a status, a short kind and a human message."""

    status = 500
    kind = "internal-error"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(EndpointError):
    status, kind = 400, "bad-request"


class MalformedQuery(BadRequest):
    kind = "malformed-query"


class ResultTooLarge(BadRequest):
    """The query is valid but asks for more than the result cap; the fix is in the query."""

    kind = "result-too-large"


class Unauthorized(EndpointError):
    status, kind = 401, "unauthorized"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer realm="amtsgraph"'})


class Forbidden(EndpointError):
    status, kind = 403, "forbidden"


class NotFound(EndpointError):
    status, kind = 404, "not-found"


class MethodNotAllowed(EndpointError):
    status, kind = 405, "method-not-allowed"

    def __init__(self, message: str, allowed: list[str]) -> None:
        super().__init__(message, headers={"Allow": ", ".join(allowed)})


class NotAcceptable(EndpointError):
    status, kind = 406, "not-acceptable"


class PayloadTooLarge(EndpointError):
    status, kind = 413, "request-too-large"


class UnsupportedMediaType(EndpointError):
    status, kind = 415, "unsupported-media-type"


class QueryTimeout(EndpointError):
    """503 like Fuseki and GraphDB: the server gave up, the query itself may be fine."""

    status, kind = 503, "query-timeout"


class Busy(EndpointError):
    status, kind = 503, "busy"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"Retry-After": "5"})


class ServerFault(EndpointError):
    status, kind = 500, "internal-error"


class StoreUnavailable(EndpointError):
    """The store folder is missing or cannot be opened: an operator problem, not the client's."""

    status, kind = 503, "store-unavailable"
