"""Facts between entities, sentence by sentence: accounts, dated counts, posts, quotations,
events and team changes.

Each rule reads one sentence's tokens and the entity hits in it; the nearest holder (agency,
person or post) before a platform or a number is the one it belongs to. Cue words come from
`mappings/` (counts.yaml, events.yaml, roles.yaml).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from graph.dates import DateSpan, PartialDate
from graph.extraction.entities import HOLDER_KINDS, EntityResolver, Hit
from graph.extraction.nlp import last_part, lemma
from graph.extraction.numbers import NumberReader
from graph.extraction.owners import (
    Discourse,
    Grammar,
    clause_of,
    embedded_clauses,
    inside,
    is_source,
)
from graph.records import Account, Event, Observation, Quotation, Ref
from graph.vocab import slugify

SOCIAL_METRICS = frozenset({"Followers", "Fans", "Subscribers"})
FIRST_PERSON = frozenset({"wir", "unser", "unsere", "unseren", "unserem", "unserer", "uns"})
BODY_KINDS = frozenset({"agency", "organization"})


@dataclass
class SentenceContext:
    """What a sentence knows: its tokens, hits, dates and cue words."""

    index: int
    span: TokenSpan
    hits: list[Hit]
    dates: list[DateSpan]
    lowers: set[str] = field(default_factory=set)

    def holders(self) -> list[Hit]:
        return [h for h in self.hits if h.ref.kind in HOLDER_KINDS]

    def platforms(self) -> list[Hit]:
        """Platforms used in the sentence (not those only talked about: "Twitter-Debatte")."""
        return [h for h in self.hits if h.ref.kind == "platform" and not h.topic]

    def has_any(self, words: list[str] | frozenset[str]) -> bool:
        text = self.span.text.lower()
        return any(w.lower() in self.lowers or (" " in w and w.lower() in text) for w in words)


@dataclass(frozen=True)
class Question:
    """An interview question that asks for a count: "wie viele Menschen folgen der
    Polizeidirektion auf Instagram?" (its answer may be only the number)."""

    index: int
    metric: str
    owner: Ref | None
    platform: str | None


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


def nearest(hits: list[Hit], pos: int, *, before_only: bool = False) -> Hit | None:
    before = [h for h in hits if h.end <= pos]
    if before:
        return max(before, key=lambda h: h.end)
    if before_only:
        return None
    after = [h for h in hits if h.start >= pos]
    return min(after, key=lambda h: h.start) if after else None


