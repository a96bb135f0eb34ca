"""The clustering metrics on the textbook examples (Vilain et al. 1995; Bagga and Baldwin 1998; Luo 2005)."""

from __future__ import annotations

import pytest

from sitreps.evaluate.clustering import b_cubed, ceaf_e, conll_f1, muc, pairwise


def labels(*clusters: str) -> dict[str, str]:
    return {item: str(n) for n, cluster in enumerate(clusters) for item in cluster.split()}


GOLD = labels("1 2 3 4 5", "6 7", "8 9 10 11 12")
MERGED = labels("1 2 3 4 5", "6 7 8 9 10 11 12")


def test_muc_splitting_one_chain() -> None:
    gold, response = labels("A B C D"), labels("A B", "C D")
    m = muc(gold, response)
    assert m.recall == pytest.approx(2 / 3) and m.precision == pytest.approx(1.0)


def test_b_cubed_merging_two_entities() -> None:
    b = b_cubed(GOLD, MERGED)
    assert b.precision == pytest.approx((5 + 2 * 2 / 7 + 5 * 5 / 7) / 12) and b.recall == pytest.approx(1.0)


def test_ceaf_e_aligns_one_to_one() -> None:
    c = ceaf_e(GOLD, MERGED)
    total = 1.0 + 2 * 5 / (5 + 7)
    assert c.precision == pytest.approx(total / 2) and c.recall == pytest.approx(total / 3)


def test_pairwise_and_listed_memberships() -> None:
    p = pairwise(GOLD, MERGED)
    assert p.precision == pytest.approx(21 / 31) and p.recall == pytest.approx(1.0)
    listed = pairwise(labels("a b", "c d"), {"a": {"x"}, "b": {"x", "y"}, "c": {"y"}, "d": {"z"}})
    assert listed.precision == pytest.approx(1 / 2) and listed.recall == pytest.approx(1 / 2)


def test_perfect_and_conll_mean() -> None:
    assert conll_f1(GOLD, GOLD) == pytest.approx(1.0)
    expected = (muc(GOLD, MERGED).f1 + b_cubed(GOLD, MERGED).f1 + ceaf_e(GOLD, MERGED).f1) / 3
    assert conll_f1(GOLD, MERGED) == pytest.approx(expected)
