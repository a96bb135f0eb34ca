"""Fit the weights of the event decision (sitreps/coding/decide.py) on the tune splits of several dev sets.

    S=/work/shared/data/dev  # ../shared/data/dev
    nice -n 10 python eval/fit_decision.py --data $S --write
    nice -n 10 python eval/fit_decision.py --data $S --check   # the shipped weights on the check splits, once

Every trigger candidate the coder weighs is collected with its named features (``decide.RECORDER``) while
the tune split (``sitreps.evaluate.split_of``; never the check split) of each set is coded, and labelled
from that set's gold:

- ``petrarch2_unittest``, ``up_ud_validate`` (PETRARCH records, coded with their own dictionaries and
  ``intentions=False`` as ``sitreps evaluate petrarch --future-as-act`` does): a candidate is right when the
  record's gold has an event of its PLOVER type;
- ``conflibert_cameo`` (CAMEO classes): right when the CAMEO class of its code is the sentence's class;
- ``indiapoliceevents`` (police actions by sentence; the first ``--indiapolice-limit`` tune documents):
  ASSAULT and COERCE candidates in a sentence labelled with police force, a killing (ASSAULT) or an arrest
  (COERCE) are right; the others are not labelled (a sentence without a label may tell the act of a mob);
- the project's golden cases (tests/cases): right when an expected event of its type has its evidence in the
  candidate's sentence, wrong when an unwanted one does; other candidates there are not labelled.

ACLED's data is never used (its terms forbid shipping anything learned from it). Each set weighs at most
``CAP`` candidates' worth, so no one set decides alone. The fit is scikit-learn's L2-regularised logistic
regression; the weights go to sitreps/data/lexicon/decision.tsv, which sitreps reads at run time without
scikit-learn. The script prints the weights, the reliability table (bins of predicted probability against
the share right, on tune) and the share right and kept at a few thresholds.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from sitreps import api
from sitreps.coding import decide
from sitreps.evaluate import predict, read_gold, split_of
from sitreps.evaluate.score import cameo_quad
from sitreps.evaluate.sitreps_gold import GOLD
from sitreps.golden import load_cases
from sitreps.model import Article

ROOT = Path(__file__).resolve().parent.parent
CAP = 1500.0  # most candidates' worth one set weighs
C = 0.5  # inverse strength of the L2 penalty
OURS = 3.0  # the golden cases are the project's own codebook in examples: each counts this many times
Labelled = list[tuple[decide.Candidate, int]]


SPLIT = "tune"  # "check" with --check: the shipped weights scored once on the check splits, nothing fitted


def _tune(fmt: str, path: Path, limit: int | None = None) -> list:
    records = [r for r in read_gold(fmt, path) if split_of(r.id) == SPLIT and not r.skip]
    return records[:limit] if limit else records


def _collect(run: Callable[[], object]) -> list[decide.Candidate]:
    decide.RECORDER = []
    try:
        run()
        return decide.RECORDER
    finally:
        decide.RECORDER = None


def petrarch(path: Path) -> Labelled:
    records = _tune("petrarch", path)
    gold = {r.id: {e.event_type for e in r.events if e.event_type} for r in records}
    found = _collect(lambda: predict(records, intentions=False))
    return [(c, int(c.event_type in gold.get(c.article_id, ()))) for c in found]


def cameo(path: Path) -> Labelled:
    records = _tune("cameo-tsv", path)
    gold = {r.id: r.events[0].quad for r in records}
    found = _collect(lambda: predict(records))
    # the scorer takes a sentence's first asserted act: other candidates say nothing of the gold class
    return [(c, int(cameo_quad(c.cameo) == gold.get(c.article_id))) for c in found
            if not any(c.features.get(m) for m in decide.MODALITIES)]


POLICE_LABELS = {"ASSAULT": {"KILL", "FORCE"}, "COERCE": {"ARREST", "FORCE"}}


def indiapolice(path: Path, limit: int) -> Labelled:
    records = _tune("indiapolice", path, limit)
    sentences = {r.id: [s for s in r.meta[GOLD] if s.start >= 0] for r in records}
    found = _collect(lambda: predict(records))
    out: Labelled = []
    for c in found:
        wanted = POLICE_LABELS.get(c.event_type)
        gold = next((s for s in sentences.get(c.article_id, []) if s.start <= c.sentence_start < s.end
                     or c.sentence_start <= s.start < c.sentence_end), None)
        if wanted and gold is not None and gold.labels & wanted:
            out.append((c, 1))  # a sentence with no label may tell an act by others than the police: unlabelled
    return out


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _told(items: Sequence[dict], event_type: str, sentence: str) -> bool:
    """Whether a golden case lists an event of this type told in this sentence (by its evidence)."""
    return any(w.get("event_type") == event_type and w.get("evidence") and _plain(w["evidence"]) in sentence
               for w in items)


def golden(cases_dir: Path) -> Labelled:
    articles = [a for a in api.sample_articles() if isinstance(a, Article)]
    text = {a.id: a.text for a in articles}
    file_of = {a.id: Path((a.origin or "").split("#")[0]).name for a in articles}
    cases = {c["file"]: c for c in load_cases(cases_dir)}
    found = _collect(lambda: list(api.code_articles(articles)))
    out: Labelled = []
    for c in found:
        case = cases.get(file_of.get(c.article_id, ""))
        if case is None:
            continue
        sentence = _plain(text[c.article_id][c.sentence_start:c.sentence_end])
        if _told(case.get("with", []), c.event_type, sentence):
            out.append((c, 1))
        elif _told(case.get("without", []), c.event_type, sentence):
            out.append((c, 0))
    return out


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> str:
    lines = [f"{'predicted':>12} {'n':>6} {'mean p':>7} {'right':>7}"]
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        inside = (p >= low) & ((p < high) if i < bins - 1 else (p <= high))
        if inside.any():
            lines.append(f"{low:.1f}-{high:.1f}".rjust(12) + f" {int(inside.sum()):>6} {p[inside].mean():>7.3f}"
                         f" {y[inside].mean():>7.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--indiapolice-limit", type=int, default=400)
    parser.add_argument("--write", action="store_true", help="write the weights to decide.WEIGHTS_FILE")
    parser.add_argument("--check", action="store_true",
                        help="fit nothing: the reliability of the shipped weights on the check splits (the events "
                             "the coder keeps: not ruled out, probability from decide.THRESHOLD up)")
    args = parser.parse_args()
    global SPLIT
    SPLIT = "check" if args.check else "tune"
    shipped = decide.THRESHOLD
    decide.THRESHOLD = 0.0  # every candidate goes on to the events it may merge with or take up
    sets: dict[str, Labelled] = {
        "petrarch2_unittest": petrarch(args.data / "petrarch2_unittest"),
        "up_ud_validate": petrarch(args.data / "up_ud_validate"),
        "conflibert_cameo": cameo(args.data / "conflibert_cameo"),
        "indiapoliceevents": indiapolice(args.data / "indiapoliceevents", args.indiapolice_limit),
    }
    if not args.check:  # the golden cases have no check split: they are fitted on, never scored here
        sets["golden"] = golden(ROOT / "tests" / "cases")
    if args.check:
        kept = [(c.probability, y) for labelled in sets.values() for c, y in labelled
                if not decide.ruled_out(c.features) and c.probability >= shipped]
        print(f"\nreliability on check (all sets; {len(kept)} events kept at threshold {shipped}):\n"
              + reliability(np.array([p for p, _ in kept]), np.array([y for _, y in kept])))
        return
    # modality is told by the event's own field (a denial or a plan is kept as such), not weighed here
    names = [f for f in decide.FEATURES if f != "bias" and f not in (*decide.MODALITIES, "infinitive")]
    rows, labels, weights, origin = [], [], [], []
    for name, labelled in sets.items():
        share = min(1.0, CAP / max(1, len(labelled))) * (OURS if name == "golden" else 1.0)
        print(f"{name}: {len(labelled)} candidates, {sum(y for _, y in labelled)} right, weight {share:.2f}")
        for c, y in labelled:
            if decide.ruled_out(c.features):
                continue  # never an event: the rules decide it, not the weights
            rows.append([c.features.get(f, 0.0) for f in names])
            labels.append(y)
            weights.append(share)
            origin.append(name)
    x, y, w = np.array(rows), np.array(labels), np.array(weights)
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(x, y, sample_weight=w)
    fitted = {"bias": float(model.intercept_[0]), **{f: float(b) for f, b in zip(names, model.coef_[0])}}
    p = model.predict_proba(x)[:, 1]
    print("\n" + "\n".join(f"{f:<16} {v:+.3f}" for f, v in fitted.items()))
    print("\nreliability on tune (all sets):\n" + reliability(p, y))
    print(f"\n{'threshold':>9} " + " ".join(f"{n[:12]:>24}" for n in sets))
    for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        cells = []
        for n in sets:
            m = np.array([o == n for o in origin])
            kept = p[m] >= t
            right = y[m][kept].mean() if kept.any() else 0.0
            recall = (kept & (y[m] == 1)).sum() / max(1, (y[m] == 1).sum())
            cells.append(f"P {right:.2f} R {recall:.2f} n {int(kept.sum()):>5}")
        print(f"{t:>9.2f} " + " ".join(f"{c:>24}" for c in cells))
    if args.write:
        lines = ["# feature<TAB>weight of the event decision (sitreps/coding/decide.py); fitted by",
                 "# eval/fit_decision.py on the tune splits of petrarch2_unittest, up_ud_validate, conflibert_cameo,",
                 "# indiapoliceevents and the golden cases (never ACLED)"]
        lines += [f"{f}\t{v:.4f}" for f, v in fitted.items() if abs(v) >= 1e-4]
        decide.WEIGHTS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"\nwrote {decide.WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
