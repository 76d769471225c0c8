"""What a number counts: the metric of the noun after it ("Follower", "Stellen"), of a
count head before it ("die Zahl der Abonnenten"), or of the count before it when the noun is
left out ("heute sind es 97.000"), and the date its clause gives it.
"""

from __future__ import annotations

from graph.dates import PartialDate
from graph.extraction.context import SOCIAL_METRICS, Article, Reader, SentenceContext
from graph.extraction.nlp import last_part, lemma
from graph.extraction.owners import clause_of


class MetricReader(Reader):
    """Finds the metric (and platform) a number counts."""

    def __init__(self, article: Article) -> None:
        super().__init__(article)

    def metric(self, ctx: SentenceContext, pos: int) -> tuple[str, int, str | None] | None:
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
            if metric is None and low in self.cues.team_nouns and self._team_talk(ctx):
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
        return any(t.lower_ in self.cues.participation for t in self.doc[open_:close])

    def head_metric(self, ctx: SentenceContext, num_start: int, num_end: int) -> str | None:
        """A number after "Die Zahl der Abonnenten ... ist auf 14.300 gestiegen" or "Die
        Follower-Zahl ... liegt bei 31.000": the metric of the noun the count head names,
        when the number ends its clause."""
        doc = self.doc
        open_, close = clause_of(doc, ctx.span.start, ctx.span.end, num_start)
        tail = doc[num_end:close]
        if any(t.text[:1].isupper() and t.is_alpha for t in tail):
            return None
        if any(t.lower_ in self.cues.future for t in doc[open_:close]):
            return None  # "wird die Zahl der Follower auf 20.000 steigen": a forecast
        nouns = self.lex.metric_nouns
        for t in doc[open_:num_start]:
            low = t.lower_
            compound = next(
                (h for h in self.cues.count_heads if low.endswith(h) and low != h), None
            )
            if compound is not None:  # "Follower-Zahl", "Abonnentenzahl"
                stem = low[: -len(compound)].rstrip("-")
                for cand in (stem, stem[:-1], stem[:-2]):
                    if cand and nouns.get(cand) in SOCIAL_METRICS:
                        return nouns[cand]
            if low in self.cues.count_heads:  # "Zahl der Abonnentinnen und Abonnenten"
                for u in doc[t.i + 1 : min(t.i + 4, num_start)]:
                    norm = u.lower_.replace("*innen", "innen").replace(":innen", "innen")
                    metric = nouns.get(norm) or nouns.get(lemma(u.text))
                    if metric in SOCIAL_METRICS:  # not "die Zahl der Accounts ... auf zwölf"
                        return metric
        return None

    def _team_talk(self, ctx: SentenceContext) -> bool:
        """The sentence or the one before talks about a team and its work."""
        return bool((ctx.lowers | self.memory.prev_lowers) & self.cues.team_cues)

    def _verb_metric(self, ctx: SentenceContext, pos: int) -> str | None:
        """The metric of the verb nearest to the noun ("folgen", "abonniert")."""
        best: tuple[int, str] | None = None
        for name, verbs in self.lex.counts["verb_metrics"].items():
            words = {v.lower() for v in verbs if " " not in v}
            for tok in ctx.span:
                if tok.lower_ in words and (best is None or abs(tok.i - pos) < best[0]):
                    best = (abs(tok.i - pos), name)
        return best[1] if best else None

    def ellipsis(
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
        self.memory.antecedent = None
        earlier = [o for o in self.rec.observations if o.sentence == ctx.index]
        if (earlier or self.memory.sentence_metric) and num_start >= self.memory.last_count_end:
            if earlier:
                self.memory.antecedent = earlier[-1]
            # "2023 waren es auf Instagram noch 81.000, auf TikTok 40.000": the metric that
            # platform's count had; else the last count noun ("1.200 Fans mehr ..., insgesamt
            # rund 11 500", a skipped gain included)
            metric = self._platform_metric(ctx, num_start) or self.memory.sentence_metric
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
        while lead > open_ and doc[lead].lower_ in self.cues.each:
            lead -= 1
        contrast = (
            any(p.start < num_start for p in ctx.platforms())
            or self.clause_date(ctx, num_start) is not None
            # "Das BSI kommt auf 27.500": another body's figure after the count before
            or (
                any(open_ <= h.start < num_start for h in ctx.holders())
                and doc[lead].lower_ in self.cues.reach_verbs_objects
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

    def line_platform(self, ctx: SentenceContext, pos: int) -> str | None:
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

    def team_people(self, ctx: SentenceContext, num_start: int, num_end: int) -> bool:
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

    def clause_date(self, ctx: SentenceContext, pos: int) -> PartialDate | None:
        """A past date earlier in the number's clause dates it: "Im vergangenen Jahr folgten
        ihr 9.000 Accounts", "2016 gab es zwei Stellen" (not "seit 2016", not a future year)."""
        doc = self.doc
        start = doc[pos].idx
        before = [d for d in ctx.dates if d.char_end <= start and not d.since]
        if not before:
            return None
        date = before[-1]
        open_, _ = clause_of(doc, ctx.span.start, ctx.span.end, pos)
        if any(t.lower_ in self.cues.then_words for t in doc[open_:pos]) and date.end is None:
            return date.start  # "im Januar 2024 stillgelegt, damals hatte er 9.000 Follower"
        gap = doc.text[date.char_end : start]
        if any(c in gap for c in ",;:–") or " und " in gap or date.end is not None:
            return None
        if self.reference is not None and date.start.sort_key() > self.reference.sort_key():
            return None
        return date.start
