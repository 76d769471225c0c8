"""Interviews: a count question ("Wie viele Menschen folgen Ihnen auf Instagram?") gives
the metric, body and platform to an answer that is only a number ("Gut 70.000.").
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.extraction.context import BODY_KINDS, Article, Reader, SentenceContext
from graph.extraction.entities import Hit
from graph.extraction.metrics import MetricReader
from graph.records import Ref


@dataclass(frozen=True)
class Question:
    """An interview question that asks for a count: "wie viele Menschen folgen der
    Polizeidirektion auf Instagram?" (its answer may be only the number)."""

    index: int
    metric: str
    owner: Ref | None
    platform: str | None


class QuestionReader(Reader):
    """Remembers the last count question, for the answer after it."""

    def __init__(self, article: Article, metrics: MetricReader) -> None:
        super().__init__(article)
        self.metrics = metrics
        self.question: Question | None = None  # the question the next answer replies to
        self.asked: Question | None = None  # the last count question (for "Und auf TikTok?")

    def read(self, ctx: SentenceContext, holders: list[Hit]) -> None:
        """Remember the sentence's count question (or none), for the sentence after it."""
        self.question = self._question(ctx, holders) or self._follow_up(ctx, holders)
        if self.question is not None:
            self.asked = self.question

    def _question(self, ctx: SentenceContext, holders: list[Hit]) -> Question | None:
        """ "wie viele Menschen folgen der Polizeidirektion auf Instagram?": the metric, body
        and platform an answer of only a number refers to."""
        if not ctx.text.rstrip().endswith("?"):
            return None
        for tok in ctx.span:
            if tok.lower_ not in self.cues.question_words or tok.i + 1 >= ctx.span.end:
                continue
            found = self.metrics.metric(ctx, tok.i + 1)
            if found is None or found[0] in self.cues.not_counted:
                continue
            bodies = [h for h in holders if h.ref.kind in BODY_KINDS and h.end > h.start]
            platforms = ctx.platforms()
            return Question(
                ctx.index,
                found[0],
                bodies[-1].ref if bodies else None,
                platforms[-1].ref.key if platforms else found[2],
            )
        return None

    def _follow_up(self, ctx: SentenceContext, holders: list[Hit]) -> Question | None:
        """ "Und auf TikTok?" right after a count question was answered: the same question for
        another platform. Only a short question of follow-up words around one platform, naming
        no body, within two sentences of the last count question."""
        q = self.asked
        if q is None or ctx.index - q.index > 2 or not ctx.text.rstrip().endswith("?"):
            return None
        platforms = ctx.platforms()
        if len(platforms) != 1 or any(h.ref.kind in BODY_KINDS for h in holders):
            return None
        p = platforms[0]
        rest = [
            t for t in ctx.span if not t.is_punct and not (p.start <= t.i < p.end) and t.text != ":"
        ]
        # after a speaker label ("Redaktion: Und auf TikTok?") only the follow-up words count
        colon = next((t.i for t in ctx.span if t.text == ":"), None)
        if colon is not None:
            rest = [t for t in rest if t.i > colon]
        if not rest or any(t.lower_ not in self.cues.follow_up_words for t in rest):
            return None
        return Question(ctx.index, q.metric, q.owner, p.ref.key)

    def answer(self, ctx: SentenceContext, num_start: int, num_end: int) -> Question | None:
        """ "Kern: Gut 70.000.": an answer that is only a number (after the speaker's name)
        replies to the count question right before it."""
        q = self.question
        if q is None or q.index != ctx.index - 1:
            return None
        doc = self.doc
        first = ctx.span.start
        colon = next((t.i for t in doc[first:num_start] if t.text == ":"), None)
        if colon is not None:
            first = colon + 1
        rest = [*doc[first:num_start], *doc[num_end : ctx.span.end]]
        return q if all(t.is_punct for t in rest) else None
