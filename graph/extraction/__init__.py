"""Stage 2: extraction. Documents in, records out (article id and text span; no RDF).

``extract_all`` runs spaCy over many documents at once (``nlp.pipe``); each document then goes
through the same steps: gazetteer spans -> entities -> facts per sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlparse

from spacy.tokens import Doc

from graph.dates import DateReader
from graph.extraction.entities import EntityResolver, Hit, resolve
from graph.extraction.facts import FactReader, SentenceContext, topic_platform
from graph.extraction.gazetteer import find_spans, prepare
from graph.extraction.nlp import full_text, last_part, pipeline
from graph.lexicon import Lexicon
from graph.reading import Document
from graph.records import (
    Address,
    ArticleRecord,
    Entity,
    Event,
    Extraction,
    Mention,
    Observation,
    Ref,
    Sentence,
)
from graph.vocab import slugify

__all__ = ["extract", "extract_all"]


def extract(document: Document, lex: Lexicon) -> Extraction:
    return next(extract_all([document], lex))


def extract_all(documents: Iterable[Document], lex: Lexicon) -> Iterator[Extraction]:
    """One Extraction per source document, teasers included, in input order."""
    nlp = pipeline()
    prepare(lex)
    dates = DateReader(lex)
    for document in documents:
        parts = [document, *document.teasers]
        docs = list(nlp.pipe(p.text for p in parts))
        records = [_extract_one(p, d, lex, dates) for p, d in zip(parts, docs, strict=True)]
        article = records[0]
        article.related = [t.slug for t in document.teasers]
        _vendors(document, article, lex)
        yield Extraction(document.source, document.content_hash, article, records[1:])


def _region_of(tag: str | None, lex: Lexicon) -> str | None:
    return lex.region_names.get(tag.lower()) if tag else None


def _extract_one(document: Document, doc: Doc, lex: Lexicon, dates: DateReader) -> ArticleRecord:
    rec = ArticleRecord(
        document.slug,
        document.title,
        document.layout,
        document.source,
        document.content_hash,
        document.text,
        document.date,
        author=document.author,
        image_credit=document.image_credit,
        keywords=list(document.keywords),
        links=list(document.links),
    )
    region = _region_of(document.region_tag, lex)
    res = EntityResolver(lex, rec, region)
    if region:
        rec.region = region
        res.region_entity(region)
    hits = resolve(doc, find_spans(doc, lex), res)
    sent_of = _sentences(doc, rec)
    for h in hits:
        if h.end > h.start:
            words = doc[h.start : h.end]
            rec.mentions.append(
                Mention(h.ref, sent_of[h.start], words.text, words.start_char, words.end_char)
            )
    for post in rec.posts:
        post.sentence = next((sent_of[h.start] for h in hits if h.ref == Ref("post", post.key)), 0)
    focus = _focus(document, hits, sent_of, lex, res)
    facts = FactReader(res, doc, document.date, focus, topic_platform(doc, hits))
    if document.organiser:
        organiser = res.organization(document.organiser)
        facts.offers(_title_event_class(doc, lex), document.title, organiser)
    by_sentence: dict[int, list[Hit]] = {}
    for h in hits:
        by_sentence.setdefault(sent_of[h.start], []).append(h)
    for s in rec.sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None:
            continue
        found = [
            d.__class__(d.start, d.end, d.char_start + s.start, d.char_end + s.start, d.since)
            for d in dates.find(s.text, document.date)
        ]
        in_sentence = by_sentence.get(s.index, [])
        ctx = SentenceContext(s.index, span, in_sentence, found, {t.lower_ for t in span})
        facts.sentence(ctx)
        facts.seminar_details(ctx)
    _links(document, rec, facts, focus, lex)
    _dedupe_events(rec, lex)
    _distinct_observations(rec)
    return rec


def _sentences(doc: Doc, rec: ArticleRecord) -> list[int]:
    sent_of = [0] * (len(doc) + 1)
    full = full_text(doc)
    index = 0
    for sent in doc.sents:
        whole = full[sent.start_char : sent.end_char]  # sent.text, without joining tokens
        if not whole.strip():
            continue
        # paragraphs are sentence boundaries too (titles, headings, list items)
        pieces = []
        offset = sent.start_char
        for part in whole.split("\n\n"):
            if part.strip():
                lead = len(part) - len(part.lstrip())
                pieces.append((offset + lead, offset + len(part.rstrip())))
            offset += len(part) + 2
        for a, b in pieces:
            rec.sentences.append(Sentence(index, full[a:b], a, b))
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    sent_of[i] = index
            index += 1
    return sent_of


def _focus(
    document: Document, hits: list[Hit], sent_of: list[int], lex: Lexicon, res: EntityResolver
) -> Ref | None:
    """The page's own agency: the one its title or region tag names ("wir" refers to it)."""
    if document.region_tag and document.region_tag.lower() in lex.agency_aliases:
        return res.known_agency(lex.agency_aliases[document.region_tag.lower()])
    for h in hits:
        if sent_of[h.start] == 0 and h.ref.kind == "agency":
            return h.ref
    if document.layout in ("webpage", "teaser"):
        return next((h.ref for h in hits if h.ref.kind == "agency"), None)
    return None


