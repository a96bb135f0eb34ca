"""The fixed tune/check split of every dev set: by a hash of the record id, 70/30, stable."""

from sitreps.evaluate import split_of


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
