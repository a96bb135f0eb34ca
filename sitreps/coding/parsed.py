"""What is read once per parsed article and asked for many times: its entities, sentences, and texts.

spaCy builds these afresh on every access (``Doc.ents`` makes a new span per entity, ``Span.text`` joins
every token), and the extractors ask for them per event; they are kept in the doc's ``user_data``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

_KEY = "sitreps.parsed"


def _memo(doc: Doc) -> dict[Any, Any]:
    memo = doc.user_data.get(_KEY)
    if memo is None:
        memo = doc.user_data[_KEY] = {}
    return memo


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, read once."""
    memo = _memo(doc)
    if "ents" not in memo:
        memo["ents"] = tuple(doc.ents)
    return memo["ents"]  # type: ignore[no-any-return]


def sentences(doc: Doc) -> tuple[Span, ...]:
    """``doc.sents``, read once."""
    memo = _memo(doc)
    if "sents" not in memo:
        memo["sents"] = tuple(doc.sents)
    return memo["sents"]  # type: ignore[no-any-return]


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once."""
    memo = _memo(doc)
    if "text" not in memo:
        memo["text"] = doc.text
    return memo["text"]  # type: ignore[no-any-return]


def remember_text(doc: Doc, text: str) -> None:
    """Tell ``doc_text`` what ``doc.text`` is, where the caller holds it (the text the Doc was made from)."""
    _memo(doc)["text"] = text


def text_of(span: Span) -> str:
    """``span.text``, as a slice of the article's text."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def sentence_memo(sent: Span, name: str) -> dict[tuple[int, int], Any]:
    """A per-sentence cache for a property computed per event of the sentence (``name`` keeps them apart)."""
    return _memo(sent.doc).setdefault(name, {})  # type: ignore[no-any-return]