def _links(
    document: Document, rec: ArticleRecord, facts: FactReader, focus: Ref | None, lex: Lexicon
) -> None:
    """Account URLs ("http://www.facebook.com/name") name the page's own account."""
    for link in document.links:
        url = urlparse(link)
        host = (url.hostname or "").removeprefix("www.")
        platform = lex.platform_domains.get(host)
        if platform is None:
            continue
        holder = focus or (facts.last_holder.ref if facts.last_holder else None)
        if holder is None:
            continue
        facts.res.platform_entity(platform)
        facts.accounts.account(holder, platform, len(rec.sentences) - 1, url=link)


def _vendors(document: Document, rec: ArticleRecord, lex: Lexicon) -> None:
    forms = sorted(lex.vendors.get("legal_forms", []), key=len, reverse=True)
    for v in document.vendors:
        legal = next((f for f in forms if v.name.endswith(" " + f)), None)
        ref = rec.add_entity(
            Entity(Ref("vendor", slugify(v.name)), v.name, "Vendor", False, legal_form=legal)
        )
        if ref not in rec.vendors:
            rec.vendors.append(ref)
        city = lex.region_names.get(v.city.lower())
        if city:
            EntityResolver(lex, rec, None).region_entity(city)
        rec.addresses.append(Address(ref, v.postal_code, v.city, city, v.line))


def _distinct_observations(rec: ArticleRecord) -> None:
    """One observation per key: a repeated value is dropped, another value for the same
    subject, metric and date gets its value into the key (the first keeps the plain key)."""
    values: dict[str, float] = {}
    kept: list[Observation] = []
    for obs in rec.observations:
        first = values.setdefault(obs.key, obs.value)
        if first != obs.value:
            obs.variant = f"{obs.value:f}".rstrip("0").rstrip(".").replace(".", "-")
            if obs.key in values:
                continue  # the same other value again
            values[obs.key] = obs.value
        elif any(o.key == obs.key for o in kept):
            continue
        kept.append(obs)
    rec.observations = kept


def _title_event_class(doc: Doc, lex: Lexicon) -> str:
    """The event a seminar page offers, by the first event noun of its title ("Workshop in
    Kiel: ...", "Fachtagung «...»"); a seminar when the title names none."""
    for tok in doc:
        if "\n" in tok.text:
            break
        cls = lex.event_nouns.get(last_part(tok).lower())
        if cls is not None and cls in lex.events.get("scheduled", []):
            return cls
    return "Seminar"


def _merge_undated(rec: ArticleRecord, lex: Lexicon) -> None:
    """An undated mention of a scheduled event is the article's one dated event of its class;
    any other undated one is no scheduled event: a programme item ("40 Workshops"), training
    in general ("unterstützt bei der Schulung") or an offer with no date the text gives."""
    scheduled = set(lex.events.get("scheduled", []))
    kept: list[Event] = []
    for ev in rec.events:
        dated = [e for e in rec.events if e.cls == ev.cls and e.start is not None]
        if ev.cls not in scheduled or ev.start is not None:
            kept.append(ev)
            continue
        if len(dated) != 1:
            continue
        target = dated[0]
        target.place = target.place or ev.place
        target.organizer = target.organizer or ev.organizer
        target.participants += [p for p in ev.participants if p not in target.participants]
    rec.events = kept


def _dedupe_events(rec: ArticleRecord, lex: Lexicon) -> None:
    """Give each event a stable key: its date and label, or the article and label."""
    _merge_undated(rec, lex)
    seen: dict[str, Event] = {}
    for ev in rec.events:
        when = ev.start.iso() if ev.start else rec.slug
        ev.key = f"{when}-{slugify(ev.cls)}-{slugify(ev.label)[:60]}"
        if ev.platform:
            ev.key += f"-{ev.platform}"
        seen.setdefault(ev.key, ev)
    rec.events = list(seen.values())
