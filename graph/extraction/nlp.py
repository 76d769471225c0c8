"""The NLP toolkit: spaCy's blank German pipeline (tokens, sentences) and simplemma lemmas.

No statistical model is needed (none can be installed here): tokenisation, sentence
boundaries and a dictionary lemmatiser carry the rule layer above them.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import cast

import simplemma
import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token
from spacy.util import compile_suffix_regex


def tokenizer(nlp: Language) -> Tokenizer:
    """The pipeline's tokenizer, typed (spaCy declares it as any callable)."""
    return cast(Tokenizer, nlp.tokenizer)


@cache
def pipeline() -> Language:
    nlp = spacy.blank("de")
    # a grouped number ending a sentence ("folgen 61.000. Das ...") keeps its full stop in
    # spaCy's token, so no sentence would end there: split the stop off
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=\d[.'’]\d{3})\.$"]
    tokenizer(nlp).suffix_search = compile_suffix_regex(suffixes).search
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Dictionary lemma, lowercased ("Followern" -> "follower")."""
    return simplemma.lemmatize(word, lang="de").lower()


def last_part(token: Token) -> str:
    """Head of a hyphenated compound ("Best-Practice-Workshops" -> "Workshops")."""
    return token.text.rsplit("-", 1)[-1] if "-" in token.text.strip("-") else token.text


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def texts(doc: Doc) -> list[str]:
    """The token texts of ``doc``, made once per document: several passes read only the text
    of every token, and each ``for tok in doc`` makes a Token object per token (about a fifth
    of extraction time went to spaCy's token access)."""
    cached = doc.user_data.get("amtsgraph:texts")
    if cached is None:
        cached = doc.user_data["amtsgraph:texts"] = [t.text for t in doc]
    return cast(list[str], cached)


def full_text(doc: Doc) -> str:
    """``doc.text``, made once per document (spaCy joins every token again on each access)."""
    cached = doc.user_data.get("amtsgraph:text")
    if cached is None:
        cached = doc.user_data["amtsgraph:text"] = doc.text
    return cast(str, cached)


def lowers(doc: Doc) -> list[str]:
    """The lower-cased token texts of ``doc`` (spaCy's ``lower_``), made once per document."""
    cached = doc.user_data.get("amtsgraph:lowers")
    if cached is None:
        cached = doc.user_data["amtsgraph:lowers"] = [t.lower() for t in texts(doc)]
    return cast(list[str], cached)
