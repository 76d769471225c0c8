"""One error hierarchy for the whole project.

Every message names the input (file and line, article id or IRI) and what the user can
do next. Non-conformance of data is *not* an error: it is a validation report.
"""

from __future__ import annotations


class AmtsgraphError(Exception):
    """Base class: anything the CLI turns into a one-line message and exit code 2."""


class ConfigError(AmtsgraphError):
    """A setting, mapping file or asset folder is missing or malformed."""


class ReadError(AmtsgraphError):
    """An article file cannot be read (missing, empty, binary, undecodable)."""


class ExtractionError(AmtsgraphError):
    """Extraction failed on a document that could be read."""


class MappingError(AmtsgraphError):
    """Records could not be turned into RDF (bad template, bad context)."""


class StoreError(AmtsgraphError):
    """The store cannot be opened, read or written."""


class QueryError(AmtsgraphError):
    """A SPARQL query is malformed or refused."""


class ParseError(AmtsgraphError):
    """An RDF file is malformed; carries file, line and column when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = file or "<input>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
        self.file, self.line, self.column = file, line, column
