"""Accounts on platforms: who has one, under which name, since when.

An account is keyed by platform and holder (or its name), so every sentence that names it,
a count or a link adds to the same account. A launch verb near a platform makes an
AccountLaunch (or AccountShutdown) event.
"""

from __future__ import annotations

from spacy.tokens import Doc

from graph.dates import DateSpan, PartialDate
from graph.extraction.context import Article, Reader, SentenceContext, nearest
from graph.extraction.entities import Hit
from graph.extraction.events import EventReader
from graph.extraction.holders import HolderReader
from graph.extraction.nlp import last_part
from graph.records import Account, Ref
from graph.vocab import slugify


class AccountReader(Reader):
    """The accounts a sentence names, launched, closed or planned."""

    def __init__(self, article: Article, holders: HolderReader, events: EventReader) -> None:
        super().__init__(article)
        self.holders = holders
        self.events = events

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
        self.memory.last_account[platform] = key
        self.memory.last_account_at[platform] = sentence
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

    def read(self, ctx: SentenceContext, holders: list[Hit]) -> dict[int, Account]:
        """Accounts named in the sentence, by the token index of their platform mention."""
        platforms = ctx.platforms()
        found: dict[int, Account] = {}
        if not platforms:
            return found
        planned = bool(ctx.lowers & self.cues.plan) or self.memory.plan_continues
        verbs = [
            t.i for t in ctx.span if t.lower_ in self.cues.launch or t.lower_ in self.cues.shutdown
        ]
        if "an den Start" in ctx.text:
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
            shut = bool(ctx.lowers & self.cues.shutdown)
            date = _closest_date(starts, p, self.doc) if not shut else None
            start = date.start if date else (self.reference if is_launch and not shut else None)
            # "Das Landratsamt Görlitz und der Bundesrat sind auf X": one account each
            for who in [*self.holders.co_holders(holders, holder), holder]:
                name = self._account_name(ctx, p) if who is holder else None
                acc = self.account(who.ref, p.ref.key, ctx.index, name=name, start=start)
                found[p.start] = acc
                if is_launch:
                    cls = "AccountShutdown" if shut else "AccountLaunch"
                    holder_label = self.rec.entities[who.ref].label
                    platform_label = self.lex.platforms[p.ref.key].label
                    self.events.event(
                        cls,
                        f"{holder_label} auf {platform_label}",
                        ctx.index,
                        start=self.reference if shut else acc.start,
                        organizer=self.events.organizer(who),
                        concerns=[Ref("account", acc.key)],
                        platform=p.ref.key,
                        planned=planned,
                    )
        return found

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

    def existing(self, key: str | None) -> Account | None:
        return next((a for a in self.rec.accounts if a.key == key), None) if key else None

    def definite(self, ctx: SentenceContext) -> bool:
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
