"""Clustering metrics over items (documents): MUC, B-cubed, CEAF-e, CoNLL F1 and pairwise P/R/F1.

Textbook definitions: MUC (Vilain et al. 1995), B-cubed (Bagga and Baldwin 1998), CEAF-e (Luo 2005, the
entity-based similarity phi4 = 2|K∩R|/(|K|+|R|), with the best one-to-one alignment by the Hungarian method),
CoNLL F1 = the mean of the three F1s (Pradhan et al. 2014). A clustering is a mapping item -> cluster label;
both sides must cover the same items (an item alone is a singleton cluster).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

Clustering = Mapping[str, Hashable]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def clusters(labels: Clustering) -> list[frozenset[str]]:
    """The clusters of a labelling, as sets of items."""
    out: dict[Hashable, set[str]] = defaultdict(set)
    for item, label in labels.items():
        out[label].add(item)
    return [frozenset(c) for c in out.values()]


def _muc_side(key: list[frozenset[str]], response: Clustering) -> float:
    num = den = 0
    for cluster in key:
        parts = {response.get(item, ("alone", item)) for item in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num / den if den else 0.0


def muc(gold: Clustering, predicted: Clustering) -> PRF:
    """Links kept: recall over the gold clusters' links, precision over the predicted ones'."""
    return PRF(_muc_side(clusters(predicted), gold), _muc_side(clusters(gold), predicted))


def b_cubed(gold: Clustering, predicted: Clustering) -> PRF:
    """Per item: the share of its predicted cluster in its gold cluster (precision) and the reverse."""
    gold_of = {i: c for c in clusters(gold) for i in c}
    pred_of = {i: c for c in clusters(predicted) for i in c}
    items = list(gold_of)
    if not items:
        return PRF(0.0, 0.0)
    p = sum(len(gold_of[i] & pred_of[i]) / len(pred_of[i]) for i in items) / len(items)
    r = sum(len(gold_of[i] & pred_of[i]) / len(gold_of[i]) for i in items) / len(items)
    return PRF(p, r)


def ceaf_e(gold: Clustering, predicted: Clustering) -> PRF:
    """Entity CEAF: the best one-to-one alignment of clusters by phi4, over the number of clusters each side."""
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    key, response = clusters(gold), clusters(predicted)
    if not key or not response:
        return PRF(0.0, 0.0)
    sim = [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key]
    rows, cols = linear_sum_assignment(sim, maximize=True)
    total = float(sum(sim[i][j] for i, j in zip(rows, cols)))
    return PRF(total / len(response), total / len(key))


def _pairs(labels: Clustering) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for c in clusters(labels) for pair in combinations(c, 2)}  # type: ignore[misc]


def pairwise(gold: Clustering, predicted: Clustering | Mapping[str, Iterable[Hashable]]) -> PRF:
    """Same-cluster pairs: predicted pairs that are gold pairs (precision), gold pairs found (recall). A
    predicted item may carry several labels (every incident it is listed in): a pair is predicted when the
    two share any."""
    gold_pairs = _pairs(gold)
    members: dict[Hashable, set[str]] = defaultdict(set)
    for item, labels in predicted.items():
        for label in (labels if isinstance(labels, (set, frozenset, list, tuple)) else (labels,)):
            members[label].add(item)
    found = {tuple(sorted(p)) for m in members.values() for p in combinations(m, 2)}
    tp = len(found & gold_pairs)
    return PRF(tp / len(found) if found else 0.0, tp / len(gold_pairs) if gold_pairs else 0.0)


def conll_f1(gold: Clustering, predicted: Clustering) -> float:
    return (muc(gold, predicted).f1 + b_cubed(gold, predicted).f1 + ceaf_e(gold, predicted).f1) / 3


def all_metrics(gold: Clustering, predicted: Clustering) -> dict[str, PRF | float]:
    """MUC, B-cubed, CEAF-e, pairwise and CoNLL F1 of one labelling."""
    return {"muc": muc(gold, predicted), "b_cubed": b_cubed(gold, predicted), "ceaf_e": ceaf_e(gold, predicted),
            "pairwise": pairwise(gold, predicted), "conll_f1": conll_f1(gold, predicted)}


def linked_by_names(names: Mapping[str, Iterable[str]], shared: int, *, near: Callable[[str, str], bool] | None = None,
                    most: int | None = None) -> dict[str, str]:
    """Single-link groups of items that share ``shared`` or more names (the name-sharing baselines): two items
    are linked when they have that many names in common and ``near`` (if given) holds for them; a name held by
    more than ``most`` items links nothing by itself. Item -> the id of its group's root."""
    from scipy.cluster.hierarchy import DisjointSet  # type: ignore[import-untyped]

    groups = DisjointSet(names)
    by_name: dict[str, list[str]] = defaultdict(list)
    for item, found in names.items():
        for name in found:
            by_name[name].append(item)
    counts: Counter[tuple[str, str]] = Counter()
    for ids in by_name.values():
        if most is not None and len(ids) > most:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if near is None or near(a, b):
                    counts[(a, b)] += 1
    for (a, b), n in counts.items():
        if n >= shared:
            groups.merge(a, b)
    return {item: groups[item] for item in names}