class FactReader:
    def __init__(
        self, res: EntityResolver, doc: Doc, reference: PartialDate | None, focus: Ref | None
    ) -> None:
        self.res = res
        self.lex = res.lex
        self.rec = res.rec
        self.doc = doc
        self.reference = reference  # the article's date
        self.focus = focus  # the page's own agency ("wir")
        self.numbers = NumberReader(self.lex)
        self.grammar = Grammar.of(self.lex)
        self.discourse = Discourse(self.lex, self.grammar)
        self.prev_lowers: set[str] = set()  # the previous sentence's words (team cues)
        ev = self.lex.events
        self.launch = frozenset(w.lower() for w in ev["launch_verbs"])
        self.shutdown = frozenset(w.lower() for w in ev["shutdown_verbs"])
        self.plan = frozenset(w.lower() for w in ev["plan_cues"])
        counts = self.lex.counts
        self.team_nouns = frozenset(w.lower() for w in counts.get("team_nouns", []))
        self.team_cues = frozenset(w.lower() for w in counts.get("team_cues", []))
        self.gain_words = frozenset(w.lower() for w in counts.get("gain_words", []))
        self.differences = frozenset(w.lower() for w in counts.get("difference_words", []))
        self.comparatives = frozenset(w.lower() for w in counts.get("comparatives", []))
        self.not_counted = frozenset(counts.get("not_counted", []))
        self.count_heads = frozenset(w.lower() for w in counts.get("count_heads", []))
        self.future = frozenset(w.lower() for w in counts.get("future_words", []))
        self.reach_verbs_objects = frozenset(
            w.lower() for w in counts.get("ellipsis_after", ["auf", "mit"])
        )
        self.each = frozenset(w.lower() for w in counts.get("each_words", []))
        self.then_words = frozenset(w.lower() for w in counts.get("then_words", []))
        self.participation = frozenset(w.lower() for w in counts.get("participation_verbs", []))
        self.count_plans = self.plan | {w.lower() for w in counts.get("plan_words", [])}
        self.all_channels = [w.lower() for w in counts.get("all_channels", [])]
        self.question_words = frozenset(w.lower() for w in counts.get("question_words", []))
        self.others_after = frozenset(w.lower() for w in counts.get("others_accounts_after", []))
        self.topic_platform: str | None = None  # the platform the article is about
        self.question: Question | None = None  # the question the next answer replies to
        self.asked: Question | None = None  # the last count question (for "Und auf TikTok?")
        self.follow_up_words = frozenset(w.lower() for w in counts.get("follow_up_words", []))
        self.place_adverbs = frozenset(w.lower() for w in counts.get("place_adverbs", []))
        self.first_person = False
        self.sentence_metric: str | None = None  # the last count noun read in the sentence
        self.antecedent: Observation | None = None  # the count an ellipsis refers to
        self.carried = False  # the last count's owner came from the text before its sentence
        self.last_holder: Hit | None = None
        self.last_body: Hit | None = None  # the last agency or organisation named
        self.last_count_end = 0  # token after the last count read
        self.heading_as_of: PartialDate | None = None
        self.last_platform: Hit | None = None
        self.last_platform_sentence = -99
        self.last_account: dict[str, str] = {}  # platform -> account key
        self.last_account_at: dict[str, int] = {}  # platform -> sentence it was named in
        self.events_by_label: dict[str, Event] = {}
        self.plan_continues = False  # "Geplant sind:" announces the next sentence
        self.page_event = "Seminar"  # the class of the event a seminar page offers

    # -- accounts ------------------------------------------------------------------------
    def account(
        self,
        holder: Ref | None,
        platform: str,
        sentence: int,
        *,
        name: str | None = None,
        start: PartialDate | None = None,
        planned: bool = False,
        url: str | None = None,
    ) -> Account:
        owner = slugify(name) if name else (slugify(holder.key) if holder else "unknown")
        key = f"{platform}/{owner}"
        self.last_account[platform] = key
        self.last_account_at[platform] = sentence
        for acc in self.rec.accounts:
            if acc.key == key:
                if start and (acc.start is None or _refines(start, acc.start)):
                    acc.start = start
                acc.url = acc.url or url
                acc.holder = acc.holder or holder
                return acc
        if name and name.startswith("@"):  # a handle names the holder's account already seen
            for acc in self.rec.accounts:
                if acc.platform == platform and acc.holder == holder and acc.name is None:
                    acc.name = name
                    return acc
        acc = Account(key, holder, platform, sentence, name, url, start, planned)
        self.rec.accounts.append(acc)
        return acc

    def sentence(self, ctx: SentenceContext) -> None:
        span = ctx.span
        holders = ctx.holders()
        # "die Direktion", "die Stadt": a body named before, by its head noun
        holders += self.discourse.anaphors(self.doc, span.start, span.end, ctx.hits)
        holders += self._place_holders(ctx, holders)
        holders.sort(key=lambda h: h.start)
        self.first_person = bool(ctx.lowers & FIRST_PERSON)
        # an undated web page is the focus agency's own page; a dated one (dpa, APA, a press
        # release) is a news item that says "wir" only in quotes
        own_page = self.rec.layout == "teaser" or (
            self.rec.layout == "webpage" and self.reference is None
        )
        if not holders and (self.first_person or own_page) and self.focus is not None:
            holders = [Hit(self.focus, span.start, span.start)]
        self._quotes(ctx)
        by_platform = self._accounts(ctx, holders)
        self._counts(ctx, holders, by_platform)
        self._events(ctx, holders)
        self.question = self._question(ctx, holders) or self._follow_up(ctx, holders)
        if self.question is not None:
            self.asked = self.question
        self.plan_continues = bool(ctx.lowers & self.plan) and span.text.rstrip().endswith(":")
        if holders:
            self.last_holder = holders[-1]
        bodies = [h for h in holders if h.ref.kind in BODY_KINDS]
        if bodies:
            self.last_body = bodies[-1]
        speakers = [self._agency_of(h) for h in holders if h.ref.kind in ("person", "post")]
        speaker = next((a for a in reversed(speakers) if a is not None), None)
        self.discourse.update(self.doc, span.start, span.end, holders, speaker)
        self.prev_lowers = ctx.lowers
        if ctx.platforms():
            self.last_platform = ctx.platforms()[-1]
            self.last_platform_sentence = ctx.index

    def _place_holders(self, ctx: SentenceContext, holders: list[Hit]) -> list[Hit]:
        """A city standing for its agency in a comparison: "vor den Präsidien in Düsseldorf
        (38.000)", "Vor einem Jahr hatte Köln noch 39.000 Follower", "Hier führt Düsseldorf mit
        60.000". The agency of that place named before, else one of the same kind as the body
        the text is about (the place compared with "Polizei Köln" is "Polizeipräsidium
        Düsseldorf"). Only a place with a number after it in its clause, not after a
        preposition or article unless the number follows in parentheses."""
        doc, g = self.doc, self.grammar
        start, end = ctx.span.start, ctx.span.end
        covered = {i for h in holders for i in range(h.start, h.end)}
        in_dates = {i for d in ctx.dates for i in range(d.char_start, d.char_end)}
        out: list[Hit] = []
        for h in ctx.hits:
            region = self.lex.regions.get(h.ref.key) if h.ref.kind == "region" else None
            if region is None or region.level not in ("city", "district") or h.start in covered:
                continue
            paren = (
                h.end + 1 < end
                and doc[h.end].text == "("
                and self.numbers.value_at(doc, h.end + 1) is not None
            )
            prev = doc[h.start - 1].lower_ if h.start > start else ""
            after_word = prev in g.prepositions or prev in g.contracted or prev in g.determiners
            if not paren:
                _, close = clause_of(doc, start, end, h.start)
                nums = [
                    n
                    for n in self.numbers.numbers(doc, h.end, close)
                    if doc[n.end - 1].idx not in in_dates
                ]
                if after_word or not nums:
                    continue
            here = [x.ref for x in holders if x.ref.kind == "agency" and x.end <= h.start]
            ref = self._place_agency(h.ref.key, here)
            if ref is not None:
                out.append(Hit(ref, h.start, h.end))
        return out

    def _place_agency(self, place: str, here: list[Ref]) -> Ref | None:
        named = [*self.discourse.seen, *here]
        for ref in reversed(named):
            ent = self.rec.entities.get(ref)
            if ent is not None and ent.located_in == place:
                return ref
        for ref in reversed(named):  # a body of the same kind in another place
            ent = self.rec.entities.get(ref)
            loc = ent.located_in if ent is not None else None
            if loc is None or loc not in self.lex.regions:
                continue
            if self.lex.regions[loc].level not in ("city", "district"):
                continue
            head = ref.key.removesuffix(f"-{loc}")
            if head != ref.key and head in self.lex.heads:
                return self.res.head_agency(head, place)
        return None

    def _quotes(self, ctx: SentenceContext) -> None:
        if not (ctx.lowers & self.lex.speech_verbs):
            return
        for h in ctx.hits:
            if h.ref.kind == "person":
                self.rec.quotations.append(Quotation(h.ref, ctx.index, ctx.span.text))
                break

    def _accounts(self, ctx: SentenceContext, holders: list[Hit]) -> dict[int, Account]:
        """Accounts named in the sentence, by the token index of their platform mention."""
        platforms = ctx.platforms()
        found: dict[int, Account] = {}
        if not platforms:
            return found
        planned = bool(ctx.lowers & self.plan) or self.plan_continues
        verbs = [t.i for t in ctx.span if t.lower_ in self.launch or t.lower_ in self.shutdown]
        if "an den Start" in ctx.span.text:
            verbs.append(ctx.span.end - 1)
        # a launch verb belongs to the platform mentioned closest to it
        launched = {_closest(platforms, v).start for v in verbs}
        if (
            len(platforms) > 1
            and verbs
            and all(p.start < min(verbs) for p in platforms)
            and ctx.lowers & {"und", ","}
        ):
            launched = {p.start for p in platforms}  # "gingen wir auf X, Y und Z an den Start"
        for p in platforms:
            holder = nearest(holders, p.start)
            if holder is None:
                continue
            is_launch = p.start in launched
            starts = [d for d in ctx.dates if d.since or is_launch]
            if planned and not starts and not is_launch:
                exists = any(
                    a.platform == p.ref.key and a.holder == holder.ref for a in self.rec.accounts
                )
                if holder.ref.kind == "agency" and not exists:
                    self.rec.planned_platforms.append((holder.ref, p.ref.key))
                continue
            shut = bool(ctx.lowers & self.shutdown)
            date = _closest_date(starts, p, self.doc) if not shut else None
            start = date.start if date else (self.reference if is_launch and not shut else None)
            # "Das Landratsamt Görlitz und der Bundesrat sind auf X": one account each
            for who in [*self._co_holders(holders, holder), holder]:
                name = self._account_name(ctx, p) if who is holder else None
                acc = self.account(who.ref, p.ref.key, ctx.index, name=name, start=start)
                found[p.start] = acc
                if is_launch:
                    cls = "AccountShutdown" if shut else "AccountLaunch"
                    holder_label = self.rec.entities[who.ref].label
                    platform_label = self.lex.platforms[p.ref.key].label
                    self._event(
                        cls,
                        f"{holder_label} auf {platform_label}",
                        ctx.index,
                        start=self.reference if shut else acc.start,
                        organizer=self._organizer(who),
                        concerns=[Ref("account", acc.key)],
                        platform=p.ref.key,
                        planned=planned,
                    )
        return found

    def _organizer(self, who: Hit) -> Ref | None:
        """An event's organiser is a body or a person: a post ("Ein Sprecher") stands for
        its agency (none when the text gives none)."""
        if who.ref.kind == "post":
            return self._agency_of(who)
        return who.ref

    def _co_holders(self, holders: list[Hit], holder: Hit) -> list[Hit]:
        """Agencies coordinated with the holder before it: "A, B und (der) C"."""
        joins = {",", "und", "sowie"}
        articles = {"der", "die", "das", "dem", "den"}
        out: list[Hit] = []
        current = holder
        agencies = [h for h in holders if h.ref.kind in ("agency", "organization")]
        while current.ref.kind in ("agency", "organization"):
            before = [h for h in agencies if h.end <= current.start and h.ref != current.ref]
            if not before:
                break
            prev = max(before, key=lambda h: h.end)
            gap = [t.lower_ for t in self.doc[prev.end : current.start]]
            if not gap or gap[0] not in joins or any(w not in articles for w in gap[1:]):
                break
            out.insert(0, prev)
            current = prev
        return out

    def _account_name(self, ctx: SentenceContext, p: Hit) -> str | None:
        """„Name“ right after a platform compound ("Facebook-Seite"), or a handle (@name)."""
        doc = self.doc
        i = p.end
        handles = [t.text for t in ctx.span if t.text.startswith("@") and len(t.text) > 2]
        if handles and len(ctx.platforms()) == 1:
            return handles[0]
        if "-" in doc[p.start].text and i < len(doc) and doc[i].text in ("„", '"', "»"):
            j = i + 1
            while j < len(doc) and doc[j].text not in ("“", '"', "«", "”") and j - i < 12:
                j += 1
            return doc[i + 1 : j].text or None
        return None

    # -- counts --------------------------------------------------------------------------
    def _metric(self, ctx: SentenceContext, pos: int) -> tuple[str, int, str | None] | None:
        """Metric of the noun after a number: (metric, noun index, platform of compound)."""
        doc, counts = self.doc, self.lex.counts
        for k in range(pos, min(pos + 3, ctx.span.end)):
            tok = doc[k]
            platform = None
            text = tok.text
            if text.endswith("-") and len(text) > 1:  # "51 Facebook-, 50 Twitter- und 40 ..."
                stem = text[:-1].lower()  # a compound stem "X-" is the platform
                platform = self.lex.platform_names.get(stem) or self.lex.platform_ambiguous.get(
                    stem
                )
                for t in doc[k + 1 : ctx.span.end]:
                    if "-" in t.text.strip("-"):
                        text = t.text
                        break
            if "-" in text.strip("-"):
                first = text.split("-", 1)[0].lower()
                platform = (
                    platform
                    or self.lex.platform_names.get(first)
                    or self.lex.platform_ambiguous.get(first)
                )
            noun = last_part(tok) if text == tok.text else text.rsplit("-", 1)[-1]
            low = noun.lower().replace("*innen", "innen").replace(":innen", "innen")
            metric = (
                self.lex.metric_nouns.get(text.lower())
                or self.lex.metric_nouns.get(low)
                or self.lex.metric_nouns.get(lemma(noun))
            )
            overridable = (w.lower() for w in counts.get("verb_overridden_nouns", []))
            if (metric is None and low in (w.lower() for w in counts["people_nouns"])) or (
                metric is not None and low in overridable
            ):
                metric = self._verb_metric(ctx, k) or metric
            if metric is None and low in self.team_nouns and self._team_talk(ctx):
                metric = "StaffCount"  # "sechs Beamtinnen und Beamte betreuen die Kanäle"
            people = low in (w.lower() for w in counts["people_nouns"])
            if (metric == "StaffCount" or people) and self._takes_part(ctx, pos):
                metric = "Participants"  # "haben 164 Beschäftigte teilgenommen"
            if metric:
                return metric, k, platform
            if tok.is_punct or tok.lower_ in ("und", "bei", "auf"):
                return None
        return None

    def _takes_part(self, ctx: SentenceContext, pos: int) -> bool:
        """The number's clause has a verb of taking part ("teilgenommen", "nahmen ... teil")."""
        open_, close = clause_of(self.doc, ctx.span.start, ctx.span.end, pos)
        return any(t.lower_ in self.participation for t in self.doc[open_:close])

    def _head_metric(self, ctx: SentenceContext, num_start: int, num_end: int) -> str | None:
        """A number after "Die Zahl der Abonnenten ... ist auf 14.300 gestiegen" or "Die
        Follower-Zahl ... liegt bei 31.000": the metric of the noun the count head names,
        when the number ends its clause."""
        doc = self.doc
        open_, close = clause_of(doc, ctx.span.start, ctx.span.end, num_start)
        tail = doc[num_end:close]
        if any(t.text[:1].isupper() and t.is_alpha for t in tail):
            return None
        if any(t.lower_ in self.future for t in doc[open_:close]):
            return None  # "wird die Zahl der Follower auf 20.000 steigen": a forecast
        nouns = self.lex.metric_nouns
        for t in doc[open_:num_start]:
            low = t.lower_
            compound = next((h for h in self.count_heads if low.endswith(h) and low != h), None)
            if compound is not None:  # "Follower-Zahl", "Abonnentenzahl"
                stem = low[: -len(compound)].rstrip("-")
                for cand in (stem, stem[:-1], stem[:-2]):
                    if cand and nouns.get(cand) in SOCIAL_METRICS:
                        return nouns[cand]
            if low in self.count_heads:  # "Zahl der Abonnentinnen und Abonnenten"
                for u in doc[t.i + 1 : min(t.i + 4, num_start)]:
                    norm = u.lower_.replace("*innen", "innen").replace(":innen", "innen")
                    metric = nouns.get(norm) or nouns.get(lemma(u.text))
                    if metric in SOCIAL_METRICS:  # not "die Zahl der Accounts ... auf zwölf"
                        return metric
        return None

    def _team_talk(self, ctx: SentenceContext) -> bool:
        """The sentence or the one before talks about a team and its work."""
        return bool((ctx.lowers | self.prev_lowers) & self.team_cues)

    def _verb_metric(self, ctx: SentenceContext, pos: int) -> str | None:
        """The metric of the verb nearest to the noun ("folgen", "abonniert")."""
        best: tuple[int, str] | None = None
        for name, verbs in self.lex.counts["verb_metrics"].items():
            words = {v.lower() for v in verbs if " " not in v}
            for tok in ctx.span:
                if tok.lower_ in words and (best is None or abs(tok.i - pos) < best[0]):
                    best = (abs(tok.i - pos), name)
        return best[1] if best else None

    def _ellipsis(
        self, ctx: SentenceContext, num_start: int, num_end: int
    ) -> tuple[str, int, str | None] | None:
        """A number without its noun takes the metric of the count before it: "folgten 104.000
        Accounts, heute sind es 97.000", "auf Instagram 9.100 Follower, auf Mastodon 1.250";
        across a sentence when its clause names a platform or a past date: "Unserer Seite
        folgen 74.000 Menschen. Auf Instagram sind es 31.000", "Im Vorjahr waren es 5."."""
        doc = self.doc
        ends = {w.lower() for w in self.lex.counts.get("ellipsis_ends", [])}
        _, close = clause_of(doc, ctx.span.start, ctx.span.end, num_end - 1)
        tail = doc[num_end:close]
        nounless = not any(t.text[:1].isupper() and t.is_alpha for t in tail)  # nouns: capitals
        at_end = (
            num_end >= ctx.span.end
            or doc[num_end].lower_ in ends
            or doc[num_end - 1].text.endswith(".")  # a number ending the sentence
            or nounless
        )
        if not at_end:
            return None
        self.antecedent = None
        earlier = [o for o in self.rec.observations if o.sentence == ctx.index]
        if (earlier or self.sentence_metric) and num_start >= self.last_count_end:
            if earlier:
                self.antecedent = earlier[-1]
            # "2023 waren es auf Instagram noch 81.000, auf TikTok 40.000": the metric that
            # platform's count had; else the last count noun ("1.200 Fans mehr ..., insgesamt
            # rund 11 500", a skipped gain included)
            metric = self._platform_metric(ctx, num_start) or self.sentence_metric
            return metric or earlier[-1].metric, num_end - 1, None
        if earlier:
            return None
        open_, _ = clause_of(doc, ctx.span.start, ctx.span.end, num_start)
        while open_ - 1 > ctx.span.start and doc[open_ - 1].text == ")":
            # "Das Bundesamt (BSI) kommt auf 27.500": the clause goes on before a parenthesis
            inner = open_ - 2
            while inner > ctx.span.start and doc[inner].text != "(":
                inner -= 1
            if doc[inner].text != "(":
                break
            open_, _ = clause_of(doc, ctx.span.start, ctx.span.end, inner)
        lead = num_start - 1  # "mit jeweils gut 95.000": the word before "jeweils"
        while lead > open_ and doc[lead].lower_ in self.each:
            lead -= 1
        contrast = (
            any(p.start < num_start for p in ctx.platforms())
            or self._clause_date(ctx, num_start) is not None
            # "Das BSI kommt auf 27.500": another body's figure after the count before
            or (
                any(open_ <= h.start < num_start for h in ctx.holders())
                and doc[lead].lower_ in self.reach_verbs_objects
            )
        )
        previous = [o for o in self.rec.observations if o.sentence == ctx.index - 1]
        if contrast and previous:
            metric = self._platform_metric(ctx, num_start) or previous[-1].metric
            return metric, num_end - 1, None
        paren = num_start > ctx.span.start and doc[num_start - 1].text == "("
        recent = [o for o in self.rec.observations if ctx.index - o.sentence <= 3]
        if paren and doc[num_end - 1].i + 1 < len(doc) and doc[num_end].text == ")" and recent:
            # "vor Düsseldorf (38.000)": a figure in parentheses after a name, of the metric
            # counted just before (on that platform when the clause names one)
            metric = self._platform_metric(ctx, num_start) or recent[-1].metric
            return metric, num_end - 1, None
        return None

    def _platform_metric(self, ctx: SentenceContext, pos: int) -> str | None:
        """The metric of the last count on the platform named in the number's clause."""
        open_, _ = clause_of(self.doc, ctx.span.start, ctx.span.end, pos)
        named = [p.ref.key for p in ctx.platforms() if open_ <= p.start < pos]
        if not named:
            return None
        for obs in reversed(self.rec.observations):
            platform = obs.platform or (
                obs.subject.key.split("/", 1)[0] if obs.subject.kind == "account" else None
            )
            if platform == named[-1]:
                return obs.metric
        return None

    def _line_platform(self, ctx: SentenceContext, pos: int) -> str | None:
        """A list line labelled with a platform: "- X: 61.400 Follower", "Instagram (seit
        2016): 98.100 Abonnenten" (a short name like "X" is a platform only in such a label)."""
        doc = self.doc
        i = ctx.span.start
        while i < pos and doc[i].text in ("-", "–", "•", "*", "·"):
            i += 1
        if i + 1 >= pos or doc[i + 1].text not in (":", "("):
            return None
        low = doc[i].lower_
        key = self.lex.platform_names.get(low) or self.lex.platform_ambiguous.get(low)
        if key is None or ":" not in doc[i + 1 : pos].text:
            return None
        self.res.platform_entity(key)
        return key

    def _team_people(self, ctx: SentenceContext, num_start: int, num_end: int) -> bool:
        """ "ein Team von drei Personen", "Das Team besteht aus 13 Personen": people counted
        as a team's members."""
        doc = self.doc
        if num_end >= ctx.span.end or num_start <= ctx.span.start:
            return False
        noun = last_part(doc[num_end]).lower()
        people = {w.lower() for w in self.lex.counts["people_nouns"]}
        if noun not in people or doc[num_start - 1].lower_ not in ("von", "aus"):
            return False
        heads = {w.lower() for w in self.lex.counts.get("team_heads", [])}
        return any(last_part(t).lower() in heads for t in doc[ctx.span.start : num_start])

    def _counts(
        self, ctx: SentenceContext, holders: list[Hit], by_platform: dict[int, Account]
    ) -> None:
        doc = self.doc
        in_dates = {i for d in ctx.dates for i in range(d.char_start, d.char_end)}
        as_of = self._as_of(ctx)
        if as_of is not None:  # "(Stand: August 2020)" dates the paragraph's undated counts
            reach = 2
            counted = {o.sentence for o in self.rec.observations}
            while ctx.index - reach - 1 in counted:
                reach += 1  # a table or list of counts, one per line, with "Stand:" below it
            for obs in self.rec.observations:
                if obs.date is None and ctx.index - obs.sentence <= reach:
                    obs.date = as_of
        before = len(self.rec.observations)
        consumed = self._staff_change(ctx, holders)
        self._team_size(ctx, holders, as_of)
        numbers = [
            n
            for n in self.numbers.numbers(doc, ctx.span.start, ctx.span.end)
            if doc[n.end - 1].idx not in in_dates
        ]
        self.sentence_metric = None
        for num in numbers:
            if num.start in consumed:
                continue
            self.antecedent = None
            found = self._metric(ctx, num.end)
            if found is None and self._team_people(ctx, num.start, num.end):
                found = ("StaffCount", num.end, None)
            if found is None:
                head = self._head_metric(ctx, num.start, num.end)
                found = (head, num.end - 1, None) if head else None
            found = found or self._ellipsis(ctx, num.start, num.end)
            answer = self._answer(ctx, num.start, num.end) if found is None else None
            if answer is not None:
                found = (answer.metric, num.end - 1, answer.platform)
            if found is None:
                continue
            metric, noun, platform = found
            antecedent = self.antecedent
            self.last_count_end = noun + 1
            if any(t.lower_ in self.gain_words for t in doc[num.end : noun]):
                self.sentence_metric = metric
                continue  # "9.000 neue Abos": a gain, not a total
            if num.start > ctx.span.start and doc[num.start - 1].lower_ in self.differences:
                continue  # "um 14 Prozent gestiegen": a difference
            if noun + 1 < ctx.span.end and doc[noun + 1].lower_ in self.comparatives:
                self.sentence_metric = metric
                continue  # "1.200 Fans mehr als im Frühjahr": a difference
            if metric in self.not_counted:
                consumed.update(range(num.start, noun + 1))
                continue  # "62 Prozent": a share, nobody's count
            open_, close = clause_of(doc, ctx.span.start, ctx.span.end, num.start)
            if any(t.lower_ in self.count_plans for t in doc[open_:close]):
                continue  # "ab Februar sollen es zwölf sein", "Stellen vorgesehen": a plan
            if metric == "AccountCount" and self._others_accounts(ctx, holders, noun):
                continue  # "112 Accounts von Ministerien und Ämtern": many bodies' accounts
            self.sentence_metric = metric
            if answer is not None and answer.owner is not None:
                owner: Hit | None = Hit(answer.owner, num.start, num.start)
            else:
                owner = self._count_owner(ctx, holders, num.start, social=metric in SOCIAL_METRICS)
            if owner is None:
                continue
            if platform is None:
                after = [p for p in ctx.platforms() if noun < p.start <= noun + 3]
                ahead = nearest([p for p in ctx.platforms() if p.end <= num.start], num.start)
                gap = doc[ahead.end : num.start].text if ahead else ","
                same_clause = not any(c in gap for c in ",;:")  # "Auf X betreibt sie 52 Accounts"
                p_hit = (
                    after[0] if after and metric == "AccountCount" and not same_clause else ahead
                )
                # "mit 98.000 Followern auf Instagram": the platform the noun's phrase names
                on = [p for p in after if p.start == noun + 2 and doc[noun + 1].lower_ == "auf"]
                p_hit = on[0] if on else p_hit
                social = metric in SOCIAL_METRICS
                line = self._line_platform(ctx, num.start) if p_hit is None else None
                if line is not None:
                    platform = line
                later = [p for p in ctx.platforms() if p.start >= noun]
                later_free = later and not self.numbers.numbers(doc, later[0].end, ctx.span.end)
                if p_hit is None and line is None and social and len(later) == 1 and later_free:
                    # "150.000 Follower: Bundespolizei feiert Meilenstein auf Instagram"
                    p_hit = later[0]
                recent = ctx.index - self.last_platform_sentence <= 2
                if not recent and self._definite_bare(ctx, num.start):
                    recent = ctx.index - self.last_platform_sentence <= 6  # "Dem Kanal folgen"
                fallback = p_hit is None and line is None and social and not self._all_channels(ctx)
                if fallback and self.last_platform is not None and recent:
                    # "Mit rund 67.000 Fans ...", "Unser Account hat dort 48.000 Follower"
                    p_hit = self.last_platform
                platform = p_hit.ref.key if p_hit else platform
                last = self.last_platform.ref.key if self.last_platform else None
                if fallback and p_hit is None and last in (None, self.topic_platform):
                    # a ranking "... auf TikTok" in the headline, "Sie kommt auf 96.500
                    # Follower" paragraphs later: the article's platform
                    platform = self.topic_platform or platform
                account = by_platform.get(p_hit.start) if p_hit else None
            else:
                account = None
            if account is not None and account.holder != owner.ref:
                account = None  # the platform's account belongs to another body of the sentence
            subject = owner.ref
            if metric in SOCIAL_METRICS and platform:
                recent_account = ctx.index - self.last_account_at.get(platform, -99) <= 2
                if account is None and self.carried and (recent_account or self._definite(ctx)):
                    # "Das zentrale Bluesky-Profil hat 9.300 Follower": the account named before
                    named = self._existing(self.last_account.get(platform))
                    holder = named.holder if named is not None else None
                    account = named if holder is not None and holder.kind in BODY_KINDS else None
                account = account or self.account(owner.ref, platform, ctx.index)
                subject = Ref("account", account.key)
            heading = self.heading_as_of if metric in SOCIAL_METRICS else None
            clause = self._clause_date(ctx, num.start)
            if clause is None and antecedent is not None and not self._present(ctx, num.start):
                # "Vor einem Jahr hatte Köln 39.000 Follower, Düsseldorf 35.500": the
                # elliptical count shares its antecedent's date (not after "heute sind es")
                ante_clause = antecedent.date if antecedent.date != self.reference else None
                clause = ante_clause
            self.rec.observations.append(
                Observation(
                    subject,
                    metric,
                    num.value,
                    ctx.index,
                    num.approximation,
                    as_of or clause or heading or self.reference,
                    platform if subject.kind != "account" else None,
                )
            )
            consumed.update(range(num.start, noun + 1))
            if any(t.lower_ in self.each for t in doc[max(open_, num.start - 2) : num.start]):
                self._each(ctx, holders, owner, self.rec.observations[-1], platform)
        if as_of is not None and not numbers and len(self.rec.observations) == before:
            # "Unsere Kanäle (Stand: Jänner 2025)": a heading dates the reach figures below it
            self.heading_as_of = as_of

    def _each(
        self,
        ctx: SentenceContext,
        holders: list[Hit],
        owner: Hit,
        obs: Observation,
        platform: str | None,
    ) -> None:
        """ "teilen sich A und B mit jeweils 95.000": the same figure for each body coordinated
        with the owner."""
        for co in self._co_holders(holders, owner):
            subject = co.ref
            if obs.subject.kind == "account" and platform:
                subject = Ref("account", self.account(co.ref, platform, ctx.index).key)
            self.rec.observations.append(
                Observation(
                    subject,
                    obs.metric,
                    obs.value,
                    obs.sentence,
                    obs.approximation,
                    obs.date,
                    obs.platform,
                )
            )

    def _question(self, ctx: SentenceContext, holders: list[Hit]) -> Question | None:
        """ "wie viele Menschen folgen der Polizeidirektion auf Instagram?": the metric, body
        and platform an answer of only a number refers to."""
        if not ctx.span.text.rstrip().endswith("?"):
            return None
        for tok in ctx.span:
            if tok.lower_ not in self.question_words or tok.i + 1 >= ctx.span.end:
                continue
            found = self._metric(ctx, tok.i + 1)
            if found is None or found[0] in self.not_counted:
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
        if q is None or ctx.index - q.index > 2 or not ctx.span.text.rstrip().endswith("?"):
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
        if not rest or any(t.lower_ not in self.follow_up_words for t in rest):
            return None
        return Question(ctx.index, q.metric, q.owner, p.ref.key)

    def _answer(self, ctx: SentenceContext, num_start: int, num_end: int) -> Question | None:
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

    def _others_accounts(self, ctx: SentenceContext, holders: list[Hit], noun: int) -> bool:
        """ "112 Accounts von Ministerien und Ämtern": accounts of bodies named by a plain
        noun after the count (not one body's own)."""
        doc = self.doc
        nxt = noun + 1
        if nxt + 1 >= ctx.span.end or doc[nxt].lower_ not in self.others_after:
            return False
        word = doc[nxt + 1]
        named = any(h.start <= nxt + 1 < h.end for h in holders)
        return word.text[:1].isupper() and word.is_alpha and not named

    def _all_channels(self, ctx: SentenceContext) -> bool:
        """ "Über alle Kanäle gerechnet", "insgesamt": a total over all of a body's platforms."""
        text = ctx.span.text.lower()
        return any((w in ctx.lowers) if " " not in w else (w in text) for w in self.all_channels)

    def _present(self, ctx: SentenceContext, pos: int) -> bool:
        """The number's clause says "now": "heute sind es 97.000"."""
        open_, _ = clause_of(self.doc, ctx.span.start, ctx.span.end, pos)
        words = {w.lower() for w in self.lex.counts.get("present_words", [])}
        return any(t.lower_ in words for t in self.doc[open_:pos])

    def _definite_bare(self, ctx: SentenceContext, pos: int) -> bool:
        """ "Dem Kanal folgen heute 18.700 Accounts": an account noun with a definite article
        and no platform before the number points to the account the text is about."""
        doc = self.doc
        articles = ("der", "die", "das", "dem", "den", "des")
        return any(
            t.lower_ in self.lex.account_nouns and doc[t.i - 1].lower_ in articles
            for t in doc[ctx.span.start + 1 : pos]
        )

    def _clause_date(self, ctx: SentenceContext, pos: int) -> PartialDate | None:
        """A past date earlier in the number's clause dates it: "Im vergangenen Jahr folgten
        ihr 9.000 Accounts", "2016 gab es zwei Stellen" (not "seit 2016", not a future year)."""
        doc = self.doc
        start = doc[pos].idx
        before = [d for d in ctx.dates if d.char_end <= start and not d.since]
        if not before:
            return None
        date = before[-1]
        open_, _ = clause_of(doc, ctx.span.start, ctx.span.end, pos)
        if any(t.lower_ in self.then_words for t in doc[open_:pos]) and date.end is None:
            return date.start  # "im Januar 2024 stillgelegt, damals hatte er 9.000 Follower"
        gap = doc.text[date.char_end : start]
        if any(c in gap for c in ",;:–") or " und " in gap or date.end is not None:
            return None
        if self.reference is not None and date.start.sort_key() > self.reference.sort_key():
            return None
        return date.start

    def _agency_of(self, hit: Hit) -> Ref | None:
        """The agency a person's or post's hit speaks for (their post's agency)."""
        for post in self.rec.posts:
            if post.agency and (post.person == hit.ref or Ref("post", post.key) == hit.ref):
                return post.agency
        return None

    def _count_owner(
        self, ctx: SentenceContext, holders: list[Hit], pos: int, *, social: bool = False
    ) -> Hit | None:
        """Whose number it is.

        A body inside a relative clause owns no number outside it ("Der Account der Stadt,
        mit der das Präsidium arbeitet, hat 27.000 Follower"). A possessive before the number
        points back: to the body named before it in the sentence, to the agency of a person
        addressed ("Frau Lang, Ihr Account ..."), else to the body the text is about ("Ihr",
        "Sein") or named last ("Deren"). Without one: the nearest body before the number, one
        after it in its clause ("Mit 98.000 Followern liegt die Polizei vorn"), a person's
        agency (a person's own account where nobody speaks), the speaker's agency for "wir",
        else the body the text is about."""
        doc, g = self.doc, self.grammar
        start, end = ctx.span.start, ctx.span.end
        embedded = embedded_clauses(doc, start, end, g)
        own = inside(pos, embedded)
        seen = [h for h in holders if inside(h.start, embedded) in (None, own)]
        bodies = [h for h in seen if h.ref.kind in BODY_KINDS]
        # "hat nach Angaben des Ministeriums 164.000 Follower": a source owns no figure
        bodies = [h for h in bodies if not is_source(doc, h, start, g)] or bodies
        self.carried = False
        # "Kern: Der Account hat 28.000 Follower": the speaker's name before an answer owns nothing
        people = [
            h
            for h in seen
            if h.ref.kind in ("person", "post")
            and not (h.start == start and h.end < end and doc[h.end].text == ":")
        ]
        focus = [h for h in seen if h.end == h.start]  # the page's own agency (no mention)
        place = self._colon_place(ctx, pos)
        if place is not None:
            # "Spitzenreiter ist Wien: Dort folgen der Direktion 150.000": the place's body,
            # or nobody when the text named none there (not the body talked about before)
            here = [h.ref for h in holders if h.ref.kind == "agency" and h.end <= pos]
            ref = self._place_agency(place.ref.key, here)
            return Hit(ref, place.start, place.end) if ref is not None else None
        possessive = None
        for i in range(pos - 1, start - 1, -1):
            if any(h.start <= i < h.end for h in bodies):
                break
            if inside(i, embedded) not in (None, own):
                continue
            if doc[i].lower_ in g.possessive or doc[i].lower_ in g.demonstrative:
                possessive = i
                break
        topic = self.discourse.topic or self.discourse.last_body
        if topic is None and self.focus is not None:
            topic = Hit(self.focus, pos, pos)  # nothing named yet: the article's own agency
        if possessive is not None and not focus:
            word = doc[possessive].lower_
            body = nearest([h for h in bodies if h.end <= possessive], possessive, before_only=True)
            if body is not None:
                return body
            person = nearest(
                [h for h in people if h.end <= possessive], possessive, before_only=True
            )
            agency = self._agency_of(person) if person else None
            if agency is not None:
                return Hit(agency, person.start, person.end)  # type: ignore[union-attr]
            if word.startswith("unser"):
                return self._speaker(pos) or topic
            if word in g.demonstrative:
                return self.discourse.last_body or topic
            return topic
        body = nearest([h for h in bodies if h.end <= pos], pos, before_only=True)
        if body is not None:
            return body
        _, close = clause_of(doc, start, end, pos)
        after = [h for h in bodies if pos <= h.start < close]
        if after:
            return after[0]
        if focus:
            return focus[0]
        person = nearest(people, pos)
        if person is not None and social and not ctx.lowers & self.lex.speech_verbs:
            return person  # "folgen dem Regierungssprecher auf X 955.000 Personen": their own
        agency = self._agency_of(person) if person else None
        if agency is not None:
            return Hit(agency, person.start, person.end)  # type: ignore[union-attr]
        if self.first_person:
            return self._speaker(pos) or topic
        if topic is None and bodies:
            return bodies[0]
        if self._new_subject(ctx):
            return None
        self.carried = True  # "Die Seite hatte 41.000 Fans": the body the text is about
        return topic or person

    def _colon_place(self, ctx: SentenceContext, pos: int) -> Hit | None:
        """ "Besonders stark gewachsen ist Bochum: Dort waren es 12.000": a place right before a
        colon that a place adverb ("dort", "hier") right after it picks up, before the number."""
        doc = self.doc
        for c in range(ctx.span.start + 1, pos - 1):
            if doc[c].text != ":" or doc[c + 1].lower_ not in self.place_adverbs:
                continue
            for h in ctx.hits:
                if h.end == c and h.ref.kind == "region":
                    return h
        return None

    def _new_subject(self, ctx: SentenceContext) -> bool:
        """The sentence opens with someone new or generic ("Ein 19-jähriger Bewerber hat 1.500
        Follower", "Viele Gemeinden haben eine halbe Stelle"), not with an account, a team or a
        post: its figures belong to no body named before."""
        doc = self.doc
        if doc[ctx.span.start].lower_ not in self.grammar.new_subjects:
            return False
        for tok in doc[ctx.span.start + 1 : ctx.span.end]:
            if tok.text[:1].isupper() and tok.is_alpha:
                word = last_part(tok).lower()
                known = self.lex.account_nouns | self.team_nouns | self.team_cues
                return word not in known and tok.lower_ not in self.lex.role_forms
        return False

    def _speaker(self, pos: int) -> Hit | None:
        """Who "wir" is: the page's agency, else the agency of the person quoted last."""
        agency = self.focus or self.discourse.speaker_agency
        return Hit(agency, pos, pos) if agency is not None else None

    def _team_size(
        self, ctx: SentenceContext, holders: list[Hit], as_of: PartialDate | None
    ) -> None:
        """ "ein dreiköpfiges Team", "ein 5-köpfiges Team", "Wir sind zu viert": a staff count
        of the holder."""
        suffixes = sorted(self.lex.counts.get("team_size_suffixes", []), key=len, reverse=True)
        groups = {k.lower(): v for k, v in self.lex.counts.get("group_sizes", {}).items()}
        text = ctx.span.text.lower()
        for phrase, size in groups.items():
            at = text.find(phrase)
            if at < 0:
                continue
            tok = self.doc.char_span(
                ctx.span.start_char + at, ctx.span.start_char + at + 1, alignment_mode="expand"
            )
            pos = tok.start if tok is not None else ctx.span.start
            self._staff(ctx, holders, pos, float(size), as_of)
        for word in ctx.span:
            low = word.lower_
            suffix = next((s for s in suffixes if low.endswith(s) and len(low) > len(s)), None)
            if suffix is None:
                continue
            stem = low[: -len(suffix)].rstrip("-")
            value = self.numbers.words.get(stem)
            if value is None and stem.isdigit():
                value = float(stem)
            if value is not None:
                self._staff(ctx, holders, word.i, value, as_of)

    def _staff(
        self,
        ctx: SentenceContext,
        holders: list[Hit],
        pos: int,
        value: float,
        as_of: PartialDate | None,
    ) -> None:
        holder = self._count_owner(ctx, holders, pos)
        if holder is None:
            return
        self.rec.observations.append(
            Observation(
                holder.ref, "StaffCount", value, ctx.index, "Exact", as_of or self.reference
            )
        )

    def _definite(self, ctx: SentenceContext) -> bool:
        """The sentence names an account with a definite article: "Das zentrale Bluesky-Profil"
        is the account the text introduced before."""
        doc = self.doc
        for p in ctx.platforms():
            if last_part(doc[p.start]).lower() not in self.lex.account_nouns:
                continue
            for t in reversed(doc[max(ctx.span.start, p.start - 3) : p.start]):
                if t.lower_ in ("der", "die", "das", "dem", "den", "des"):
                    return True
                if not t.is_alpha or t.text[:1].isupper():
                    break
        return False

    def _existing(self, key: str | None) -> Account | None:
        return next((a for a in self.rec.accounts if a.key == key), None) if key else None

    def _as_of(self, ctx: SentenceContext) -> PartialDate | None:
        """ "(Stand: März 2024)"; "(Stand: Ende Jänner)" without a year: the article's year
        (the year before when that month is still to come)."""
        cues = [c.lower() for c in self.lex.counts.get("as_of_cues", [])]
        months = {k.lower(): int(v) for k, v in self.lex.dates["months"].items()}
        for tok in ctx.span:
            if tok.lower_ in cues:
                later = [d for d in ctx.dates if d.char_start > tok.idx]
                if later:
                    return later[0].start
                ref = self.reference
                for nxt in self.doc[tok.i + 1 : min(tok.i + 5, ctx.span.end)]:
                    month = months.get(nxt.lower_)
                    if month is not None and ref is not None and ref.month is not None:
                        year = ref.year if month <= ref.month else ref.year - 1
                        return PartialDate(year, month)
        return None

    def _staff_change(self, ctx: SentenceContext, holders: list[Hit]) -> set[int]:
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
                holder = self._count_owner(ctx, holders, a.start)
                future = [d for d in ctx.dates if d.char_start > doc[a.start].idx or not d.since]
                when = future[-1].start if future else None
                planned = bool(ctx.lowers & self.plan) or (
                    when is not None and self.reference is not None and when > self.reference
                )
                found = self._metric(ctx, b.end)
                if holder is None or found is None or found[0] != "StaffCount":
                    continue
                label = f"Social-Media-Team {self.rec.entities[holder.ref].label}"
                self._event(
                    "TeamExpansion",
                    label,
                    ctx.index,
                    start=when,
                    organizer=self._organizer(holder),
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

    # -- events --------------------------------------------------------------------------
    def _event(self, cls: str, label: str, sentence: int, **fields: object) -> Event:
        key_label = f"{cls}:{label}:{fields.get('platform') or ''}"
        ev = self.events_by_label.get(key_label)
        if ev is None:
            ev = Event(cls, label, sentence)
            self.events_by_label[key_label] = ev
            self.rec.events.append(ev)
        for name, value in fields.items():
            if value is None or value == []:
                continue
            if name in ("participants", "concerns"):
                current = getattr(ev, name)
                current.extend(v for v in value if v not in current)  # type: ignore[attr-defined]
            elif getattr(ev, name) in (None, False):
                setattr(ev, name, value)
        return ev

    def _events(self, ctx: SentenceContext, holders: list[Hit]) -> None:
        ev_cfg = self.lex.events
        found: list[tuple[str, str, int]] = []
        for tok in ctx.span:
            if not tok.text[:1].isupper():
                continue
            noun = last_part(tok)
            cls = self.lex.event_nouns.get(noun.lower()) or self.lex.event_nouns.get(lemma(noun))
            if cls:
                found.append((cls, self._event_label(tok, cls), tok.i))
        place = self._place(ctx)
        dated = [d for d in ctx.dates if d.start.day is not None and not d.since] or [
            d
            for d in ctx.dates
            if not d.since  # "die nächste Tagung im Herbst 2025"
        ]
        cues_org = ctx.has_any(ev_cfg["organizer_cues"])
        cues_part = ctx.has_any(ev_cfg["participant_cues"])
        agencies = [h.ref for h in holders if h.ref.kind in ("agency", "organization")]
        if not found and (cues_part or cues_org) and dated and self.rec.events:
            last = self.rec.events[-1]  # "Zu einem Erfahrungsaustausch haben sich ... getroffen"
            if ctx.index - last.sentence <= 2:
                found.append((last.cls, last.label, ctx.span.start))
        for cls, label, _pos in found:
            fields: dict[str, object] = {"place": place}
            if dated:
                fields["start"] = dated[0].start
                fields["end"] = dated[0].end or (dated[0].start if cls != "Incident" else None)
            if cues_org and agencies:
                fields["organizer"] = agencies[-1]
            elif cues_part and agencies:
                fields["participants"] = agencies
            self._event(cls, label, ctx.index, **fields)

    def _event_label(self, tok: object, cls: str) -> str:
        doc = self.doc
        i = tok.i  # type: ignore[attr-defined]
        if self.rec.layout == "seminar" and cls == self.page_event:
            return self.rec.title
        if i + 1 < len(doc) and doc[i + 1].text == "„":
            j = i + 2
            while j < len(doc) and doc[j].text not in ("“", "”") and j - i < 12:
                j += 1
            return doc[i + 2 : j].text
        return tok.text  # type: ignore[attr-defined]

    def _place(self, ctx: SentenceContext) -> str | None:
        for h in ctx.hits:
            after_in = h.start > 0 and self.doc[h.start - 1].lower_ == "in"
            if (
                h.ref.kind == "region"
                and after_in
                and self.lex.regions[h.ref.key].level != "country"
            ):
                return h.ref.key
        return None

    def seminar_details(self, ctx: SentenceContext) -> None:
        """Time and fee of a seminar page: "von 10 bis 11:30 Uhr", "kostet 79 Euro"."""
        if self.rec.layout != "seminar" or not self.rec.events:
            return
        ev = next((e for e in self.rec.events if e.cls == self.page_event), None)
        if ev is None:
            return
        text = ctx.span.text
        times = re.search(r"von (\d{1,2}(?::\d{2})?) bis (\d{1,2}(?::\d{2})?) Uhr", text)
        if times and ev.start_time is None:
            ev.start_time, ev.end_time = (_time(t) for t in times.groups())
        dated = [d for d in ctx.dates if d.start.day is not None]
        vague = ev.start is None or ev.start.day is None  # "Fachtagung «... 2025»" in the title
        cued = ctx.has_any(self.lex.events["date_cues"]) or any(d.end for d in dated)
        if dated and vague and cued:  # a day range is a schedule even without a cue word
            ev.start, ev.end = dated[0].start, dated[0].end or dated[0].start
        if ctx.has_any(self.lex.events["fee_cues"]):
            for tok in ctx.span:
                cur = self.lex.events["currencies"].get(tok.text)
                if cur and tok.i > 0:
                    value = self.numbers.value_at(self.doc, tok.i - 1)
                    if value:
                        ev.fee, ev.currency = value[0], cur


def _time(text: str) -> str:
    hour, _, minute = text.partition(":")
    return f"{int(hour):02d}:{int(minute or 0):02d}:00"


def _refines(new: PartialDate, old: PartialDate) -> bool:
    """A more precise date for the same moment ("Mai 2014" -> "23. Mai 2014")."""
    same_year = new.year == old.year
    return same_year and (old.month is None or (old.month == new.month and old.day is None))


def _closest_date(dates: list[DateSpan], p: Hit, doc: Doc) -> DateSpan | None:
    if not dates:
        return None
    pos = doc[p.start].idx
    return min(dates, key=lambda d: abs(d.char_start - pos))


def _closest(hits: list[Hit], position: int) -> Hit:
    return min(hits, key=lambda h: abs(h.start - position))
