"""Events: launches and shutdowns of accounts, team changes, meetings and seminars.

An event is keyed by its class, label and platform, so a later sentence adds its date, place,
organiser or participants to the event named before instead of adding a second one.
"""

from __future__ import annotations

import re

from graph.dates import DateSpan, PartialDate
from graph.extraction.context import Article, Reader, SentenceContext
from graph.extraction.entities import Hit
from graph.extraction.holders import HolderReader
from graph.extraction.nlp import last_part, lemma, texts
from graph.records import Event, Ref


class EventReader(Reader):
    """Events a sentence names, and the schedule and fee of a seminar page."""

    def __init__(self, article: Article, holders: HolderReader) -> None:
        super().__init__(article)
        self.holders = holders
        self.by_label: dict[str, Event] = {}
        self.page_event = "Seminar"  # the class of the event a seminar page offers
        self.ordinals: dict[str, int] = {}  # the ordinal an event label was first named with

    def event(
        self, cls: str, label: str, sentence: int, *, fresh: bool = False, **fields: object
    ) -> Event:
        """The event of that class and label, made or completed. A ``fresh`` mention ("ein
        ähnlicher Workshop") whose date does not fit the event of that label named before is
        another event of the class ("Im Jänner ... Workshop ... Ein ähnlicher Workshop hatte
        bereits im September ...")."""
        key_label = f"{cls}:{label}:{fields.get('platform') or ''}"
        ev = self.by_label.get(key_label)
        start = fields.get("start")
        n = 1
        while fresh and ev is not None and isinstance(start, PartialDate) and _clashes(start, ev):
            n += 1
            key_label = f"{cls}:{label} ({n}):{fields.get('platform') or ''}"
            ev = self.by_label.get(key_label)
        if ev is None:
            ev = Event(cls, label if n == 1 else f"{label} ({n})", sentence)
            self.by_label[key_label] = ev
            self.rec.events.append(ev)
        for name, value in fields.items():
            if value is None or value == []:
                continue
            if name in ("participants", "concerns"):
                current = getattr(ev, name)
                current.extend(v for v in value if v not in current)  # type: ignore[attr-defined]
            elif getattr(ev, name) in (None, False):
                setattr(ev, name, value)
        if isinstance(start, PartialDate) and _refines(start, ev.start):
            # the title's "Kongress 2026", then "Am 24. und 25. März 2026 ... zum Kongress"
            ev.start, ev.end = start, fields.get("end") or start  # type: ignore[assignment]
        return ev

    def read(self, ctx: SentenceContext, holders: list[Hit]) -> None:
        """Events the sentence names by a noun ("Fachtagung"), or the one just named that it
        dates ("haben sich ... getroffen"), with their place, date, organiser or participants."""
        ev_cfg = self.lex.events
        found: list[tuple[str, str, int]] = []
        fresh: set[int] = set()
        words = texts(self.doc)
        for i in range(ctx.span.start, ctx.span.end):
            if not words[i][:1].isupper():  # no Token object for the other words
                continue
            tok = self.doc[i]
            noun = last_part(tok)
            cls = self.lex.event_nouns.get(noun.lower()) or self.lex.event_nouns.get(lemma(noun))
            before = self.doc[tok.i - 1].lower_ if tok.i > 0 else ""
            if cls and before in ev_cfg["past_edition_cues"]:
                continue  # "beim vorigen Kongress 2024": the series' last edition, for comparison
            if cls:
                found.append((cls, self._event_label(tok, cls), tok.i))
                if self._fresh(tok.i):
                    fresh.add(tok.i)
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
        if not found and dated and self.rec.events and self._schedules_last(ctx):
            last = self.rec.events[-1]  # "... zu einem zweiten Workshop ein. Er findet am ..."
            found.append((last.cls, last.label, ctx.span.start))
        for cls, label, pos in found:
            fields: dict[str, object] = {"place": place}
            if dated:
                when = self._date_of(pos, found, dated)
                fields["start"] = when.start
                fields["end"] = when.end or (when.start if cls != "Incident" else None)
            if cues_org and agencies:
                fields["organizer"] = agencies[-1]
            elif cues_part and agencies:
                fields["participants"] = agencies
            self.event(cls, label, ctx.index, fresh=pos in fresh, **fields)

    def _fresh(self, i: int) -> bool:
        """The event noun at ``i`` is introduced as a new one: an indefinite article or
        "ähnlich", "weiter" within the two words before it ("Ein ähnlicher Workshop")."""
        cues = self.lex.events.get("new_event_cues", [])
        return any(self.doc[j].lower_ in cues for j in range(max(0, i - 2), i))

    def _date_of(
        self, i: int, found: list[tuple[str, str, int]], dated: list[DateSpan]
    ) -> DateSpan:
        """With several events in a sentence each takes the date after its noun, before the
        next event's ("Der Workshop am 3. März und das Seminar am 12. April"), else the last
        one before it; a single event takes the sentence's first date."""
        if len(found) < 2:
            return dated[0]
        at = self.doc[i].idx
        nxt = min((self.doc[p].idx for _, _, p in found if p > i), default=None)
        after = [d for d in dated if d.char_start >= at and (nxt is None or d.char_start < nxt)]
        if after:
            return after[0]
        before = [d for d in dated if d.char_end <= at]
        return before[-1] if before else dated[0]

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
        before = doc[i - 1].lower_ if i > 0 else ""
        ordinal = self.lex.events.get("ordinals", {}).get(before)
        key = f"{cls}:{tok.text}:"  # type: ignore[attr-defined]
        if ordinal is not None:
            # "zu einem ersten Workshop ... zu einem zweiten Workshop": two events; the
            # title's "Fachkongress 2025" and "zum vierten Fachkongress": one
            seen = self.ordinals.setdefault(key, ordinal)
            if seen != ordinal:
                return f"{tok.text} ({ordinal})"  # type: ignore[attr-defined]
        return tok.text  # type: ignore[attr-defined]

    def _schedules_last(self, ctx: SentenceContext) -> bool:
        """ "Er findet am 22. Januar in Weingarten statt": a pronoun opening the sentence right
        after an undated scheduled event, with a scheduling verb, dates that event."""
        last = self.rec.events[-1]
        cfg = self.lex.events
        if last.start is not None or last.cls not in cfg["scheduled"]:
            return False
        if ctx.index - last.sentence != 1:
            return False
        first = self.doc[ctx.span.start].lower_
        return first in cfg.get("event_pronouns", []) and ctx.has_any(cfg["schedule_verbs"])

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
        """Time and fee of a seminar page: "von 10 bis 11:30 Uhr", "kostet 79 Euro"; on any
        page, a date with its hours ("Dienstag, 18. November 2025, 9 bis 16 Uhr") is the
        schedule of the undated event named before it ("Seminar: ..." under the body's name)."""
        text = ctx.text
        hours = _HOURS.search(text)
        if self.rec.layout == "seminar":
            ev = next((e for e in self.rec.events if e.cls == self.page_event), None)
        elif hours:
            scheduled = self.lex.events["scheduled"]
            ev = next((e for e in reversed(self.rec.events) if e.cls in scheduled), None)
        else:
            return
        if ev is None:
            return
        times = re.search(r"von (\d{1,2}(?::\d{2})?) bis (\d{1,2}(?::\d{2})?) Uhr", text)
        if times and ev.start_time is None:
            ev.start_time, ev.end_time = (_time(t) for t in times.groups())
        dated = [d for d in ctx.dates if d.start.day is not None]
        vague = ev.start is None or ev.start.day is None  # "Fachtagung «... 2025»" in the title
        cued = ctx.has_any(self.lex.events["date_cues"]) or any(d.end for d in dated) or hours
        if dated and vague and cued:  # a day range or hours make a schedule without a cue word
            ev.start, ev.end = dated[0].start, dated[0].end or dated[0].start
        if ctx.has_any(self.lex.events["fee_cues"]):
            for tok in ctx.span:
                cur = self.lex.events["currencies"].get(tok.text)
                if cur and tok.i > 0:
                    value = self.numbers.value_at(self.doc, tok.i - 1)
                    if value:
                        ev.fee, ev.currency = value[0], cur

    def organizer(self, who: Hit) -> Ref | None:
        """An event's organiser is a body or a person: a post ("Ein Sprecher") stands for
        its agency (none when the text gives none)."""
        if who.ref.kind == "post":
            return self.holders.agency_of(who)
        return who.ref


_HOURS = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:bis|-|–)\s*\d{1,2}(?:[:.]\d{2})?\s*Uhr\b")


def _refines(new: PartialDate, old: PartialDate | None) -> bool:
    """A day-precise date within a vaguer one ("2026" -> "24. März 2026") makes it precise."""
    if old is None or new.day is None or old.day is not None or new.year != old.year:
        return False
    return old.month is None or old.month == new.month


def _clashes(new: PartialDate, ev: Event) -> bool:
    """A date that is not the event's: neither within its days, nor a refinement of its
    date, nor a vaguer date that contains it ("im März" for "am 24. März")."""
    old = ev.start
    if old is None or _refines(new, old):
        return False
    last = ev.end or old
    if old.sort_key() <= new.sort_key() <= last.sort_key():
        return False
    vaguer = new.year == old.year and new.day is None and new.month in (None, old.month)
    return not vaguer


def _time(text: str) -> str:
    hour, _, minute = text.partition(":")
    return f"{int(hour):02d}:{int(minute or 0):02d}:00"
