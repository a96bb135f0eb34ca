"""The fixed tune/check split of every dev set: by a hash of the record id, 70/30, stable."""

from pathlib import Path

import pytest

from sitreps.evaluate import evaluate, split_of


def test_split_is_fixed_by_id() -> None:
    ids = [f"record-{n}" for n in range(2000)]
    first = [split_of(i) for i in ids]
    assert first == [split_of(i) for i in ids]
    assert set(first) == {"tune", "check"}
    tune = first.count("tune") / len(first)
    assert 0.66 < tune < 0.74


def test_split_does_not_depend_on_order_or_neighbours() -> None:
    assert split_of("a") == split_of("a")
    assert [split_of(i) for i in ("x1", "x2", "x3")] == [split_of(i) for i in ("x3", "x2", "x1")][::-1]


def test_evaluate_scores_each_split_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_evaluate import _fake_code_articles

    from sitreps import api

    monkeypatch.setattr(api, "code_articles", _fake_code_articles)
    path = tmp_path / "train.tsv"
    lines = [f"Zebria shelled Quxland on day {n}.\t4" for n in range(40)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = evaluate("cameo-tsv", path, split="both")
    tune, check = whole.by_split["tune"], whole.by_split["check"]
    assert tune.records + check.records == whole.summary.records == 40
    assert tune.records == sum(split_of(r.id) == "tune" for r in whole.records)
    only_check = evaluate("cameo-tsv", path, split="check")
    assert [r.id for r in only_check.records] == [r.id for r in whole.records if split_of(r.id) == "check"]
    with pytest.raises(ValueError, match="no split"):
        evaluate("cameo-tsv", path, split="dev")
