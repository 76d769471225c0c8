"""Dated counts: followers, fans, accounts, staff, participants of a holder or its account.

Each number with a metric becomes an Observation of its owner (or of the owner's account on
the platform it names or the text talks about), dated by its clause, a "(Stand: ...)" note or
the article; gains, differences, shares and plans are skipped.
"""

from __future__ import annotations

from itertools import pairwise

from graph.dates import PartialDate
from graph.extraction.accounts import AccountReader
from graph.extraction.context import (
    BODY_KINDS,
    SOCIAL_METRICS,
    Article,
    Reader,
    SentenceContext,
    nearest,
)
from graph.extraction.entities import Hit
from graph.extraction.holders import HolderReader
from graph.extraction.metrics import MetricReader
from graph.extraction.numbers import Number
from graph.extraction.owners import clause_of
from graph.extraction.questions import QuestionReader
from graph.extraction.staff import StaffReader
from graph.records import Account, Observation, Ref


class CountReader(Reader):
    """Reads the counts of a sentence."""

    def __init__(
        self,
        article: Article,
        holders: HolderReader,
        accounts: AccountReader,
        metrics: MetricReader,
        questions: QuestionReader,
        staff: StaffReader,
    ) -> None:
        super().__init__(article)
        self.holders = holders
        self.accounts = accounts
        self.metrics = metrics
        self.questions = questions
        self.staff = staff

    def read(
        self, ctx: SentenceContext, holders: list[Hit], by_platform: dict[int, Account]
    ) -> None:
        """An Observation for each number the sentence counts something with, of its owner or
        of the owner's account (`by_platform`: the accounts the sentence named)."""
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
        consumed = self.staff.staff_change(ctx, holders)
        self.staff.team_size(ctx, holders, as_of)
        numbers = [
            n
            for n in self.numbers.numbers(doc, ctx.span.start, ctx.span.end)
            if doc[n.end - 1].idx not in in_dates
        ]
        self.memory.sentence_metric = None
        respective = self._respectively(ctx, numbers)
        for num in numbers:
            if num.start in consumed or (num.start in respective and not respective[num.start]):
                continue
            self.memory.antecedent = None
            found = respective.get(num.start) or self.metrics.metric(ctx, num.end)
            if found is None and self.metrics.team_people(ctx, num.start, num.end):
                found = ("StaffCount", num.end, None)
            if found is None:
                head = self.metrics.head_metric(ctx, num.start, num.end)
                found = (head, num.end - 1, None) if head else None
            found = found or self.metrics.ellipsis(ctx, num.start, num.end)
            answer = self.questions.answer(ctx, num.start, num.end) if found is None else None
            if answer is not None:
                found = (answer.metric, num.end - 1, answer.platform)
            if found is None:
                continue
            metric, noun, platform = found
            antecedent = self.memory.antecedent
            self.memory.last_count_end = noun + 1
            if any(t.lower_ in self.cues.gain_words for t in doc[num.end : noun]):
                self.memory.sentence_metric = metric
                continue  # "9.000 neue Abos": a gain, not a total
            if num.start > ctx.span.start and doc[num.start - 1].lower_ in self.cues.differences:
                continue  # "um 14 Prozent gestiegen": a difference
            if noun + 1 < ctx.span.end and doc[noun + 1].lower_ in self.cues.comparatives:
                self.memory.sentence_metric = metric
                continue  # "1.200 Fans mehr als im Frühjahr": a difference
            if metric in self.cues.not_counted:
                consumed.update(range(num.start, noun + 1))
                continue  # "62 Prozent": a share, nobody's count
            open_, close = clause_of(doc, ctx.span.start, ctx.span.end, num.start)
            if any(t.lower_ in self.cues.count_plans for t in doc[open_:close]):
                continue  # "ab Februar sollen es zwölf sein", "Stellen vorgesehen": a plan
            if metric == "AccountCount" and self._others_accounts(ctx, holders, noun):
                continue  # "112 Accounts von Ministerien und Ämtern": many bodies' accounts
            self.memory.sentence_metric = metric
            if answer is not None and answer.owner is not None:
                owner: Hit | None = Hit(answer.owner, num.start, num.start)
            else:
                owner = self.holders.count_owner(
                    ctx, holders, num.start, social=metric in SOCIAL_METRICS
                )
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
                line = self.metrics.line_platform(ctx, num.start) if p_hit is None else None
                if line is not None:
                    platform = line
                later = [p for p in ctx.platforms() if p.start >= noun]
                later_free = later and not self.numbers.numbers(doc, later[0].end, ctx.span.end)
                if p_hit is None and line is None and social and len(later) == 1 and later_free:
                    # "150.000 Follower: Bundespolizei feiert Meilenstein auf Instagram"
                    p_hit = later[0]
                recent = ctx.index - self.memory.last_platform_sentence <= 2
                if not recent and self._definite_bare(ctx, num.start):
                    recent = (
                        ctx.index - self.memory.last_platform_sentence <= 6
                    )  # "Dem Kanal folgen"
                fallback = p_hit is None and line is None and social and not self._all_channels(ctx)
                if fallback and self.memory.last_platform is not None and recent:
                    # "Mit rund 67.000 Fans ...", "Unser Account hat dort 48.000 Follower"
                    p_hit = self.memory.last_platform
                platform = p_hit.ref.key if p_hit else platform
                last = self.memory.last_platform.ref.key if self.memory.last_platform else None
                if fallback and p_hit is None and last in (None, self.memory.topic_platform):
                    # a ranking "... auf TikTok" in the headline, "Sie kommt auf 96.500
                    # Follower" paragraphs later: the article's platform
                    platform = self.memory.topic_platform or platform
                account = by_platform.get(p_hit.start) if p_hit else None
            else:
                account = None
            if account is not None and account.holder != owner.ref:
                account = None  # the platform's account belongs to another body of the sentence
            subject = owner.ref
            if metric in SOCIAL_METRICS and platform:
                recent_account = ctx.index - self.memory.last_account_at.get(platform, -99) <= 2
                if (
                    account is None
                    and self.memory.carried
                    and (recent_account or self.accounts.definite(ctx))
                ):
                    # "Das zentrale Bluesky-Profil hat 9.300 Follower": the account named before
                    named = self.accounts.existing(self.memory.last_account.get(platform))
                    holder = named.holder if named is not None else None
                    account = named if holder is not None and holder.kind in BODY_KINDS else None
                account = account or self.accounts.account(owner.ref, platform, ctx.index)
                subject = Ref("account", account.key)
            heading = self.memory.heading_as_of if metric in SOCIAL_METRICS else None
            clause = self.metrics.clause_date(ctx, num.start)
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
            consumed.update(range(num.start, num.end if num.start in respective else noun + 1))
            if any(t.lower_ in self.cues.each for t in doc[max(open_, num.start - 2) : num.start]):
                self._each(ctx, holders, owner, self.rec.observations[-1], platform)
        if as_of is not None and not numbers and len(self.rec.observations) == before:
            # "Unsere Kanäle (Stand: Jänner 2025)": a heading dates the reach figures below it
            self.memory.heading_as_of = as_of

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
        for co in self.holders.co_holders(holders, owner):
            subject = co.ref
            if obs.subject.kind == "account" and platform:
                subject = Ref("account", self.accounts.account(co.ref, platform, ctx.index).key)
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

    def _respectively(
        self, ctx: SentenceContext, numbers: list[Number]
    ) -> dict[int, tuple[str, int, str | None] | None]:
        """ "Auf Facebook und Instagram folgen ihm 12.000 beziehungsweise 8.500 Menschen":
        numbers joined by "beziehungsweise" go, in order, to the platforms coordinated before
        them, all with the metric of the last one's noun. Only when there are as many platforms
        as numbers and nothing but "und" or a comma between the platforms; else each number maps
        to None: it is not counted, as the text does not say which number is which."""
        doc = self.doc
        words = self.cues.respectively
        out: dict[int, tuple[str, int, str | None] | None] = {}
        i = 0
        while i < len(numbers) - 1:
            group = [numbers[i]]
            while i + 1 < len(numbers):
                gap = doc[group[-1].end : numbers[i + 1].start]
                if not (
                    len(gap)
                    and gap[-1].lower_ in words
                    and all(t.lower_ in words or t.text == "," for t in gap)
                ):
                    break
                i += 1
                group.append(numbers[i])
            i += 1
            if len(group) < 2:
                continue
            found = self.metrics.metric(ctx, group[-1].end)
            if found is None:
                continue
            platforms = [p for p in ctx.platforms() if p.end <= group[0].start]
            chain = platforms[-len(group) :] if len(platforms) >= len(group) else []
            joined = len(chain) == len(group) and all(
                all(t.lower_ in ("und", ",", "sowie") for t in doc[a.end : b.start])
                and b.start > a.end
                for a, b in pairwise(chain)
            )
            earlier = platforms[: -len(group)]
            if not joined or (
                earlier
                and all(
                    t.lower_ in ("und", ",", "sowie") for t in doc[earlier[-1].end : chain[0].start]
                )
            ):
                for num in group:  # two numbers, three platforms: which is which is not said
                    out[num.start] = None
                continue
            metric, noun, _ = found
            for num, p in zip(group, chain, strict=True):
                out[num.start] = (metric, noun, p.ref.key)
        return out

    def _others_accounts(self, ctx: SentenceContext, holders: list[Hit], noun: int) -> bool:
        """ "112 Accounts von Ministerien und Ämtern": accounts of bodies named by a plain
        noun after the count (not one body's own)."""
        doc = self.doc
        nxt = noun + 1
        if nxt + 1 >= ctx.span.end or doc[nxt].lower_ not in self.cues.others_after:
            return False
        word = doc[nxt + 1]
        named = any(h.start <= nxt + 1 < h.end for h in holders)
        return word.text[:1].isupper() and word.is_alpha and not named

    def _all_channels(self, ctx: SentenceContext) -> bool:
        """ "Über alle Kanäle gerechnet", "insgesamt": a total over all of a body's platforms."""
        text = ctx.lower_text
        return any(
            (w in ctx.lowers) if " " not in w else (w in text) for w in self.cues.all_channels
        )

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
