"""Conversations: state across turns, as a listener relying on voice would use it."""

from __future__ import annotations

import dataclasses

from voice_skill import Action, Config, Decision, Skill
from voice_skill.dialogue import DialogueSettings

DISCLAIMER = "This is general information, not medical advice."


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_disclaimer_is_said_once_per_conversation(skill: Skill) -> None:
    talk = skill.conversation()
    first = talk.handle("is this cramping normal")
    second = talk.handle("is spotting normal after an hsg")
    assert first.answer.startswith(DISCLAIMER)
    assert DISCLAIMER not in second.answer
    assert skill.intents["spotting_bleeding"].answer in second.answer


def test_disclaimer_can_be_turned_off(skill: Skill) -> None:
    config = dataclasses.replace(Config(), dialogue=DialogueSettings(disclaimer=False))
    talk = Skill.from_intents(skill.intents, config).conversation()
    assert talk.handle("is this cramping normal").answer == skill.intents["cramping"].answer


def test_repeat_more_detail_and_source(skill: Skill) -> None:
    talk = skill.conversation()
    answer = talk.handle("what is an hsg").answer
    assert talk.handle("repeat that").answer == answer
    detail = talk.handle("tell me more")
    assert detail.answer == skill.intents["what_is_hsg"].detail
    assert detail.intent == "more_detail"
    source = talk.handle("where does this information come from").answer
    assert skill.intents["what_is_hsg"].source in source


def test_repeat_after_a_rate_change_repeats_the_answer(skill: Skill) -> None:
    talk = skill.conversation()
    answer = talk.handle("how long will it take to recover").answer
    talk.handle("slower please")
    assert talk.handle("say that again").answer == answer


def test_controls_before_any_question_explain_themselves(skill: Skill) -> None:
    talk = skill.conversation()
    assert talk.handle("repeat that").answer == skill.intents["repeat"].answer
    assert talk.handle("tell me more").answer == skill.intents["more_detail"].answer


def test_rate_and_volume_change_within_bounds(skill: Skill) -> None:
    talk = skill.conversation()
    voice = skill.config.voice
    slower = talk.handle("slower")
    assert slower.voice.rate == voice.rate - voice.rate_step
    assert slower.answer == "I'll speak more slowly."
    for _ in range(20):
        last = talk.handle("slow down")
    assert last.voice.rate == voice.rate_min
    assert last.answer == "This is as slowly as I can speak."
    louder = talk.handle("louder")
    assert louder.voice.volume > voice.volume
    for _ in range(10):
        last = talk.handle("speak up")
    assert last.voice.volume == voice.volume_max
    quieter = talk.handle("quieter")
    assert quieter.voice.volume < voice.volume_max
    assert talk.handle("faster").voice.rate == voice.rate_min + voice.rate_step


def test_confirmation_answered_with_yes(skill: Skill) -> None:
    eager = dataclasses.replace(skill.config, match=dataclasses.replace(skill.config.match, confirm_margin=100))
    talk = Skill.from_intents(skill.intents, eager).conversation()
    asked = talk.handle("is this cramping normal")
    assert asked.decision is Decision.CONFIRM and asked.answer.startswith("Did you mean")
    first, second = talk.pending or ("", "")
    assert skill.intents[first].title in asked.answer and skill.intents[second].title in asked.answer
    answered = talk.handle("yes")
    assert answered.intent == first and answered.decision is Decision.ANSWER
    assert skill.intents[first].answer in answered.answer
    assert talk.pending is None


def test_confirmation_answered_by_naming_one(skill: Skill) -> None:
    eager = dataclasses.replace(skill.config, match=dataclasses.replace(skill.config.match, confirm_margin=100))
    talk = Skill.from_intents(skill.intents, eager).conversation()
    talk.handle("is this cramping normal")
    _, second = talk.pending or ("", "")
    answered = talk.handle(skill.intents[second].title)
    assert answered.intent == second
    assert skill.intents[second].answer in answered.answer


def test_confirmation_declined_with_no(skill: Skill) -> None:
    eager = dataclasses.replace(skill.config, match=dataclasses.replace(skill.config.match, confirm_margin=100))
    talk = Skill.from_intents(skill.intents, eager).conversation()
    talk.handle("is this cramping normal")
    declined = talk.handle("no")
    assert declined.intent == "no" and talk.pending is None


def test_warning_sign_during_confirmation_is_urgent(skill: Skill) -> None:
    eager = dataclasses.replace(skill.config, match=dataclasses.replace(skill.config.match, confirm_margin=100))
    talk = Skill.from_intents(skill.intents, eager).conversation()
    talk.handle("is this cramping normal")
    assert talk.handle("i have a fever").intent == "urgent_fever_infection"


def test_help_lists_topics_briefly(skill: Skill) -> None:
    answer = skill.conversation().handle("what can i ask you").answer
    titles = [i.title for i in skill.intents.topics if i.title in answer]
    assert 3 <= len(titles) <= 6
    assert len(answer.split()) < 60


def test_fallback_suggests_a_few_topics(skill: Skill) -> None:
    response = skill.conversation().handle("how much does the hsg cost")
    assert response.decision is Decision.FALLBACK
    assert response.answer.startswith(skill.intents["fallback"].answer)
    offered = [i.title for i in skill.intents.topics if i.title in response.answer]
    assert 2 <= len(offered) <= 3


def test_emergency_number_comes_from_config(skill: Skill) -> None:
    config = dataclasses.replace(Config(), emergency_number="112")
    response = Skill.from_intents(skill.intents, config).conversation().handle("i have a fever")
    assert response.answer.endswith("call 112.")


def test_goodbye_resets_the_conversation(skill: Skill) -> None:
    talk = skill.conversation()
    talk.handle("is this cramping normal")
    talk.handle("slower")
    bye = talk.handle("goodbye")
    assert bye.action is Action.END
    assert talk.voice.rate == skill.config.voice.rate
    assert talk.handle("is this cramping normal").answer.startswith(DISCLAIMER)


def test_idle_timeout_resets_the_conversation(skill: Skill) -> None:
    clock = Clock()
    talk = skill.conversation(clock=clock)
    talk.handle("is this cramping normal")
    talk.handle("louder")
    clock.now += skill.config.dialogue.idle_timeout_s - 1
    assert talk.handle("repeat that").answer != skill.intents["repeat"].answer
    clock.now += skill.config.dialogue.idle_timeout_s + 1
    assert talk.handle("repeat that").answer == skill.intents["repeat"].answer
    assert talk.voice.volume == skill.config.voice.volume


def test_stop_asks_the_caller_to_stop(skill: Skill) -> None:
    assert skill.conversation().handle("stop").action is Action.STOP
