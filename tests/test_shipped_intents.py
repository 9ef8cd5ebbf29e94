"""The shipped intents: required ids, grounding in the reference, and held-out utterances."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from voice_skill import Decision, Skill
from voice_skill.intent import builtin_intent_dir
from voice_skill.intent.intents import MAX_ANSWER_WORDS

from .conftest import REFERENCE

TOPICS = {
    "what_is_hsg", "is_hsg_safe",
    "cramping", "spotting_bleeding", "discharge", "recovery_time", "pain_relief",
    "results_patent", "results_blocked_meaning", "one_tube_blocked", "both_tubes_blocked",
    "blockage_causes", "uterine_findings",
    "next_steps_open", "flushing_effect_fertility", "further_testing", "laparoscopy", "ivf", "iui",
    "when_to_call",
}  # fmt: skip
URGENT = {
    "urgent_severe_pain", "urgent_heavy_bleeding", "urgent_fever_infection",
    "urgent_foul_discharge", "urgent_dizziness_fainting",
}  # fmt: skip
CONTROLS = {
    "help", "repeat", "slower", "faster", "louder", "quieter", "more_detail", "source",
    "stop", "yes", "no", "greeting", "thanks", "goodbye",
}  # fmt: skip
WARNING_WORDS = re.compile(r"\b(fever|chill|severe|worse|worsen|heavy|soak|foul|smell|dizz|faint|passed out)")
HELDOUT = yaml.safe_load((Path(__file__).parent / "data" / "heldout.yaml").read_text(encoding="utf-8"))
HELDOUT_CASES = [
    pytest.param(utterance, intent, id=f"{intent}:{utterance[:40]}")
    for group in HELDOUT.values()
    for intent, utterances in group.items()
    for utterance in utterances
]


def reference_sections() -> set[str]:
    text = REFERENCE.read_text(encoding="utf-8").split("---", 1)[1]
    return {line.strip() for line in text.splitlines() if line.strip() and not line.strip().endswith(".")}


def test_every_required_intent_exists(skill: Skill) -> None:
    assert TOPICS | URGENT | CONTROLS | {"fallback"} <= set(skill.intents.intents)


def test_intents_live_in_a_language_folder_one_file_per_group() -> None:
    folder = builtin_intent_dir("en")
    assert folder.name == "en"
    assert len(list(folder.glob("*.yaml"))) >= 6


@pytest.mark.parametrize("intent_id", sorted(TOPICS | URGENT))
def test_topic_intents_are_complete_and_grounded(skill: Skill, intent_id: str) -> None:
    intent = skill.intents[intent_id]
    assert intent.kind == "topic"
    assert intent.urgent == (intent_id in URGENT)
    assert len(intent.examples) >= 15
    assert len(intent.answer.split()) <= MAX_ANSWER_WORDS
    assert intent.detail and len(intent.detail.split()) > len(intent.answer.split()) * 0.8
    assert intent.source in reference_sections()
    assert len(intent.tests) >= 3


@pytest.mark.parametrize("intent_id", sorted(URGENT))
def test_urgent_answers_lead_with_the_action(skill: Skill, intent_id: str) -> None:
    intent = skill.intents[intent_id]
    assert intent.answer.startswith("Please call your healthcare provider now")
    assert "normal" not in intent.answer.lower()
    assert "911" not in intent.answer, "the emergency number comes from configuration"


@pytest.mark.parametrize("intent_id", sorted(TOPICS - {"when_to_call"}))
def test_non_urgent_examples_avoid_warning_words(skill: Skill, intent_id: str) -> None:
    for example in skill.intents[intent_id].examples:
        assert not WARNING_WORDS.search(example), example


def test_pain_relief_points_to_the_care_team_without_doses(skill: Skill) -> None:
    answer = skill.intents["pain_relief"].answer.lower()
    assert "care team" in answer or "provider" in answer
    assert not re.search(r"\d|\bmg\b|milligram|ibuprofen|paracetamol|acetaminophen|tylenol|advil", answer)


def test_examples_are_written_as_a_recogniser_hears_them(skill: Skill) -> None:
    examples = [e for i in skill.intents for e in i.examples]
    assert any("h s g" in e for e in examples)
    assert any("age s g" in e for e in examples)
    assert sum(len(e.split()) >= 10 for e in examples) >= 30, "long examples"
    assert sum(len(e.split()) <= 3 for e in examples) >= 30, "short examples"


def test_heldout_utterances_are_not_examples(skill: Skill) -> None:
    key = skill.intents.normalizer.key
    examples = {key(e) for i in skill.intents for e in i.examples}
    out_of_scope = yaml.safe_load((Path(__file__).parent / "data" / "out_of_scope.yaml").read_text(encoding="utf-8"))
    held = [c.values[0] for c in HELDOUT_CASES] + out_of_scope
    leaked = [u for u in held if key(u) in examples]
    assert not leaked


HELDOUT_MIN_ACCURACY = 0.86
"""Held-out phrasings the intents never saw: the share that must reach the right intent (0.88 before a topic had
to explain most of a question: one more falls back, and real questions get far fewer wrong answers)."""
HELDOUT_MAX_WRONG = 0.03
"""... and the share that may be answered with another intent (falling back is better than a wrong answer)."""
OUT_OF_SCOPE_MAX_ACCEPT = 0.125
"""Out-of-scope questions: the share that may be answered with a topic instead of fallback."""


def test_heldout_utterances_mostly_reach_their_intent(skill: Skill) -> None:
    wrong = []
    answered_wrongly = []
    for case in HELDOUT_CASES:
        utterance, expected = case.values
        result = skill.matcher.match(utterance)
        want = Decision.FALLBACK if expected == "fallback" else Decision.ANSWER
        if result.intent != expected or result.decision is not want:
            wrong.append(f"{utterance!r}: expected {expected}, got {result.intent} ({result.decision}, {result.score})")
            if result.decision is Decision.ANSWER:
                answered_wrongly.append(wrong[-1])
    accuracy = 1 - len(wrong) / len(HELDOUT_CASES)
    assert accuracy >= HELDOUT_MIN_ACCURACY, "\n".join(wrong)
    assert len(answered_wrongly) / len(HELDOUT_CASES) <= HELDOUT_MAX_WRONG, "\n".join(answered_wrongly)


def test_out_of_scope_questions_fall_back(skill: Skill) -> None:
    questions = yaml.safe_load((Path(__file__).parent / "data" / "out_of_scope.yaml").read_text(encoding="utf-8"))
    assert len(questions) >= 40
    accepted = [(q, r.intent) for q in questions if (r := skill.matcher.match(q)).decision is not Decision.FALLBACK]
    assert len(accepted) / len(questions) <= OUT_OF_SCOPE_MAX_ACCEPT, accepted
    alarms = [q for q, intent in accepted if skill.intents[intent].urgent]
    assert len(alarms) <= 1, alarms


@pytest.mark.parametrize(
    ("intent_id", "utterance"),
    [
        pytest.param(intent.id, test, id=f"{intent.id}:{test[:40]}")
        for intent in Skill.load().intents
        for test in intent.tests
    ],
)
def test_intent_own_test_utterances(skill: Skill, intent_id: str, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.intent == intent_id, (result.intent, result.score, result.alternatives)


def test_development_set_stays_apart_from_the_intents(skill: Skill) -> None:
    """eval/dev.jsonl is for evaluation only: none of its questions may become an example or test."""
    import json

    from .conftest import ROOT

    key = skill.intents.normalizer.key
    seen = {key(t) for i in skill.intents for t in (*i.examples, *i.tests)}
    rows = [json.loads(line) for line in (ROOT / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 400
    assert not [r["text"] for r in rows if key(r["text"]) in seen]
    labels = {r["label"] for r in rows}
    assert set(skill.intents.intents) <= labels, "every intent has development questions"
