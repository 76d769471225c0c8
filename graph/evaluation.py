"""The gold format of `evaluation/README.md`: what an article states, read from ``*.gold.yaml``.

Gold files are written by hand, so every problem is reported with the file, the line and what
was expected, and nothing is guessed. YAML is read without implicit typing (PyYAML's base
loader): ``2019-05-14`` stays the string the annotator wrote (no ``datetime.date``), an unquoted
postal code ``01067`` is not read as an octal number, and every value carries its line.

The items here are plain data; matching them against the graph is
:mod:`graph.evaluation_scoring`, reading the graph is :mod:`graph.evaluation_readback`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from graph.errors import GoldError
from graph.pipeline import ARTICLE_SUFFIXES

GOLD_SUFFIX = ".gold.yaml"

# The closed vocabularies of the gold format (evaluation/README.md, "Gold format").
EVENT_TYPES = ("Seminar", "Workshop", "Conference")
METRICS = (
    "Followers",
    "Fans",
    "Subscribers",
    "AccountCount",
    "StaffCount",
    "Downloads",
    "Participants",
)
NAMED_TYPES = ("agencies", "platforms", "regions")
TYPES = ("agencies", "officials", "platforms", "regions", "events", "vendors", "counts")

_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # type: (required keys, optional keys)
    "officials": (("name",), ("role", "agency")),
    "events": (("type",), ("date", "end")),
    "vendors": (("name",), ("postal_code", "city")),
    "counts": (("owner", "metric", "value"), ("platform", "date")),
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_POSTAL = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,5}$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The comparison form of a name: case folded, ß -> ss, accents and umlaut dots dropped,
    runs of spaces and hyphens (any dash) collapsed to one space.

    >>> normalise("Polizeipräsidium  Köln") == normalise("polizeiprasidium koln")
    True
    >>> normalise("Nordrhein-Westfalen"), normalise("Straße")
    ('nordrhein westfalen', 'strasse')
    """
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", plain).strip()


# -- items -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldOfficial:
    name: str
    role: str | None = None
    agency: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    type: str
    date: str | None = None  # ISO, as partial as the text: "2017", "2017-12", "2017-12-04"
    end: str | None = None


@dataclass(frozen=True)
class GoldVendor:
    name: str
    postal_codes: tuple[str, ...] = ()  # a vendor listed with two codes is one vendor


@dataclass(frozen=True)
class GoldCount:
    owner: str
    metric: str
    value: int
    platform: str | None = None  # None: not about one platform, matches any
    date: str | None = None  # None: matches any date


@dataclass
class GoldDoc:
    """One article file and what its gold file says it states."""

    article: Path
    gold: Path
    items: dict[str, list[object]] = field(default_factory=dict)


# -- reading ---------------------------------------------------------------------------------
def load_gold_dir(folder: Path) -> list[GoldDoc]:
    """Every ``NAME.gold.yaml`` in ``folder`` with its article ``NAME.txt``/``.html`` beside it.

    Articles without a gold file are not evaluated (the caller may warn); a gold file without
    its article is an error, since its facts could never be found.
    """
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder; expected a folder of articles and gold files")
    golds = sorted(folder.glob("*" + GOLD_SUFFIX))
    if not golds:
        raise GoldError(
            f"{folder}: no *{GOLD_SUFFIX} files; expected NAME.txt or NAME.html articles "
            f"with a NAME{GOLD_SUFFIX} beside each (see evaluation/README.md)"
        )
    return [GoldDoc(_article_for(g), g, load_gold(g)) for g in golds]


def articles_without_gold(folder: Path) -> list[Path]:
    """Article files in ``folder`` that have no gold file (not evaluated)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in ARTICLE_SUFFIXES and not (folder / (p.stem + GOLD_SUFFIX)).exists()
    )


def _article_for(gold: Path) -> Path:
    stem = gold.name[: -len(GOLD_SUFFIX)]
    found = sorted(
        p
        for p in gold.parent.glob(stem + ".*")
        if p.suffix.lower() in ARTICLE_SUFFIXES and p.stem == stem
    )
    if len(found) != 1:
        what = "no article" if not found else f"{len(found)} articles"
        raise GoldError(
            f"{gold}: {what} beside it; expected exactly one of "
            f"{', '.join(stem + s for s in sorted(ARTICLE_SUFFIXES))}"
        )
    return found[0]


def load_gold(path: Path) -> dict[str, list[object]]:
    """Read and check one gold file; raises :class:`GoldError` naming file, line and problem."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError) as err:
        raise GoldError(f"{path}: cannot read the gold file ({err})") from err
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise GoldError(f"{path}{line}: not valid YAML: {err.problem or err}") from err
    except yaml.YAMLError as err:
        raise GoldError(f"{path}: not valid YAML: {err}") from err
    return _Reader(path).document(root)


