"""The stage contract: PerItem, run, the registry, picklable stages and errors, failures recorded."""

from __future__ import annotations

import importlib
import inspect
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

import sitreps.errors
from sitreps import registry
from sitreps.errors import ModelNotFound, SitrepsError, UnknownStage
from sitreps.model import Article, Coded, Failure
from sitreps.nlp.spacy import SpacyCoder
from sitreps.pipeline import PerItem, raise_failure, run


@dataclass(frozen=True)
class Item:
    id: str
    value: int


def halve(item: Item) -> list[Item]:
    """Even values halve; odd values are an error."""
    if item.value % 2:
        raise ValueError(f"{item.value} is odd")
    return [Item(item.id, item.value // 2)]


def twice(item: Item) -> list[Item]:
    return [item, item]


def nothing(item: Item) -> list[Item]:
    return []


def ignore(failure: Failure) -> None:
    """An on_error that drops failures (for tests about something else)."""


ITEMS = (Item("a", 4), Item("b", 3), Item("c", 8))


# -- PerItem and run -------------------------------------------------------------------------------


def test_per_item_routes_an_error_to_on_error_and_goes_on() -> None:
    failures: list[Failure] = []
    stage = PerItem("halve.v1", halve, on_error=failures.append)
    assert list(stage(ITEMS)) == [Item("a", 2), Item("c", 4)]
    assert len(failures) == 1
    failure = failures[0]
    assert isinstance(failure, Failure)
    assert (failure.stage, failure.item_id, failure.error) == ("halve.v1", "b", "ValueError")
    assert failure.message == "3 is odd"


def test_per_item_raises_by_default_naming_stage_and_item() -> None:
    stage = PerItem("halve.v1", halve)
    assert stage.on_error is raise_failure
    with pytest.raises(RuntimeError, match=r"halve\.v1.*\bb\b.*3 is odd"):
        list(stage(ITEMS))


def test_per_item_gives_zero_or_more_results_per_item() -> None:
    assert list(PerItem("twice.v1", twice)(ITEMS[:2])) == [ITEMS[0], ITEMS[0], ITEMS[1], ITEMS[1]]
    assert list(PerItem("nothing.v1", nothing)(ITEMS)) == []


def test_per_item_names_an_item_without_an_id() -> None:
    failures: list[Failure] = []

    def boom(item: int) -> list[int]:
        raise KeyError(item)

    assert list(PerItem("boom.v1", boom, on_error=failures.append)([7])) == []
    assert failures[0].item_id == "?"
    assert failures[0].error == "KeyError"


def test_run_chains_stages_in_order() -> None:
    stages = [PerItem("twice.v1", twice), PerItem("halve.v1", halve, on_error=ignore)]
    assert list(run([Item("a", 4)], stages)) == [Item("a", 2), Item("a", 2)]
    assert list(run(ITEMS, [])) == list(ITEMS)


def test_run_is_lazy() -> None:
    pulled: list[str] = []

    def source() -> Iterator[Item]:
        for item in (Item("a", 2), Item("b", 4), Item("c", 6)):
            pulled.append(item.id)
            yield item

    out = run(source(), [PerItem("halve.v1", halve), PerItem("twice.v1", twice)])
    assert pulled == []
    assert next(out) == Item("a", 1)
    assert pulled == ["a"]
    assert next(out) == Item("a", 1)
    assert pulled == ["a"]
    assert list(out) == [Item("b", 2), Item("b", 2), Item("c", 3), Item("c", 3)]


# -- registry --------------------------------------------------------------------------------------


def test_registry_names_the_known_stages_for_an_unknown_one() -> None:
    with pytest.raises(UnknownStage) as raised:
        registry.build("nope")
    error = raised.value
    assert error.name == "nope"
    assert {"code.spacy.v1", "dedupe.ids.v1"} <= set(error.known)
    assert "nope" in str(error) and "code.spacy.v1" in str(error) and "dedupe.ids.v1" in str(error)


def test_registry_builds_stages_from_config() -> None:
    coder = registry.build("code.spacy.v1", batch_size=7, geocode=False)
    assert isinstance(coder, SpacyCoder)
    assert (coder.batch_size, coder.geocode, coder.name) == (7, False, "code.spacy.v1")
    dedupe = registry.build("dedupe.ids.v1")
    one, other = Article("One story about a protest in Minsk."), Article("Another story about Nairobi.")
    assert list(dedupe([one, other, one])) == [one, other]


# -- the spaCy stage -------------------------------------------------------------------------------


def test_spacy_coder_pickles_as_config(wire_text: str) -> None:
    coder = SpacyCoder(batch_size=8)
    article = Article(wire_text, published=date(2015, 10, 18))
    first = list(coder([article]))  # loads the model, the knowledge base and the gazetteer
    blob = pickle.dumps(coder)
    assert len(blob) < 4_000, "only the config travels, never the loaded model"
    clone = pickle.loads(blob)
    assert isinstance(clone, SpacyCoder)
    assert (clone.model, clone.batch_size, clone.name, clone.on_error) == (
        coder.model, 8, coder.name, raise_failure)
    coded = list(clone([article]))
    assert len(coded) == 1 and isinstance(coded[0], Coded)
    assert coded[0].events and coded == first


def test_spacy_coder_records_a_failure_and_codes_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    failures: list[Failure] = []
    coder = SpacyCoder(on_error=failures.append)
    articles = [Article(f"Police arrested {n} protesters in Nairobi on Tuesday.", published=date(2023, 7, 12),
                        origin=f"story-{n}.txt") for n in (10, 20, 30)]
    broken = articles[1].id
    event_coder = coder._load()[2]
    original = type(event_coder).code

    def code(self: Any, doc: Any, article: Article, *args: Any, **kwargs: Any) -> Coded:
        if article.id == broken:
            raise ZeroDivisionError("boom in extraction")
        return original(self, doc, article, *args, **kwargs)

    monkeypatch.setattr(type(event_coder), "code", code)
    coded = list(coder(articles))
    assert [c.article.id for c in coded] == [articles[0].id, articles[2].id]
    assert len(failures) == 1
    failure = failures[0]
    assert (failure.stage, failure.item_id, failure.error) == ("code.spacy.v1", broken, "ZeroDivisionError")
    assert "boom in extraction" in failure.message
    assert failure.origin == "story-20.txt"


def test_spacy_coder_with_a_bogus_model_raises_model_not_found() -> None:
    coder = SpacyCoder(model="no_such_model_xyz")
    with pytest.raises(ModelNotFound, match="no_such_model_xyz"):
        list(coder([Article("Police arrested ten protesters in Nairobi.")]))


# -- errors ----------------------------------------------------------------------------------------


def _error_classes() -> list[type[SitrepsError]]:
    found = {cls for _, cls in inspect.getmembers(sitreps.errors, inspect.isclass)
             if issubclass(cls, SitrepsError)}
    for module, name in (("sitreps.kb", "KBFormatError"), ("sitreps.lexicon", "LexiconError")):
        cls = getattr(importlib.import_module(module), name, None)
        if cls is not None:
            found.add(cls)
    return sorted(found, key=lambda cls: cls.__qualname__)


def _example_args(cls: type[BaseException]) -> list[Any]:
    """Plausible constructor arguments, by annotation: an int line, a list of names, else a string."""
    try:
        params = inspect.signature(cls).parameters.values()
    except ValueError:  # Exception's own __init__ has no signature: it takes any message
        return ["something went wrong"]
    args: list[Any] = []
    for param in params:
        if param.kind is param.VAR_POSITIONAL:
            args.append("something went wrong")
            continue
        if param.kind is param.VAR_KEYWORD:
            continue
        annotation = str(param.annotation)
        if annotation == "int":
            args.append(12)
        elif annotation.startswith("list"):
            args.append(["one.v1", "two.v1"])
        else:
            args.append(f"{param.name}-value")
    return args


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__name__)
def test_every_error_pickles(cls: type[SitrepsError]) -> None:
    error = cls(*_example_args(cls))
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert str(back) == str(error)
    assert back.args == error.args
    assert vars(back) == vars(error)


def test_the_errors_cover_what_the_brief_names() -> None:
    names = {cls.__name__ for cls in _error_classes()}
    assert {"SitrepsError", "UnknownStage", "ModelNotFound", "BadInput", "StoreError"} <= names



def test_an_article_over_the_size_limit_is_a_failure_not_a_crash() -> None:
    from sitreps.nlp.spacy import SpacyCoder

    failures: list = []
    coder = SpacyCoder(on_error=failures.append, geocode=False, max_chars=5_000)
    huge = Article(text="Rebels attacked the town. " * 200, id="huge")
    small = Article(text="Police arrested 20 protesters in Minsk on Sunday.", id="small")
    coded = list(coder([huge, small]))
    assert [c.article.id for c in coded] == ["small"]
    assert [(f.item_id, f.error) for f in failures] == [("huge", "too-long")]
