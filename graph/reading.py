"""Stage 1: read article files into `Document`s, one per article (plus one per teaser).

Three layouts are recognised from the site furniture described in `mappings/layout.yaml`:
a regional news item, an agency's own web page and a seminar page. Plain text or HTML, UTF-8
or Windows-1252. Related-article teasers become documents of their own (a teaser is a dated
pointer to another article, with its own date, region and title), and the vendor block becomes
vendor entries, so that no later stage mistakes them for facts of the page.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from graph.dates import DateReader, PartialDate
from graph.errors import ReadError
from graph.lexicon import Lexicon
from graph.vocab import slugify

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ""}
_MAX_SLUG = 90


@dataclass(frozen=True)
class VendorEntry:
    name: str
    postal_code: str
    city: str
    line: int  # 1-based line in the source file


@dataclass
class Document:
    """One article as the later stages see it. ``text`` is what offsets refer to."""

    slug: str
    source: str
    layout: str  # news | webpage | seminar | teaser
    title: str
    text: str
    content_hash: str
    date: PartialDate | None = None
    region_tag: str | None = None
    author: str | None = None
    keywords: list[str] = field(default_factory=list)
    image_credit: str | None = None
    links: list[str] = field(default_factory=list)
    deep_links: list[str] = field(default_factory=list)
    teasers: list[Document] = field(default_factory=list)
    vendors: list[VendorEntry] = field(default_factory=list)
    organiser: str | None = None


# -- decoding ----------------------------------------------------------------------------
def decode(path: Path) -> str:
    """Bytes -> text, or a ReadError saying why the file is unusable."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReadError(f"{path}: cannot read ({err.strerror or err})") from err
    if not data.strip():
        raise ReadError(f"{path}: empty file")
    if b"\x00" in data[:4096]:
        raise ReadError(f"{path}: binary file (contains NUL bytes), not an article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise ReadError(f"{path}: neither UTF-8 nor Windows-1252 (byte {err.start})") from err
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:4096])
    if printable < 0.95 * min(len(text), 4096):
        raise ReadError(f"{path}: does not look like text (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _HtmlToText(HTMLParser):
    """Keeps the block structure of an HTML page as lines; drops scripts and styles."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "ul",
            "ol",
            "br",
            "tr",
            "section",
            "article",
            "header",
            "footer",
            "title",
            "nav",
            "main",
            "table",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._row: list[str] | None = None  # the cells of the table row being read
        self._cell: list[str] | None = None
        self._header_row = False
        self._header: list[str] = []  # the last row of <th> cells

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row, self._header_row = [], False
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._header_row = self._header_row or tag == "th"
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("  • ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split(" ")).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            row, self._row = self._row, None
            if self._header_row and all(not _NUMERIC.match(c) for c in row):
                self._header = row
            else:
                self.parts.append("\n" + _table_line(row, self._header) + "\n")
            return
        elif tag == "table":
            self._header = []
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = re.sub(r"[ \t\n]+", " ", data)
        if self._row is not None:
            if self._cell is not None:
                self._cell.append(text)
            return
        self.parts.append(text)


_NUMERIC = re.compile(r"^[\d.,'’\s\u00a0]*\d[\d.,'’\s\u00a0]*$")


def _table_line(row: list[str], header: list[str]) -> str:
    """A table row as a list line the extractor reads like "- Instagram: seit 2019, 31 700
    Follower": the first cell labels the row, a number takes its column's header after it
    (the header names what was counted), any other cell takes it before."""
    cells = list(row)
    if not cells:
        return ""
    rest = []
    for j, cell in enumerate(cells[1:], start=1):
        head = header[j] if j < len(header) else ""
        if not cell:
            continue
        if _NUMERIC.match(cell) and not re.fullmatch(r"(19|20)\d\d", cell):  # a year: "seit 2014"
            rest.append(f"{cell} {head}".strip())
        else:
            rest.append(f"{head} {cell}".strip())
    return f"{cells[0]}: {', '.join(rest)}" if rest else cells[0]


def html_to_text(markup: str) -> str:
    parser = _HtmlToText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(html.unescape(line))
    return "\n".join(out).strip() + "\n"


def _looks_like_html(path: Path, text: str) -> bool:
    head = text[:500].lstrip().lower()
    return path.suffix.lower() in (".html", ".htm") or head.startswith(("<!doctype", "<html"))


# -- layouts -----------------------------------------------------------------------------
def read(path: Path, lex: Lexicon) -> Document:
    """Read one file; raises ReadError with a one-line reason if it is not an article."""
    raw = decode(path)
    text = html_to_text(raw) if _looks_like_html(path, raw) else raw
    # a no-break space ("52&nbsp;400", "1.&nbsp;April") is a space to the tokenizer's rules
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    content_hash = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    lines = text.split("\n")
    layout = lex.layout
    if _is_news(lines, layout["news"]):
        doc = _read_news(path, lines, layout["news"], content_hash)
    elif _count_cues(text, layout["seminar"]) >= layout["seminar"][
        "min_cues"
    ] and not _press_dateline(lines, layout["webpage"]):
        doc = _read_seminar(path, lines, content_hash)
    else:
        doc = _read_webpage(path, lines, layout["webpage"], content_hash, lex)
    if not doc.text.strip():
        raise ReadError(f"{path}: no article text found")
    listed = {v.name for v in doc.vendors}
    doc.vendors += [v for v in _text_vendors(doc.text, lines, lex) if v.name not in listed]
    return doc


def _text_vendors(text: str, lines: list[str], lex: Lexicon) -> list[VendorEntry]:
    """Companies named with their address in the text: "die Muster Medien GmbH, Hauptstraße 3,
    12345 Musterstadt" (or the same on three lines, as a seminar page's organiser box)."""
    found: list[VendorEntry] = []
    for m in _vendor_pattern(tuple(lex.vendors.get("legal_forms", []))).finditer(text):
        name = re.sub(r"^(?:Die|Der|Das|Den|Dem)\s+", "", " ".join(m.group(1).split()))
        code, city = m.group(2), m.group(3)
        line = next((n + 1 for n, ln in enumerate(lines) if f"{code} {city}" in ln), 0)
        if name not in {v.name for v in found}:
            found.append(VendorEntry(name, code, city, line))
    return found


@cache
def _vendor_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    legal = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    name = rf"((?:[A-ZÄÖÜ][\w&'’.-]*\s+){{1,5}}(?:{legal}))"
    street = r"[A-ZÄÖÜ][\w.-]*(?:\s[\w.-]+){0,3}\s\d+\s?[a-z]?"
    city = r"[A-ZÄÖÜ][\w-]*(?:\s(?:am|an der|im|bei)\s[A-ZÄÖÜ][\w-]*)?"
    return re.compile(rf"{name},?\s+{street},?\s+(\d{{4,5}})\s+({city})")


def _is_news(lines: list[str], spec: dict[str, Any]) -> bool:
    content = [ln for ln in lines if ln.strip()][:4]
    return (
        bool(content)
        and bool(re.match(spec["region_line"], content[0].strip()))
        and any(re.match(spec["date_lead"], ln.strip()) for ln in content[1:])
    )


def _press_dateline(lines: list[str], spec: dict[str, Any]) -> bool:
    """A press release announcing a seminar uses seminar words too; its dateline ("Lüneburg,
    4. November 2025 –") opening one of the first paragraphs says it is a dated release."""
    pattern = re.compile(spec["press_dateline"])
    paras = _paragraphs(lines, spec["furniture"], items=True)[: spec["dateline_within"]]
    return any(pattern.match(p) for p in paras)


def _count_cues(text: str, spec: dict[str, Any]) -> int:
    return sum(cue in text for cue in spec["cues"])


def _slug(date: PartialDate | None, title: str) -> str:
    base = slugify(title)[:_MAX_SLUG].rstrip("-")
    return f"{date.iso()}-{base}" if date else base


def _page_slug(title: str, path: Path) -> str:
    """Undated pages share titles ("Social Media"): the file name keeps them apart."""
    return f"{slugify(title)[:60].rstrip('-')}-{slugify(path.stem)[:24]}"


def _date_of(match: re.Match[str]) -> PartialDate | None:
    day, month, year = (int(g) for g in match.groups()[:3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return PartialDate(year, month, day)


def _read_news(path: Path, lines: list[str], spec: dict[str, Any], content_hash: str) -> Document:
    numbered = [(i + 1, ln.strip()) for i, ln in enumerate(lines)]
    content = [(n, ln) for n, ln in numbered if ln]
    region = re.match(spec["region_line"], content[0][1])
    region_tag = region.group(1).strip() if region else None
    title = content[1][1]
    body: list[str] = []
    keywords: list[str] = []
    links: list[str] = []
    deep_links: list[str] = []
    image_credit = author = None
    date: PartialDate | None = None
    idx = 2
    for idx in range(2, len(content)):
        _, ln = content[idx]
        if any(ln.startswith(end) for end in spec["body_ends_at"]):
            break
        lead = re.match(spec["date_lead"], ln)
        if lead and date is None:
            date = _date_of(lead)
            ln = ln[lead.end() :]
        if ln.endswith(spec["deep_link_suffix"]):
            deep_links.append(ln[: -len(spec["deep_link_suffix"])].strip())
        elif re.fullmatch(r"https?://\S+", ln):
            links.append(ln)
        else:
            body.append(ln)
    rest = content[idx:]
    for _, ln in rest:
        if ln.startswith(spec["keywords_prefix"]):
            listed = ln[len(spec["keywords_prefix"]) :].split(",")
            keywords = [k.strip() for k in listed if k.strip()]
        elif ln.startswith(spec["image_credit_prefix"]):
            image_credit = ln[len(spec["image_credit_prefix"]) :].strip()
    if body:
        initials = re.search(spec["author_initials"], body[-1])
        if initials:
            author = initials.group(1)
            body[-1] = body[-1][: initials.start()].rstrip()
    # Deep-link lines ("Polizei Sachsen auf Twitter") are statements of the page too.
    text = "\n\n".join([title, *(b for b in body if b), *deep_links])
    doc = Document(
        _slug(date, title),
        str(path),
        "news",
        title,
        text,
        content_hash,
        date,
        region_tag,
        author,
        keywords,
        image_credit,
        links,
        deep_links,
    )
    doc.teasers = _read_teasers(path, rest, spec, content_hash)
    doc.vendors = _read_vendors(rest, spec)
    return doc


def _block(rest: list[tuple[int, str]], start: str, ends: list[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    inside = False
    for n, ln in rest:
        if not inside:
            inside = ln.startswith(start)
            continue
        if any(ln.startswith(end) for end in ends):
            break
        out.append((n, ln))
    return out


def _read_teasers(
    path: Path, rest: list[tuple[int, str]], spec: dict[str, Any], content_hash: str
) -> list[Document]:
    block = _block(rest, spec["teasers_start"], spec["teasers_end"])
    teasers: list[Document] = []
    for i, (_, ln) in enumerate(block):
        nxt = block[i + 1][1] if i + 1 < len(block) else ""
        lead = re.match(spec["date_lead"], nxt)
        if lead:
            region, _, title = ln.partition(": ")
            if not title:
                region, title = "", ln
            summary = nxt[lead.end() :].replace(spec["teaser_more"], "").strip()
            date = _date_of(lead)
            teasers.append(
                Document(
                    _slug(date, title),
                    str(path),
                    "teaser",
                    title,
                    title + "\n\n" + summary,
                    content_hash,
                    date,
                    region.strip() or None,
                )
            )
        elif teasers and not re.match(spec["date_lead"], ln):
            teasers[-1].text += "\n\n" + ln  # a caption belongs to the teaser above it
    return teasers


def _read_vendors(rest: list[tuple[int, str]], spec: dict[str, Any]) -> list[VendorEntry]:
    block = _block(rest, spec["vendors_start"], spec["vendors_end"])
    vendors: list[VendorEntry] = []
    for i, (_, ln) in enumerate(block):
        address = re.match(r"^(\d{4,5})\s+(.+)$", ln)
        if address and i > 0:
            vendors.append(
                VendorEntry(
                    block[i - 1][1], address.group(1), address.group(2).strip(), block[i - 1][0]
                )
            )
    return vendors


_LIST_ITEM = re.compile(r"^(?:[-–•*]\s|[^.!?:]{1,40}:\s+\S.{0,40}$)")


def _paragraphs(lines: list[str], furniture: list[str], *, items: bool = False) -> list[str]:
    """Lines joined into paragraphs at blank lines; with ``items``, a list line ("- X: 61.400
    Follower", "Facebook: 152.300 Fans") is a paragraph of its own, not part of the next."""
    paras: list[str] = []
    current: list[str] = []
    for ln in lines:
        item = items and bool(_LIST_ITEM.match(ln.strip()))
        ln = ln.strip().lstrip("•").strip()
        if not ln or ln in furniture or item:
            if current:
                paras.append(" ".join(current))
                current = []
            if item:
                paras.append(ln)
            continue
        current.append(ln)
    if current:
        paras.append(" ".join(current))
    return paras


def _read_webpage(
    path: Path, lines: list[str], spec: dict[str, Any], content_hash: str, lex: Lexicon
) -> Document:
    paras = _paragraphs(lines, spec["furniture"], items=True)
    title = paras[0] if paras else path.stem
    date = _dateline(paras, spec, lex)
    return Document(
        _page_slug(title, path),
        str(path),
        "webpage",
        title,
        "\n\n".join(paras),
        content_hash,
        date,
    )


def _dateline(paras: list[str], spec: dict[str, Any], lex: Lexicon) -> PartialDate | None:
    """The date of a short line near the top (a dateline), or None for an undated page."""
    reader = DateReader(lex)
    lead = re.compile(spec["dateline_lead"]) if spec.get("dateline_lead") else None
    limit = spec.get("dateline_max_chars", 0)
    for para in paras[: spec.get("dateline_within", 0)]:
        if limit < len(para) <= 2 * limit and not para.rstrip().endswith("."):
            # a press release's header lines read as one paragraph: "Pressemitteilung Nr.
            # 118/2025 Landratsamt Rosenheim – Pressestelle Rosenheim, 21. Oktober 2025"
            last = [d.start for d in reader.find(para) if d.char_end >= len(para.rstrip())]
            if last and last[0].day is not None:
                return last[0]
        if len(para) > spec.get("dateline_max_chars", 0):
            # "[12.3.2025] Im Wettbewerb ...", "Aarau, 17.02.2025 (sda) - Die ...": a dateline
            # run into the first paragraph dates the page; a date inside a sentence does not
            match = lead.match(para) if lead else None
            if match is None:
                continue
            para = match.group(0)
        full = [d.start for d in reader.find(para) if d.start.day is not None and d.end is None]
        if full:
            return full[0]
    return None


def _read_seminar(path: Path, lines: list[str], content_hash: str) -> Document:
    content = [ln.strip() for ln in lines if ln.strip()]
    organiser = content[0] if len(content[0]) < 60 and len(content) > 1 else None
    paras = _paragraphs(lines[lines.index(next(ln for ln in lines if ln.strip())) + 1 :], [])
    if organiser is None:
        paras = _paragraphs(lines, [])
    title = paras[0] if paras else path.stem
    return Document(
        _page_slug(title, path),
        str(path),
        "seminar",
        title,
        "\n\n".join(paras),
        content_hash,
        organiser=organiser,
    )
