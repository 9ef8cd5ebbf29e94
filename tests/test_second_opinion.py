"""The triage's second opinion (voice_skill/intent/second_opinion.py): the shipped model is the one its training data
gives, it flags warning signs it never saw and not calm questions, and it only ever makes an answer more careful."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.support.triage_data import checksum, train_rows
from voice_skill import Skill
from voice_skill.intent import (
    FALLBACK_ID,
    Decision,
    IntentError,
    IntentSet,
    Matcher,
    MatchSettings,
    builtin_intent_dir,
)
from voice_skill.intent.second_opinion import MODEL_FILE, FeatureSpec, TriageModel, features

# Written for this test, not rows of any eval set nor of TRAIN.
UNSEEN_URGENT = [
    "my pee burns and smells odd",
    "everything aches and I'm burning up",
    "I am soaking a pad an hour",
    "the room keeps tilting when I stand",
    "I can't catch my breath walking to the kitchen",
    "my lips have puffed up since the dye",
    "I don't want to be here anymore",
]
UNSEEN_CALM = [
    "when will I get my results",
    "do I need someone to drive me home",
    "what should I wear to the appointment",
    "is the dye safe if I am breastfeeding",
    "mild cramps today, is that ok",
    "how soon can we try for a baby",
]


@pytest.fixture(scope="module")
def model(skill: Skill) -> TriageModel:
    assert skill.intents.triage_model is not None, f"intents/en/{MODEL_FILE} is not shipped"
    return skill.intents.triage_model


def test_the_shipped_model_was_trained_on_todays_training_data(skill: Skill, model: TriageModel) -> None:
    # Stale: run PYTHONPATH=. python scripts/train_triage_classifier.py
    assert model.checksum == checksum(train_rows(skill.intents))


@pytest.mark.parametrize("text", UNSEEN_URGENT)
def test_it_flags_a_warning_sign_it_never_saw(skill: Skill, model: TriageModel, text: str) -> None:
    assert text not in {row.text for row in train_rows(skill.intents)}
    p = model.probability(skill.intents.normalizer(text).words)
    assert p >= skill.matcher.settings.second_opinion_threshold, p


@pytest.mark.parametrize("text", UNSEEN_CALM)
def test_it_leaves_a_calm_question_it_never_saw(skill: Skill, model: TriageModel, text: str) -> None:
    p = model.probability(skill.intents.normalizer(text).words)
    assert p < skill.matcher.settings.second_opinion_threshold, p


def test_turned_off_the_matcher_is_the_rules_alone(skill: Skill) -> None:
    off = Matcher(skill.intents, MatchSettings(second_opinion=False))
    without = Matcher(replace(skill.intents, triage_model=None))
    texts = [t for intent in skill.intents for t in intent.tests] + UNSEEN_URGENT + UNSEEN_CALM
    for text in texts:
        assert off.match(text) == without.match(text), text


def test_it_never_calms_an_answer_and_only_adds_the_caution(skill: Skill) -> None:
    off = Matcher(skill.intents, MatchSettings(second_opinion=False))
    texts = [t for intent in skill.intents for t in intent.tests] + UNSEEN_URGENT + UNSEEN_CALM
    for text in texts:
        before, after = off.match(text), skill.matcher.match(text)
        if after != before:
            assert not before.urgent and not before.caution, text
            assert after.caution and after.decision is Decision.FALLBACK and after.second_opinion is not None, text


def _model_that_fears(skill: Skill, word: str) -> TriageModel:
    """A model whose only opinion is that ``word`` is a warning sign."""
    spec = FeatureSpec()
    weights = np.zeros(spec.buckets, dtype=np.float32)
    weights[features(skill.intents.normalizer(word).words, spec)] = 50.0
    return TriageModel(weights, 0.0, spec)


def test_when_it_decides_the_signs_come_first_and_explain_says_why(skill: Skill) -> None:
    intents = replace(skill.intents, triage_model=_model_that_fears(skill, "results"))
    matcher = Matcher(intents)
    calm = Matcher(replace(skill.intents, triage_model=None)).match("what do my results mean")
    result = matcher.match("what do my results mean")
    assert result.intent == FALLBACK_ID and result.caution and result.second_opinion is not None
    if calm.decision is not Decision.FALLBACK:  # the answer it would have given is offered after the signs
        assert result.alternatives[0].intent == calm.intent
    evidence = matcher.explain(result)
    assert evidence.reason == "second opinion" and "second opinion" in evidence.detail
    assert skill.from_intents(intents).conversation().handle(result.text).caution


def test_a_command_is_obeyed_whatever_it_thinks(skill: Skill) -> None:
    matcher = Matcher(replace(skill.intents, triage_model=_model_that_fears(skill, "stop")))
    result = matcher.match("stop")
    assert result.intent == "stop" and result.second_opinion is None


def test_an_unreadable_model_file_is_a_problem_with_its_name(skill: Skill, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("language: en\nnormalize: {}\n", encoding="utf-8")
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    with pytest.raises(IntentError) as caught:
        IntentSet.from_files([builtin_intent_dir("en"), tmp_path])
    assert any(MODEL_FILE in str(p) for p in caught.value.problems)
