"""Stages by versioned name, so a worker process can rebuild them from names and config."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import UnknownStage
from .pipeline import Stage

STAGES: dict[str, Callable[..., Stage[Any, Any]]] = {}


def register(name: str, factory: Callable[..., Stage[Any, Any]]) -> None:
    STAGES[name] = factory


def build(name: str, /, **config: Any) -> Stage[Any, Any]:
    """Build a stage from its registered name and its config."""
    if not STAGES:
        _register_defaults()
    if name not in STAGES:
        raise UnknownStage(name, known=sorted(STAGES))
    return STAGES[name](**config)


def _register_defaults() -> None:
    from .dedupe import UniqueArticles
    from .nlp.spacy import SpacyCoder

    register("dedupe.ids.v1", UniqueArticles)
    register("code.spacy.v1", SpacyCoder)
