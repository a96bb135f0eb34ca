"""The event decision (sitreps/coding/decide.py): named features, rules, weights, threshold, main event."""

from __future__ import annotations

import math

import pytest

from sitreps import api
from sitreps.coding import decide
from sitreps.model import Event


def _candidates(text: str) -> list[decide.Candidate]:
    decide.RECORDER = []
    try:
        api.extract(text, published="2021-06-01")
        return list(decide.RECORDER)
    finally:
        decide.RECORDER = None


def test_probability_is_the_logistic_of_the_weighted_features() -> None:
    weights = {"bias": -1.0, "verb": 2.0, "source": 0.5}
    features = {"bias": 1.0, "verb": 1.0, "source": 1.0, "target": 1.0}  # target weighs nothing here
    assert decide.probability(features, weights) == pytest.approx(1 / (1 + math.exp(-1.5)))


def test_a_rule_rules_a_candidate_out_whatever_the_weights() -> None:
    features = {"bias": 1.0, "verb": 1.0, "furniture": 1.0}
    assert decide.ruled_out(features) == "furniture"
    assert decide.probability(features, {"bias": 9.0}) == 0.0


def test_the_weights_file_names_only_known_features() -> None:
    weights = decide.load_weights()
    assert "bias" in weights
    assert set(weights) <= set(decide.FEATURES)
    assert not set(weights) & set(decide.MODALITIES)  # modality is the event's field, not a reason to drop it


def test_every_candidate_has_every_feature() -> None:
    found = _candidates("Soldiers of Gondor shelled the village of Bree on Tuesday, killing four farmers.")
    assert found
    for c in found:
        assert set(c.features) == set(decide.FEATURES)
        assert 0.0 <= c.probability <= 1.0


def test_a_byline_tells_no_event() -> None:
    assert api.extract("Contributed by staff on March 3, 2019", published="2019-03-04") == []
    assert all(c.features["furniture"] for c in _candidates("Photo: riot police fire tear gas at students"))


def test_a_describing_participle_is_no_act_of_support() -> None:
    text = "Rohan-backed fighters fired rockets at the port of Dol Amroth on Monday."
    kinds = {e.event_type for e in api.extract(text, published="2021-06-01")}
    assert "SUPPORT" not in kinds
    assert "ASSAULT" in kinds


def test_an_act_dated_months_back_is_marked_as_such() -> None:
    found = _candidates("The lawyer, who was arrested 15 months ago, went on hunger strike in prison on Friday.")
    arrest = [c for c in found if c.event_type == "COERCE"]
    assert arrest and all(c.features["ago"] for c in arrest)


def test_each_sentence_marks_its_surest_event_as_main() -> None:
    text = ("Troops of Gondor shelled the town of Bree on Tuesday and arrested twelve men. "
            "The ministry of Rohan condemned the shelling on Wednesday.")
    events = api.extract(text, published="2021-06-01")
    by_sentence: dict[int, list[Event]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence, []).append(e)
    assert by_sentence
    for told in by_sentence.values():
        mains = [e for e in told if e.main]
        assert len(mains) == 1
        assert mains[0].confidence == max(e.confidence for e in told)


def test_confidence_is_at_least_the_threshold() -> None:
    events = api.extract("Police in Minas Tirith detained forty protesters on Sunday.", published="2021-06-01")
    assert events
    assert all(decide.THRESHOLD <= e.confidence <= 1.0 for e in events if e.event_type == "COERCE")


def test_main_round_trips_through_dict() -> None:
    (event,) = [e for e in api.extract("Police in Minas Tirith detained forty protesters on Sunday.",
                                       published="2021-06-01") if e.event_type == "COERCE"]
    back = Event.from_dict(event.to_dict())
    assert back.main is event.main
    assert back == event


def test_the_summary_counts_records_with_no_gold_event_given_one() -> None:
    from sitreps.evaluate.score import Counts, RecordScore, summarize

    scores = [RecordScore("a", {"event_type": Counts(0, 1, 0)}),  # no gold event, one predicted
              RecordScore("b", {"event_type": Counts(0, 0, 0)}),  # no gold event, none predicted
              RecordScore("c", {"event_type": Counts(1, 0, 0)})]  # a gold event, found
    summary = summarize(scores)
    assert (summary.quiet_given, summary.quiet_total) == (1, 2)
    assert summary.to_dict()["no_event_given_one"]["share"] == 0.5


def test_a_habitual_statement_tells_no_event() -> None:
    assert api.extract("Farmers in Anorien usually protest against new taxes in spring.", published="2021-06-01") == []
    told = api.extract("Farmers in Anorien protested against new taxes on Monday.", published="2021-06-01")
    assert any(e.event_type == "PROTEST" for e in told)


def test_crowd_control_and_its_aim_are_one_event() -> None:
    text = "Police in Minas Tirith fired tear gas and water cannon to disperse the crowd on Monday."
    force = [e for e in api.extract(text, published="2021-06-01") if e.event_type in ("ASSAULT", "COERCE")]
    assert len(force) == 1
    assert force[0].cameo == "175" and force[0].modality == "asserted"
