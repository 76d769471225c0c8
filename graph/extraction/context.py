"""What the fact readers of one article share.

The facts of a sentence are read by several small readers (accounts, counts, staff, questions,
events, holders), and a rule of one often needs what another saw a sentence before: the
platform named last, the count an ellipsis refers to. They share it through one `Article`
(the document, its record and lexicon, the cue words) with one `Memory`, instead of each
keeping its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from graph.dates import DateSpan, PartialDate
from graph.extraction.entities import HOLDER_KINDS, EntityResolver, Hit
from graph.extraction.nlp import full_text
from graph.extraction.numbers import NumberReader
from graph.extraction.owners import Discourse, Grammar
from graph.lexicon import Lexicon
from graph.records import Observation, Ref

SOCIAL_METRICS = frozenset({"Followers", "Fans", "Subscribers"})
BODY_KINDS = frozenset({"agency", "organization"})


@dataclass
class SentenceContext:
    """What a sentence knows: its tokens, hits, dates and cue words."""

    index: int
    span: TokenSpan
    hits: list[Hit]
    dates: list[DateSpan]
    lowers: set[str] = field(default_factory=set)

    @cached_property
    def text(self) -> str:
        """The sentence's text, made once: spaCy joins the tokens again on every access."""
        return full_text(self.span.doc)[self.span.start_char : self.span.end_char]

    @cached_property
    def lower_text(self) -> str:
        return self.text.lower()

    def holders(self) -> list[Hit]:
        return [h for h in self.hits if h.ref.kind in HOLDER_KINDS]

    def platforms(self) -> list[Hit]:
        """Platforms used in the sentence (not those only talked about: "Twitter-Debatte")."""
        return [h for h in self.hits if h.ref.kind == "platform" and not h.topic]

    def has_any(self, words: list[str] | frozenset[str]) -> bool:
        text = self.lower_text
        return any(w.lower() in self.lowers or (" " in w and w.lower() in text) for w in words)


@dataclass(frozen=True)
class Cues:
    """The cue words of events.yaml and counts.yaml, lowercased once per article."""

    launch: frozenset[str]
    shutdown: frozenset[str]
    plan: frozenset[str]
    team_nouns: frozenset[str]
    team_cues: frozenset[str]
    gain_words: frozenset[str]
    differences: frozenset[str]
    comparatives: frozenset[str]
    not_counted: frozenset[str]
    count_heads: frozenset[str]
    future: frozenset[str]
    reach_verbs_objects: frozenset[str]
    each: frozenset[str]
    then_words: frozenset[str]
    participation: frozenset[str]
    count_plans: frozenset[str]
    all_channels: list[str]
    question_words: frozenset[str]
    others_after: frozenset[str]
    follow_up_words: frozenset[str]
    place_adverbs: frozenset[str]
    respectively: frozenset[str]

    @classmethod
    def of(cls, lex: Lexicon) -> Cues:
        ev, counts = lex.events, lex.counts

        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in counts.get(key, []))

        plan = frozenset(w.lower() for w in ev["plan_cues"])
        return cls(
            launch=frozenset(w.lower() for w in ev["launch_verbs"]),
            shutdown=frozenset(w.lower() for w in ev["shutdown_verbs"]),
            plan=plan,
            team_nouns=words("team_nouns"),
            team_cues=words("team_cues"),
            gain_words=words("gain_words"),
            differences=words("difference_words"),
            comparatives=words("comparatives"),
            not_counted=frozenset(counts.get("not_counted", [])),
            count_heads=words("count_heads"),
            future=words("future_words"),
            reach_verbs_objects=frozenset(
                w.lower() for w in counts.get("ellipsis_after", ["auf", "mit"])
            ),
            each=words("each_words"),
            then_words=words("then_words"),
            participation=words("participation_verbs"),
            count_plans=plan | {w.lower() for w in counts.get("plan_words", [])},
            all_channels=[w.lower() for w in counts.get("all_channels", [])],
            question_words=words("question_words"),
            others_after=words("others_accounts_after"),
            follow_up_words=words("follow_up_words"),
            place_adverbs=words("place_adverbs"),
            respectively=words("respectively_words"),
        )


@dataclass
class Memory:
    """What the readers remember from the sentences before, for the sentences after."""

    topic_platform: str | None = None  # the platform the article is about
    prev_lowers: set[str] = field(default_factory=set)  # the previous sentence's words
    first_person: bool = False  # the sentence says "wir", "unser"
    sentence_metric: str | None = None  # the last count noun read in the sentence
    antecedent: Observation | None = None  # the count an ellipsis refers to
    carried: bool = False  # the last count's owner came from the text before its sentence
    last_holder: Hit | None = None
    last_body: Hit | None = None  # the last agency or organisation named
    last_count_end: int = 0  # token after the last count read
    heading_as_of: PartialDate | None = None
    last_platform: Hit | None = None
    last_platform_sentence: int = -99
    last_account: dict[str, str] = field(default_factory=dict)  # platform -> account key
    last_account_at: dict[str, int] = field(default_factory=dict)  # platform -> its sentence
    plan_continues: bool = False  # "Geplant sind:" announces the next sentence


@dataclass
class Article:
    """The article being read: its document and record, the page's own agency ("wir"), the
    tools the rules use, and the shared memory."""

    res: EntityResolver
    doc: Doc
    reference: PartialDate | None  # the article's date
    focus: Ref | None  # the page's own agency ("wir")
    numbers: NumberReader
    grammar: Grammar
    discourse: Discourse
    cues: Cues
    memory: Memory

    @classmethod
    def open(
        cls, res: EntityResolver, doc: Doc, reference: PartialDate | None, focus: Ref | None
    ) -> Article:
        lex = res.lex
        grammar = Grammar.of(lex)
        return cls(
            res,
            doc,
            reference,
            focus,
            NumberReader(lex),
            grammar,
            Discourse(lex, grammar),
            Cues.of(lex),
            Memory(),
        )


class Reader:
    """Base of the fact readers: short names for what they share through the article."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.res = article.res
        self.lex = article.res.lex
        self.rec = article.res.rec
        self.doc = article.doc
        self.reference = article.reference
        self.focus = article.focus
        self.numbers = article.numbers
        self.grammar = article.grammar
        self.discourse = article.discourse
        self.cues = article.cues
        self.memory = article.memory


def nearest(hits: list[Hit], pos: int, *, before_only: bool = False) -> Hit | None:
    before = [h for h in hits if h.end <= pos]
    if before:
        return max(before, key=lambda h: h.end)
    if before_only:
        return None
    after = [h for h in hits if h.start >= pos]
    return min(after, key=lambda h: h.start) if after else None
