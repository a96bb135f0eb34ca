"""Stages and how they compose: a stream of items in, a stream of items out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .model import Failure

In_contra = TypeVar("In_contra", contravariant=True)
Out_co = TypeVar("Out_co", covariant=True)
T = TypeVar("T")
U = TypeVar("U")

OnError = Callable[[Failure], None]


class Stage(Protocol[In_contra, Out_co]):
    """Turns a stream of items into a stream of items. That is the whole contract."""

    name: str

    def __call__(self, items: Iterable[In_contra], /) -> Iterator[Out_co]: ...


def raise_failure(failure: Failure) -> None:
    """The default error handler: stop and say where (tests run with this)."""
    raise RuntimeError(f"{failure.stage} failed on {failure.item_id}: {failure.message}")


@dataclass(frozen=True, slots=True)
class PerItem(Generic[T, U]):
    """The usual stage: one function applied to each item, zero or more results out."""

    name: str
    fn: Callable[[T], Iterable[U]]
    on_error: OnError = raise_failure

    def __call__(self, items: Iterable[T], /) -> Iterator[U]:
        for item in items:
            try:
                yield from self.fn(item)
            except Exception as error:  # noqa: BLE001 - handed to on_error, never swallowed silently
                self.on_error(Failure(self.name, getattr(item, "id", "?"), type(error).__name__, str(error),
                                      getattr(item, "origin", None)))


def run(items: Iterable[Any], stages: Iterable[Stage[Any, Any]]) -> Iterator[Any]:
    """Chain the stages lazily over the items."""
    for stage in stages:
        items = stage(items)
    return iter(items)
