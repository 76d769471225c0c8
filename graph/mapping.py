"""Stage 3: records -> RDF, declaratively.

The mapping is a JSON-LD 1.1 ``@context`` (`mappings/context.jsonld`: which record field is
which property, with its datatype) plus IRI templates (`mappings/iris.yaml`). This module only
turns records into JSON objects whose keys are the context's terms; Oxigraph's JSON-LD parser
(Rust) does the rest. Why JSON-LD rather than SPARQL CONSTRUCT or RML: the records already
are JSON-shaped trees, the context is a W3C standard any RDF tool reads, and the parse runs
in native code at store speed (see README, "Mapping").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from graph import __version__
from graph.assets import mappings_dir
from graph.dates import PartialDate
from graph.errors import MappingError
from graph.lexicon import Lexicon
from graph.records import ArticleRecord, Entity, Extraction, Ref
from graph.vocab import GraphNames, slugify


@cache
def _context(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as err:
        raise MappingError(f"{folder / 'context.jsonld'}: unusable JSON-LD context: {err}") from err


@cache
def _templates(folder: Path) -> dict[str, str]:
    try:
        return dict(yaml.safe_load((folder / "iris.yaml").read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, TypeError, ValueError) as err:
        raise MappingError(f"{folder / 'iris.yaml'}: unusable IRI templates: {err}") from err


def _date(value: PartialDate | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"@value": value.iso(), "@type": value.datatype()}


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if value == int(value) else repr(value)


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


@dataclass
class Mapper:
    """Builds the JSON-LD document of one source file under one base IRI."""

    graphs: GraphNames
    folder: Path
    lex: Lexicon

    @classmethod
    def for_base(cls, base: str, lex: Lexicon, folder: Path | None = None) -> Mapper:
        return cls(GraphNames(base), folder or mappings_dir(), lex)

    def iri(self, template: str, **fields: Any) -> str:
        try:
            return _templates(self.folder)[template].format(**fields)
        except KeyError as err:
            raise MappingError(
                f"mappings/iris.yaml: no template or field {err} for {template!r}"
            ) from err

    def ref(self, ref: Ref) -> str:
        template = ref.kind if ref.kind in ("account", "post", "role", "keyword") else "entity"
        return self.iri(template, kind=ref.kind, key=ref.key)

    def document(self, nodes: list[dict[str, Any]]) -> dict[str, Any]:
        context = dict(_context(self.folder))
        context["@base"] = self.graphs.base
        return {"@context": context, "@graph": nodes}

    # -- records -> nodes ----------------------------------------------------------------
    def entity(self, e: Entity, article: str | None = None) -> dict[str, Any]:
        return _clean(
            {
                "id": self.ref(e.ref),
                "type": e.cls,
                "label": e.label,
                "label_en": e.label_en,
                "altLabel": list(e.alt_labels),
                "matchedBy": "Gazetteer" if e.linked else "Pattern",
                "locatedIn": self.ref(Ref("region", e.located_in)) if e.located_in else None,
                "partOf": self.ref(Ref("region", e.part_of)) if e.part_of else None,
                "subOrganizationOf": (
                    self.ref(Ref("agency", e.sub_organization_of))
                    if e.sub_organization_of
                    else None
                ),
                "wikidata": f"http://www.wikidata.org/entity/{e.wikidata}" if e.wikidata else None,
                "geonames": f"https://sws.geonames.org/{e.geonames}/" if e.geonames else None,
                "givenName": e.given_name,
                "familyName": e.family_name,
                "party": e.party,
                "legalForm": e.legal_form,
                "formerName": list(e.former_names),
                "mentionedIn": article,
            }
        )

    def article(self, rec: ArticleRecord, page: str | None = None) -> list[dict[str, Any]]:
        """Nodes of one article, or of a teaser for it when ``page`` (the showing page) is given."""
        art = self.iri("article", slug=rec.slug)
        text = rec.slug if page is None else self.iri("teaser_text", page=page, slug=rec.slug)

        def sentence(i: int) -> str:
            return self.iri("sentence", text=text, index=i)

        nodes: list[dict[str, Any]] = [
            _clean(
                {
                    "id": art,
                    "type": "Article",
                    "title": rec.title,
                    "datePublished": _date(rec.date),
                    "layout": rec.layout,
                    "authorInitials": rec.author,
                    "imageCredit": rec.image_credit,
                    "sourceFile": rec.source if rec.layout != "teaser" else None,
                    "keyword": [self.iri("keyword", key=slugify(k)) for k in rec.keywords],
                    "coversRegion": self.ref(Ref("region", rec.region)) if rec.region else None,
                    "relatedArticle": [self.iri("article", slug=s) for s in rec.related],
                    "listsVendor": [self.ref(v) for v in rec.vendors],
                    "externalLink": list(rec.links),
                }
            )
        ]
        nodes += [
            {"id": self.iri("keyword", key=slugify(k)), "type": "Keyword", "label": k}
            for k in rec.keywords
        ]
        nodes += [
            {
                "id": sentence(s.index),
                "type": "Sentence",
                "text": s.text,
                "inArticle": art,
                "sentenceIndex": str(s.index),
                "charStart": str(s.start),
                "charEnd": str(s.end),
            }
            for s in rec.sentences
        ]
        nodes += [self.entity(e, art) for e in rec.entities.values()]
        nodes += [
            {
                "id": self.iri("mention", text=text, index=i),
                "type": "Mention",
                "refersTo": self.ref(m.ref),
                "evidence": sentence(m.sentence),
                "surfaceForm": m.surface,
                "charStart": str(m.start),
                "charEnd": str(m.end),
                "inArticle": art,
            }
            for i, m in enumerate(rec.mentions)
        ]
        nodes += [
            _clean(
                {
                    "id": self.iri("account", key=a.key),
                    "type": "Account",
                    "label": f"{self._holder_label(rec, a.holder, a.key)} ({a.platform})",
                    "accountHolder": self.ref(a.holder) if a.holder else None,
                    "onPlatform": self.ref(Ref("platform", a.platform)),
                    "accountName": a.name,
                    "accountUrl": a.url,
                    "startDate": _date(a.start),
                    "isPlanned": "true" if a.planned else None,
                    "evidence": sentence(a.sentence),
                    "mentionedIn": art,
                }
            )
            for a in rec.accounts
        ]
        nodes += [
            _clean(
                {
                    "id": self.iri("observation", key=o.key),
                    "type": "Observation",
                    "observedEntity": self.ref(o.subject),
                    "metric": o.metric,
                    "value": _num(o.value),
                    "approximation": o.approximation,
                    "observationDate": _date(o.date),
                    "onPlatform": self.ref(Ref("platform", o.platform)) if o.platform else None,
                    "isPlanned": "true" if o.planned else None,
                    "evidence": sentence(o.sentence),
                    "mentionedIn": art,
                }
            )
            for o in rec.observations
        ]
        for p in rec.posts:
            post = self.iri("post", key=p.key)
            role = self.lex_role(p.role)
            nodes.append(
                _clean(
                    {
                        "id": post,
                        "type": "Post",
                        "postIn": self.ref(p.agency) if p.agency else None,
                        "role": self.iri("role", key=p.role),
                        "heldBy": self.ref(p.person) if p.person else None,
                        "evidence": sentence(p.sentence),
                        "mentionedIn": art,
                    }
                )
            )
            nodes.append(
                _clean(
                    {
                        "id": self.iri("role", key=p.role),
                        "type": "Role",
                        "label": role[0],
                        "label_en": role[1],
                    }
                )
            )
            if p.person:
                nodes.append({"id": self.ref(p.person), "holds": {"@id": post}})
        nodes += [
            {
                "id": self.iri("quotation", text=text, index=i),
                "type": "Quotation",
                "quotedPerson": self.ref(q.person),
                "text": q.text,
                "evidence": sentence(q.sentence),
                "inArticle": art,
            }
            for i, q in enumerate(rec.quotations)
        ]
        nodes += [{"id": self.ref(q.person), "quotedIn": art} for q in rec.quotations]
        nodes += [
            _clean(
                {
                    "id": self.iri("event", key=ev.key),
                    "type": ev.cls,
                    "label": ev.label,
                    "startDate": _date(ev.start),
                    "endDate": _date(ev.end),
                    "startTime": ev.start_time,
                    "endTime": ev.end_time,
                    "place": self.ref(Ref("region", ev.place)) if ev.place else None,
                    "organizer": self.ref(ev.organizer) if ev.organizer else None,
                    "participant": [self.ref(r) for r in ev.participants],
                    "concerns": [self.ref(r) for r in ev.concerns],
                    "onPlatform": self.ref(Ref("platform", ev.platform)) if ev.platform else None,
                    "fee": _num(ev.fee),
                    "currency": ev.currency,
                    "fromValue": _num(ev.from_value),
                    "toValue": _num(ev.to_value),
                    "isPlanned": "true" if ev.planned else None,
                    "evidence": sentence(ev.sentence),
                    "mentionedIn": art,
                }
            )
            for ev in rec.events
        ]
        for ad in rec.addresses:
            addr = self.iri("address", vendor=ad.vendor.key, postal_code=ad.postal_code)
            nodes.append(
                _clean(
                    {
                        "id": addr,
                        "type": "PostalAddress",
                        "postalCode": ad.postal_code,
                        "locality": ad.locality,
                        "label": f"{ad.postal_code} {ad.locality}",
                        "addressCity": self.ref(Ref("region", ad.city)) if ad.city else None,
                        "mentionedIn": art,
                    }
                )
            )
            nodes.append({"id": self.ref(ad.vendor), "address": {"@id": addr}})
        nodes += [
            {"id": self.ref(agency), "plannedPlatform": {"@id": self.ref(Ref("platform", p))}}
            for agency, p in rec.planned_platforms
        ]
        return nodes

    @staticmethod
    def _holder_label(rec: ArticleRecord, holder: Ref | None, fallback: str) -> str:
        return rec.entities[holder].label if holder in rec.entities else fallback

    def lex_role(self, key: str) -> tuple[str, str]:
        role = self.lex.roles.get(key)
        return (role.label, role.label_en) if role else (key, key)

    def extraction(self, ex: Extraction) -> dict[str, Any]:
        """The JSON-LD document of one source file: its article, teasers and provenance."""
        graph = self.graphs.article(ex.article.slug)
        nodes = self.article(ex.article)
        for teaser in ex.teasers:
            nodes += self.article(teaser, page=ex.article.slug)
        nodes.append(
            {
                "id": graph,
                "type": "prov:Entity",
                "wasDerivedFrom": self.iri("article", slug=ex.article.slug),
                "sourceFile": ex.source,
                "contentHash": ex.content_hash,
                "generatedAtTime": datetime.now(UTC).isoformat(timespec="seconds"),
                "wasAttributedTo": self.iri("software", version=__version__),
            }
        )
        return self.document(nodes)

    def triples(self, document: dict[str, Any]) -> list[ox.Triple]:
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
        try:
            return [q.triple for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)]
        except SyntaxError as err:
            raise MappingError(f"mapping produced invalid JSON-LD: {err}") from err

    # -- reference data ------------------------------------------------------------------
    def reference(self) -> dict[str, Any]:
        """Regions, platforms, known agencies and roles from mappings/: the gazetteer as RDF."""
        from graph.extraction.entities import EntityResolver

        lex = self.lex
        rec = ArticleRecord("reference", "", "reference", "", "", "")
        res = EntityResolver(lex, rec, None)
        for key in lex.regions:
            res.region_entity(key)
        for key in lex.platforms:
            res.platform_entity(key)
        for key in lex.known_agencies:
            res.known_agency(key)
        nodes = [self.entity(e) for e in rec.entities.values()]
        nodes += [
            _clean(
                {
                    "id": self.iri("role", key=r.key),
                    "type": "Role",
                    "label": r.label,
                    "label_en": r.label_en,
                }
            )
            for r in lex.roles.values()
        ]
        return self.document(nodes)
