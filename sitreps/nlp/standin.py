"""A stand-in for one of the model's components: it does the component's work its own way, and hands every
other attribute (its tables, labels, config, model, serialisation) to the component it stands in for."""

from __future__ import annotations

from typing import Any


class StandIn:
    """Attributes the stand-in does not define are ``inner``'s (the model's own component, set once read)."""

    inner: Any = None

    def __getattr__(self, name: str) -> Any:
        inner = self.__dict__.get("inner")
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)
