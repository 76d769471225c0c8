"""Facts between entities, sentence by sentence: accounts, dated counts, posts, quotations,
events and team changes.

Each rule reads one sentence's tokens and the entity hits in it; the nearest holder (agency,
person or post) before a platform or a number is the one it belongs to. Cue words come from
`mappings/` (counts.yaml, events.yaml, roles.yaml).

This module only runs the readers in order, sentence by sentence; each kind of fact has its
own module: `accounts`, `counts` (with `metrics`, `questions` and `staff`), `events`, and
`holders` for whose a fact is. They share the article and a memory of the sentences before
through `context.Article`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from graph.dates import PartialDate
from graph.extraction.accounts import AccountReader
from graph.extraction.context import BODY_KINDS, Article, Reader, SentenceContext
from graph.extraction.counts import CountReader
from graph.extraction.entities import EntityResolver, Hit
from graph.extraction.events import EventReader
from graph.extraction.holders import HolderReader
from graph.extraction.metrics import MetricReader
from graph.extraction.questions import QuestionReader
from graph.extraction.staff import StaffReader
from graph.records import Quotation, Ref

__all__ = ["FactReader", "SentenceContext", "topic_platform"]

FIRST_PERSON = frozenset({"wir", "unser", "unsere", "unseren", "unserem", "unserer", "uns"})


def topic_platform(doc: Doc, hits: list[Hit]) -> str | None:
    """The platform an article is about: the one its headline or lead names (the first of
    the first three paragraphs that names a platform, when it names only one), else the only
    platform the article names at all."""
    platforms = [h for h in hits if h.ref.kind == "platform"]
    if not platforms:
        return None
    text = doc.text
    bounds: list[int] = []
    at = 0
    while len(bounds) < 3:
        nxt = text.find("\n\n", at)
        if nxt < 0:
            bounds.append(len(text))
            break
        if text[at:nxt].strip():
            bounds.append(nxt)
        at = nxt + 2
    lo = 0
    for hi in bounds:
        keys = {h.ref.key for h in platforms if lo <= doc[h.start].idx < hi}
        if keys:
            return keys.pop() if len(keys) == 1 else None
        lo = hi
    keys = {h.ref.key for h in platforms}
    return keys.pop() if len(keys) == 1 else None


class FactReader(Reader):
    """Reads the facts of an article's sentences, in order, with one reader per kind of fact."""

    def __init__(
        self,
        res: EntityResolver,
        doc: Doc,
        reference: PartialDate | None,
        focus: Ref | None,
        topic: str | None = None,
    ) -> None:
        super().__init__(Article.open(res, doc, reference, focus))
        self.memory.topic_platform = topic  # the platform the article is about
        self.holders = HolderReader(self.article)
        self.events = EventReader(self.article, self.holders)
        self.accounts = AccountReader(self.article, self.holders, self.events)
        metrics = MetricReader(self.article)
        self.questions = QuestionReader(self.article, metrics)
        staff = StaffReader(self.article, self.holders, metrics, self.events)
        self.counts = CountReader(
            self.article, self.holders, self.accounts, metrics, self.questions, staff
        )

    @property
    def last_holder(self) -> Hit | None:
        """The holder named last (the owner of an account the page only links to)."""
        return self.memory.last_holder

    def offers(self, cls: str, title: str, organizer: Ref) -> None:
        """The page offers an event (a seminar) of this class, titled as the page."""
        self.events.page_event = cls
        self.events.event(cls, title, 0, organizer=organizer)

    def sentence(self, ctx: SentenceContext) -> None:
        """The facts of one sentence, then what the sentences after it need to remember."""
        span = ctx.span
        holders = ctx.holders()
        # "die Direktion", "die Stadt": a body named before, by its head noun
        holders += self.discourse.anaphors(self.doc, span.start, span.end, ctx.hits)
        holders += self.holders.place_holders(ctx, holders)
        holders.sort(key=lambda h: h.start)
        self.memory.first_person = bool(ctx.lowers & FIRST_PERSON)
        # an undated web page is the focus agency's own page; a dated one (dpa, APA, a press
        # release) is a news item that says "wir" only in quotes
        own_page = self.rec.layout == "teaser" or (
            self.rec.layout == "webpage" and self.reference is None
        )
        if not holders and (self.memory.first_person or own_page) and self.focus is not None:
            holders = [Hit(self.focus, span.start, span.start)]
        self._quotes(ctx)
        by_platform = self.accounts.read(ctx, holders)
        self.counts.read(ctx, holders, by_platform)
        self.events.read(ctx, holders)
        self.questions.read(ctx, holders)
        planned = bool(ctx.lowers & self.cues.plan)
        self.memory.plan_continues = planned and span.text.rstrip().endswith(":")
        if holders:
            self.memory.last_holder = holders[-1]
        bodies = [h for h in holders if h.ref.kind in BODY_KINDS]
        if bodies:
            self.memory.last_body = bodies[-1]
        speakers = [self.holders.agency_of(h) for h in holders if h.ref.kind in ("person", "post")]
        speaker = next((a for a in reversed(speakers) if a is not None), None)
        self.discourse.update(self.doc, span.start, span.end, holders, speaker)
        self.memory.prev_lowers = ctx.lowers
        if ctx.platforms():
            self.memory.last_platform = ctx.platforms()[-1]
            self.memory.last_platform_sentence = ctx.index

    def _quotes(self, ctx: SentenceContext) -> None:
        if not (ctx.lowers & self.lex.speech_verbs):
            return
        for h in ctx.hits:
            if h.ref.kind == "person":
                self.rec.quotations.append(Quotation(h.ref, ctx.index, ctx.text))
                break

    def seminar_details(self, ctx: SentenceContext) -> None:
        """Time and fee of the event a seminar page offers."""
        self.events.seminar_details(ctx)
