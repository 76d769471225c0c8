"""Targets and the three renderings of an evaluation run: a table, Markdown, JSON.

The targets are data (``evaluation/targets.yaml``), not constants in code, so the issue's
thresholds can be read and changed where the gold set lives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from graph.errors import GoldError
from graph.evaluation import TYPES
from graph.evaluation_readback import Run
from graph.evaluation_scoring import ATTRIBUTES, Tally


def load_targets(path: Path) -> dict[str, float]:
    """``f1: {type: threshold}``; types without a target are reported but never 'below'."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as err:
        raise GoldError(f"{path}: cannot read the targets file ({err})") from err
    except yaml.YAMLError as err:
        raise GoldError(f"{path}: not valid YAML: {err}") from err
    f1 = data.get("f1") if isinstance(data, dict) else None
    if not isinstance(f1, dict) or set(data) - {"f1"}:
        raise GoldError(f"{path}: expected one key `f1:` mapping types to thresholds")
    targets: dict[str, float] = {}
    for kind, value in f1.items():
        if kind not in TYPES:
            raise GoldError(f"{path}: f1.{kind}: unknown type; expected one of {', '.join(TYPES)}")
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise GoldError(f"{path}: f1.{kind}: {value!r} is not a number between 0 and 1")
        targets[kind] = float(value)
    return targets


def verdicts(run: Run, targets: dict[str, float]) -> dict[str, bool | None]:
    """Per type: True meets, False below, None no target (or nothing to score)."""
    out: dict[str, bool | None] = {}
    for kind in TYPES:
        f1 = run.scores.tallies[kind].f1
        out[kind] = None if kind not in targets or f1 is None else f1 >= targets[kind] - 1e-9
    return out


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _rows(run: Run, targets: dict[str, float]) -> list[list[str]]:
    meets = verdicts(run, targets)
    rows = []
    for kind in TYPES:
        t: Tally = run.scores.tallies[kind]
        target = f"{targets[kind]:.2f}" if kind in targets else "-"
        verdict = {True: "meets", False: "below", None: ""}[meets[kind]]
        rows.append(
            [
                kind,
                str(t.tp + t.fn),
                str(t.tp + t.fp),
                str(t.tp),
                str(t.fp),
                str(t.fn),
                _fmt(t.precision),
                _fmt(t.recall),
                _fmt(t.f1),
                f"{target} {verdict}".strip(),
            ]
        )
    return rows


_HEAD = ["type", "gold", "found", "TP", "FP", "FN", "precision", "recall", "F1", "target"]


def throughput_line(run: Run) -> str:
    rate = run.throughput
    if rate is None:
        return "throughput: no article was extracted"
    return (
        f"throughput: {run.build.read} articles extracted+mapped in {run.seconds_extract:.2f} s "
        f"= {rate:.1f} articles/s ({1000 / rate:.0f} ms per article)"
    )


def attributes_line(run: Run) -> str:
    parts = []
    for name in ATTRIBUTES:
        ok, n = run.scores.attributes.get(name, [0, 0])
        parts.append(f"{name} {ok}/{n}" + (f" = {ok / n:.2f}" if n else ""))
    return "attribute accuracy (on matched items): " + ", ".join(parts)


def refusals(run: Run) -> list[str]:
    """Refused articles with their first violation: all their gold items count as misses."""
    out = []
    for slug in run.build.refused:
        results = run.build.validation[slug].results
        first = next((r for r in results if r.severity.endswith("Violation")), None)
        out.append(f"{slug}: {first.message()} ({first.focus})" if first else slug)
    return out


def _build_lines(run: Run) -> list[str]:
    lines = [f"articles: {run.articles} with gold; stored: {len(run.build.built)}"]
    lines += [f"refused by validation: {r}" for r in refusals(run)]
    lines += [f"skipped: {reason}" for _, reason in run.build.skipped]
    if run.not_evaluated:
        lines.append("not evaluated (no gold file): " + ", ".join(run.not_evaluated))
    return lines


def text(run: Run, targets: dict[str, float]) -> str:
    """The table, the throughput line under it, attribute accuracy, then per article."""
    rows = [_HEAD, *_rows(run, targets)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEAD))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    ]
    lines += [throughput_line(run), attributes_line(run), *_build_lines(run), ""]
    lines.append("per article: miss = in gold, not found; false hit = found, not in gold")
    for doc in run.scores.docs:
        if not (doc.notes or doc.misses or doc.false_hits or doc.wrong):
            continue
        lines.append(f"{doc.article}")
        lines += [f"  note       {n}" for n in doc.notes]
        lines += [
            f"  miss       {kind:<9} {item}" + (f"  ({note})" if note else "")
            for kind, item, note in doc.misses
        ]
        lines += [f"  false hit  {kind:<9} {item}" for kind, item in doc.false_hits]
        lines += [f"  wrong      {attr}: {item}: {what}" for attr, item, what in doc.wrong]
    return "\n".join(lines) + "\n"


def markdown(run: Run, targets: dict[str, float]) -> str:
    """The table for benchmarks/RESULTS.md, with the throughput and attribute lines."""
    rows = _rows(run, targets)
    lines = ["| " + " | ".join(_HEAD) + " |", "|" + "---|" + "---:|" * (len(_HEAD) - 2) + "---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    misses = sum(len(d.misses) for d in run.scores.docs)
    false_hits = sum(len(d.false_hits) for d in run.scores.docs)
    lines += [
        "",
        throughput_line(run),
        "",
        attributes_line(run),
        "",
        f"{run.articles} articles, {misses} misses, {false_hits} false hits "
        "(`amtsgraph eval` without `--format` lists them per article).",
    ]
    return "\n".join(lines) + "\n"


def as_json(run: Run, targets: dict[str, float]) -> str:
    meets = verdicts(run, targets)
    data: dict[str, Any] = {
        "articles": run.articles,
        "stored": len(run.build.built),
        "refused": refusals(run),
        "skipped": [reason for _, reason in run.build.skipped],
        "not_evaluated": run.not_evaluated,
        "throughput": {
            "articles": run.build.read,
            "seconds_extract_map": round(run.seconds_extract, 3),
            "articles_per_second": run.throughput,
        },
        "types": {
            kind: {
                "tp": t.tp,
                "fp": t.fp,
                "fn": t.fn,
                "precision": t.precision,
                "recall": t.recall,
                "f1": t.f1,
                "target": targets.get(kind),
                "meets": meets[kind],
            }
            for kind, t in run.scores.tallies.items()
        },
        "attributes": {
            name: dict(
                zip(("correct", "total"), run.scores.attributes.get(name, [0, 0]), strict=True)
            )
            for name in ATTRIBUTES
        },
        "documents": [
            {
                "article": d.article,
                "notes": d.notes,
                "misses": [{"type": k, "item": i, "note": n} for k, i, n in d.misses],
                "false_hits": [{"type": k, "item": i} for k, i in d.false_hits],
                "wrong_attributes": [
                    {"attribute": a, "item": i, "detail": w} for a, i, w in d.wrong
                ],
            }
            for d in run.scores.docs
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
