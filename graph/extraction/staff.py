"""Team sizes: staff counts ("ein dreiköpfiges Team", "Wir sind zu viert") and team
expansions ("von vier auf acht Stellen"), which the plain count rule would misread.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from graph.dates import PartialDate
from graph.extraction.context import Article, Reader, SentenceContext
from graph.extraction.entities import Hit
from graph.extraction.events import EventReader
from graph.extraction.holders import HolderReader
from graph.extraction.metrics import MetricReader
from graph.extraction.nlp import lowers
from graph.lexicon import Lexicon
from graph.records import Observation


class StaffReader(Reader):
    """Staff counts and team expansions of a sentence."""

    def __init__(
        self, article: Article, holders: HolderReader, metrics: MetricReader, events: EventReader
    ) -> None:
        super().__init__(article)
        self.holders = holders
        self.metrics = metrics
        self.events = events

    def team_size(
        self, ctx: SentenceContext, holders: list[Hit], as_of: PartialDate | None
    ) -> None:
        """ "ein dreiköpfiges Team", "ein 5-köpfiges Team", "Wir sind zu viert": a staff count
        of the holder."""
        suffixes, groups = _team_words(self.lex)
        text = ctx.lower_text
        for phrase, size in groups.items():
            at = text.find(phrase)
            if at < 0:
                continue
            tok = self.doc.char_span(
                ctx.span.start_char + at, ctx.span.start_char + at + 1, alignment_mode="expand"
            )
            pos = tok.start if tok is not None else ctx.span.start
            self._staff(ctx, holders, pos, float(size), as_of)
        words = lowers(self.doc)
        for i in range(ctx.span.start, ctx.span.end):
            low = words[i]
            if not low.endswith(suffixes):  # one C call for most words
                continue
            suffix = next((s for s in suffixes if low.endswith(s) and len(low) > len(s)), None)
            if suffix is None:
                continue
            stem = low[: -len(suffix)].rstrip("-")
            value = self.numbers.words.get(stem)
            if value is None and stem.isdigit():
                value = float(stem)
            if value is not None:
                self._staff(ctx, holders, i, value, as_of)

    def _staff(
        self,
        ctx: SentenceContext,
        holders: list[Hit],
        pos: int,
        value: float,
        as_of: PartialDate | None,
    ) -> None:
        holder = self.holders.count_owner(ctx, holders, pos)
        if holder is None:
            return
        self.rec.observations.append(
            Observation(
                holder.ref, "StaffCount", value, ctx.index, "Exact", as_of or self.reference
            )
        )

    def staff_change(self, ctx: SentenceContext, holders: list[Hit]) -> set[int]:
        """ "von (jetzt) vier auf (dann) acht Stellen": a TeamExpansion and two staff counts.

        Returns the token indexes it used, so the plain count rule skips them."""
        doc = self.doc
        verbs = {v.lower() for v in self.lex.counts.get("staff_change_verbs", [])}
        if not (ctx.lowers & verbs) or "von" not in ctx.lowers or "auf" not in ctx.lowers:
            return set()
        nums = self.numbers.numbers(doc, ctx.span.start, ctx.span.end)
        for a, b in itertools.pairwise(nums):
            gap_a = {t.lower_ for t in doc[max(ctx.span.start, a.start - 2) : a.start]}
            gap_b = {t.lower_ for t in doc[a.end : b.start]}
            if "von" in gap_a and "auf" in gap_b:
                holder = self.holders.count_owner(ctx, holders, a.start)
                future = [d for d in ctx.dates if d.char_start > doc[a.start].idx or not d.since]
                when = future[-1].start if future else None
                planned = bool(ctx.lowers & self.cues.plan) or (
                    when is not None and self.reference is not None and when > self.reference
                )
                found = self.metrics.metric(ctx, b.end)
                if holder is None or found is None or found[0] != "StaffCount":
                    continue
                label = f"Social-Media-Team {self.rec.entities[holder.ref].label}"
                self.events.event(
                    "TeamExpansion",
                    label,
                    ctx.index,
                    start=when,
                    organizer=self.events.organizer(holder),
                    concerns=[holder.ref],
                    from_value=a.value,
                    to_value=b.value,
                    planned=planned,
                )
                self.rec.observations.append(
                    Observation(
                        holder.ref,
                        "StaffCount",
                        a.value,
                        ctx.index,
                        a.approximation,
                        self.reference,
                    )
                )
                self.rec.observations.append(
                    Observation(
                        holder.ref,
                        "StaffCount",
                        b.value,
                        ctx.index,
                        b.approximation,
                        when,
                        planned=planned,
                    )
                )
                return set(range(a.start, found[1] + 1))
        return set()


@lru_cache(maxsize=4)
def _team_words(lex: Lexicon) -> tuple[tuple[str, ...], dict[str, float]]:
    """Team-size suffixes (longest first) and group words of counts.yaml, once per lexicon."""
    suffixes = tuple(sorted(lex.counts.get("team_size_suffixes", []), key=len, reverse=True))
    return suffixes, {k.lower(): float(v) for k, v in lex.counts.get("group_sizes", {}).items()}