class _Reader:
    """Turns the YAML node tree of one gold file into items, checking as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Node, where: str, problem: str) -> GoldError:
        return GoldError(f"{self.path}:{node.start_mark.line + 1}: {where}: {problem}")

    def document(self, root: Node | None) -> dict[str, list[object]]:
        items: dict[str, list[object]] = {t: [] for t in TYPES}
        if root is None or _is_null(root):
            return items  # an article that states nothing
        for key, value in self.mapping(root, "the file", TYPES, ()):
            items[key] = self.items(key, value)
        return items

    def mapping(
        self, node: Node, where: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> list[tuple[str, Node]]:
        expected = ", ".join(allowed)
        if not isinstance(node, MappingNode):
            raise self.fail(node, where, f"expected a mapping with keys {expected}")
        pairs: list[tuple[str, Node]] = []
        for k, v in node.value:
            key = self.text(k, where, "a key")
            if key not in allowed:
                raise self.fail(k, where, f"unknown key {key!r}; expected one of {expected}")
            if key in (p[0] for p in pairs):
                raise self.fail(k, where, f"key {key!r} given twice")
            if not _is_null(v):
                pairs.append((key, v))
        missing = [r for r in required if r not in (p[0] for p in pairs)]
        if missing:
            raise self.fail(node, where, f"missing {', '.join(missing)}")
        return pairs

    def text(self, node: Node, where: str, what: str) -> str:
        if not isinstance(node, ScalarNode) or _is_null(node):
            raise self.fail(node, where, f"expected {what} (a single value)")
        return str(node.value).strip()

    def items(self, kind: str, node: Node) -> list[object]:
        if not isinstance(node, SequenceNode):
            raise self.fail(node, kind, "expected a list (`- item` lines or `[a, b]`)")
        out: list[object] = []
        seen: dict[str, int] = {}
        for i, child in enumerate(node.value):
            where = f"{kind}[{i}]"
            item = self.item(kind, child, where)
            name = getattr(item, "name", item if isinstance(item, str) else None)
            if isinstance(name, str) and kind != "vendors":
                key = normalise(name)
                if key in seen:
                    raise self.fail(child, where, f"{name!r} listed twice (also line {seen[key]})")
                seen[key] = child.start_mark.line + 1
            out.append(item)
        return _merge_vendors(out) if kind == "vendors" else out

    def item(self, kind: str, node: Node, where: str) -> object:
        if kind in NAMED_TYPES:
            return self.text(node, where, "a name")
        required, optional = _FIELDS[kind]
        f = {k: v for k, v in self.mapping(node, where, required + optional, required)}
        if kind == "officials":
            return GoldOfficial(
                self.text(f["name"], where, "a name"),
                self.opt_text(f, "role", where),
                self.opt_text(f, "agency", where),
            )
        if kind == "events":
            return GoldEvent(
                self.choice(f["type"], where + ".type", EVENT_TYPES),
                self.date(f.get("date"), where + ".date"),
                self.date(f.get("end"), where + ".end"),
            )
        if kind == "vendors":
            return GoldVendor(self.text(f["name"], where, "a name"), self.postal(f, where))
        return GoldCount(
            self.text(f["owner"], where + ".owner", "an agency name"),
            self.choice(f["metric"], where + ".metric", METRICS),
            self.integer(f["value"], where + ".value"),
            self.opt_text(f, "platform", where),
            self.date(f.get("date"), where + ".date"),
        )

    def opt_text(self, fields: dict[str, Node], key: str, where: str) -> str | None:
        return self.text(fields[key], f"{where}.{key}", "a name") if key in fields else None

    def choice(self, node: Node, where: str, allowed: tuple[str, ...]) -> str:
        value = self.text(node, where, "a value")
        if value not in allowed:
            raise self.fail(node, where, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def integer(self, node: Node, where: str) -> int:
        value = self.text(node, where, "a number").replace("_", "")
        if not value.isdigit():
            raise self.fail(
                node, where, f"{value!r} is not a whole number; write e.g. 52000 or 1400000"
            )
        return int(value)

    def date(self, node: Node | None, where: str) -> str | None:
        if node is None:
            return None
        value = self.text(node, where, "a date")
        m = _DATE.match(value)
        try:
            if not m:
                raise ValueError
            datetime.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        except ValueError:
            raise self.fail(
                node, where, f"{value!r} is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"
            ) from None
        return value

    def postal(self, fields: dict[str, Node], where: str) -> tuple[str, ...]:
        node = fields.get("postal_code")
        if node is None:
            return ()
        nodes = node.value if isinstance(node, SequenceNode) else [node]
        codes = tuple(self.text(n, where + ".postal_code", "a postal code") for n in nodes)
        for n, code in zip(nodes, codes, strict=True):
            if not _POSTAL.match(code):
                raise self.fail(
                    n, where + ".postal_code", f"{code!r} is not a postal code (4 or 5 digits)"
                )
        return codes


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value in _NULLS


def _merge_vendors(items: list[object]) -> list[object]:
    """A vendor listed twice (once per postal code) is one vendor with both codes."""
    merged: dict[str, GoldVendor] = {}
    for v in items:
        assert isinstance(v, GoldVendor)
        key = normalise(v.name)
        old = merged.get(key)
        codes = (old.postal_codes if old else ()) + v.postal_codes
        merged[key] = GoldVendor(old.name if old else v.name, tuple(dict.fromkeys(codes)))
    return list(merged.values())
