"""RDF files given to ``validate`` and ``import``: their format by extension, parsing with the
parser's position on error, and the line a validation result's triple was read from.

Where a result points (``Locator``):

- **N-Triples, N-Quads**: exact. One triple per line; the line whose subject is the focus
  node and whose predicate is the result path (and whose object is the value, when given).
- **Turtle, TriG**: the line where the focus node's first *subject block* starts (the
  statement that begins with it, ``<x> a ag:Account ; ...``), found by a small tokenizer
  that skips strings, IRIs and comments. An approximation: the offending triple may be a few
  lines further down in that block, or in a later block about the same node; a node that is
  only ever written inside ``[ ... ]`` or as an object gets the file name without a line.
- **JSON-LD, RDF/XML**: the first line that spells the focus node's full IRI (its ``@id`` or
  ``rdf:about``); relative IRIs and blank nodes get the file name alone.

Oxigraph's ``SyntaxError`` carries line and column for the line-based formats (N-Triples,
N-Quads, Turtle, TriG); its JSON-LD and RDF/XML errors name no position, and the message says
so rather than inventing one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox

from graph.errors import ParseError
from graph.validation_report import Result

RDF_SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def rdf_format(path: Path) -> ox.RdfFormat | None:
    return RDF_SUFFIXES.get(path.suffix.lower())


def parse_rdf(path: Path, data: bytes) -> list[ox.Triple]:
    """The file's triples; the graph names of a dataset (TriG, N-Quads, JSON-LD) are dropped:
    an import becomes one named graph of its own."""
    fmt = RDF_SUFFIXES[path.suffix.lower()]
    try:
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri())]
    except SyntaxError as err:
        message = _POSITION.sub("", getattr(err, "msg", None) or str(err))
        if err.lineno is None:
            message += f" (the {fmt.name} parser gives no line)"
        raise ParseError(
            f"not valid {fmt.name}: {message}", file=str(path), line=err.lineno, column=err.offset
        ) from err


# -- where a result was read -------------------------------------------------------------------
_POSITION = re.compile(r"^Parser error (at|between) line .*?: ")
Where = Callable[[Result], str | None]


def locator(path: Path, text: str) -> Where:
    """A function giving ``file:line`` (or ``file``) for a result about this file's data."""
    fmt = rdf_format(path)
    if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return _LineLocator(path, text)
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        lines = subject_lines(text, path.resolve().as_uri())
        return lambda r: f"{path}:{lines[r.focus]}" if r.focus in lines else str(path)
    found: dict[str, str] = {}

    def first_mention(r: Result) -> str:
        if r.focus not in found:
            found[r.focus] = str(path)
            if not r.focus.startswith("_:"):
                for number, line in enumerate(text.splitlines(), 1):
                    if r.focus in line:
                        found[r.focus] = f"{path}:{number}"
                        break
        return found[r.focus]

    return first_mention


class _LineLocator:
    """N-Triples/N-Quads: the exact line, indexed once on the first result asked about."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self.index: dict[str, list[tuple[int, str, str]]] | None = None

    def __call__(self, r: Result) -> str:
        if self.index is None:
            self.index = defaultdict(list)
            for number, line in enumerate(self.text.splitlines(), 1):
                parts = line.strip().split(None, 2)
                if len(parts) == 3 and not parts[0].startswith("#"):
                    self.index[_node(parts[0])].append((number, _node(parts[1]), parts[2]))
        rows = self.index.get(r.focus, [])
        if r.path:
            rows = [row for row in rows if row[1] == r.path] or rows
        if r.value is not None:
            rows = [row for row in rows if r.value in row[2]] or rows
        return f"{self.path}:{rows[0][0]}" if rows else str(self.path)


def _node(token: str) -> str:
    return token[1:-1] if token.startswith("<") else token


_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|[\[\](){},;]"
    r"|[^\s\[\](){},;\"'<#]+",
)


def subject_lines(text: str, base: str = "") -> dict[str, int]:
    """Turtle/TriG: each subject (IRI or ``_:label``) and the line its first statement
    starts on. Prefixes and the base are followed as the file declares them."""
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    tokens: list[tuple[str, int]] = []
    line = 1
    pos = 0
    for m in _TOKEN.finditer(text):
        line += text.count("\n", pos, m.start())
        tok = m.group()
        if not tok.startswith("#"):
            if tok.endswith(".") and len(tok) > 1 and not tok.startswith(('"', "'", "<")):
                tokens += [(tok[:-1], line), (".", line)]
            else:
                tokens.append((tok, line))
        line += tok.count("\n")
        pos = m.end()
    depth, start = 0, True
    i = 0
    while i < len(tokens):
        tok, at = tokens[i]
        if start and depth == 0:
            keyword = tok.lower()
            if keyword in ("@prefix", "prefix") and i + 2 < len(tokens):
                prefixes[tokens[i + 1][0].rstrip(":")] = _iri(tokens[i + 2][0], base)
                i += 3
                continue
            if keyword in ("@base", "base") and i + 1 < len(tokens):
                base = _iri(tokens[i + 1][0], base)
                i += 2
                continue
            if keyword == "graph":
                i += 1
                continue
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if tok not in "[(.{}" and nxt != "{":
                name = _resolve(tok, prefixes, base)
                if name is not None:
                    lines.setdefault(name, at)
        start = False
        if tok in "[(":
            depth += 1
        elif tok in "])":
            depth -= 1
        elif tok in ".{}" and depth == 0:
            start = True
        i += 1
    return lines


def _iri(token: str, base: str) -> str:
    return urljoin(base, token[1:-1]) if token.startswith("<") else token


def _resolve(token: str, prefixes: dict[str, str], base: str) -> str | None:
    if token.startswith("<"):
        return urljoin(base, token[1:-1])
    if token.startswith("_:"):
        return token
    prefix, colon, local = token.partition(":")
    if colon and prefix in prefixes:
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None
