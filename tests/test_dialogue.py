"""Conversations: state across turns, as a listener relying on voice would use it."""

from __future__ import annotations

import dataclasses

import pytest

from voice_skill import Action, Config, Decision, Skill
from voice_skill.dialogue import DialogueSettings

DISCLAIMER = "This is general information, not medical advice."
CLEARED = "Our earlier conversation was cleared after a while without questions. What would you like to know?"
NO_MORE = "That's all the information I have on that."


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


def eager_conversation(skill: Skill):
    eager = dataclasses.replace(skill.config, match=dataclasses.replace(skill.config.match, confirm_margin=100))
    return Skill.from_intents(skill.intents, eager).conversation()


def test_yes_to_an_either_or_question_asks_again_then_an_ordinal_answers(skill: Skill) -> None:
    talk = eager_conversation(skill)
    asked = talk.handle("is this cramping normal")
    assert asked.decision is Decision.CONFIRM and asked.answer.startswith("Did you mean")
    first, second = talk.pending or ("", "")
    assert skill.intents[first].title in asked.answer and skill.intents[second].title in asked.answer
    again = talk.handle("yes")
    assert again.decision is Decision.CONFIRM and again.answer.startswith("Sorry, which one")
    assert talk.pending == (first, second)
    maybe = talk.handle("maybe")
    assert maybe.decision is Decision.CONFIRM and talk.pending == (first, second)
    answered = talk.handle("the second one")
    assert answered.intent == second and answered.decision is Decision.ANSWER
    assert skill.intents[second].answer in answered.answer
    assert talk.pending is None


@pytest.mark.parametrize(
    ("reply", "which"), [("the first one", 0), ("the first", 0), ("the latter", 1), ("number two", 1)]
)
def test_an_either_or_question_is_answered_by_order(skill: Skill, reply: str, which: int) -> None:
    talk = eager_conversation(skill)
    talk.handle("is this cramping normal")
    pending = talk.pending or ("", "")
    assert talk.handle(reply).intent == pending[which]


def test_when_one_option_is_urgent_an_unclear_reply_gets_the_urgent_answer(skill: Skill) -> None:
    talk = eager_conversation(skill)
    talk.offer("discharge", "urgent_foul_discharge")
    answered = talk.handle("hmm")
    assert answered.urgent and answered.intent == "urgent_foul_discharge"


def test_a_distinctive_word_picks_one_of_two(skill: Skill) -> None:
    talk = eager_conversation(skill)
    talk.offer("blockage_causes", "both_tubes_blocked")
    assert talk.handle("the one about both").intent == "both_tubes_blocked"


def test_after_an_urgent_answer_calm_answers_remind_the_person_to_call(skill: Skill) -> None:
    talk = skill.conversation()
    assert talk.handle("i have a fever").urgent
    calm = talk.handle("is cramping normal after the test")
    assert calm.intent == "cramping" and calm.answer.endswith(
        "remember to call about the fever or chills you mentioned."
    )


def test_an_emergency_is_routed_to_the_emergency_number_and_self_harm_to_the_crisis_line(skill: Skill) -> None:
    config = dataclasses.replace(skill.config, emergency_number="112", crisis_line="116 123")
    talk = Skill.from_intents(skill.intents, config).conversation()
    breathing = talk.handle("i can not breathe")
    assert breathing.urgent and "Call 112 now" in breathing.answer and "{" not in breathing.answer
    harm = talk.handle("i want to end my life")
    assert harm.urgent and "116 123" in harm.answer and "112" in harm.answer


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


@pytest.mark.parametrize(
    "said", ["something feels really wrong down there", "it just went all down my legs when i stood up"]
)
def test_a_fallback_said_of_the_body_tells_the_warning_signs_first(skill: Skill, said: str) -> None:
    """Not understood, with words of the body or of feeling unwell: it may be a warning sign in words the triage does
    not know, so the warning signs and "call now" come before "I can't answer that"."""
    response = skill.conversation().handle(said)
    assert response.decision is Decision.FALLBACK and not response.urgent
    assert response.caution and response.to_json()["caution"] is True
    assert response.answer.startswith("If you have severe or worsening pain, heavy bleeding")
    assert "call your healthcare provider now" in response.answer
    assert response.answer.index("call 911") < response.answer.index(skill.intents["fallback"].answer)
    assert "thoughts of harming yourself, call 988" in response.answer


def test_a_second_unclear_hearing_said_of_the_body_tells_the_warning_signs(skill: Skill) -> None:
    talk = skill.conversation()
    first = talk.reprompt("blood all the bed some")
    assert first.answer == skill.intents.language.responses.reprompt and not first.caution
    second = talk.reprompt("the blood it is all")
    assert second.caution and second.answer.startswith("If you have severe or worsening pain")
    assert second.answer.endswith(skill.intents.language.responses.reprompt)
    other = skill.conversation()
    other.reprompt("the weather the")
    assert not other.reprompt("what the weather").caution


@pytest.mark.parametrize("said", ["how much does the hsg cost", "how do i paint a fence", "can i fly next week"])
def test_a_fallback_of_another_topic_tells_no_warning_signs(skill: Skill, said: str) -> None:
    response = skill.conversation().handle(said)
    assert response.decision is Decision.FALLBACK
    assert not response.caution and "heavy bleeding" not in response.answer


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
    assert talk.handle("repeat that").answer == CLEARED
    assert talk.voice.volume == skill.config.voice.volume


def test_after_an_idle_reset_the_next_answer_says_it_starts_afresh(skill: Skill) -> None:
    clock = Clock()
    talk = skill.conversation(clock=clock)
    talk.handle("is this cramping normal")
    clock.now += skill.config.dialogue.idle_timeout_s + 1
    first = talk.handle("what is an hsg").answer
    assert first == f"Starting fresh. {DISCLAIMER} {skill.intents['what_is_hsg'].answer}"
    assert not talk.handle("is spotting normal after an hsg").answer.startswith("Starting fresh"), "said once"
    assert talk.handle("repeat that").answer.startswith(skill.intents["spotting_bleeding"].answer)


def test_repeat_and_more_detail_after_an_idle_reset_say_the_conversation_was_cleared(skill: Skill) -> None:
    clock = Clock()
    talk = skill.conversation(clock=clock)
    talk.handle("what is an hsg")
    clock.now += skill.config.dialogue.idle_timeout_s + 1
    assert talk.handle("tell me more").answer == CLEARED, "not 'Ask me a question first'"
    assert talk.handle("say that again").answer == CLEARED, "not 'I haven't said anything yet'"
    answer = talk.handle("is this cramping normal").answer
    assert not answer.startswith("Starting fresh"), "the reset was announced already"
    assert talk.handle("repeat that").answer == answer, "once something is said, repeat repeats it"


def test_an_urgent_answer_after_an_idle_reset_keeps_its_action_first(skill: Skill) -> None:
    clock = Clock()
    talk = skill.conversation(clock=clock)
    talk.handle("is this cramping normal")
    clock.now += skill.config.dialogue.idle_timeout_s + 1
    assert talk.handle("i have a fever and chills").answer.startswith("Please call your healthcare provider now")


def test_goodbye_is_no_idle_reset(skill: Skill) -> None:
    talk = skill.conversation()
    talk.handle("is this cramping normal")
    talk.handle("goodbye")
    assert talk.handle("repeat that").answer == skill.intents["repeat"].answer
    assert talk.handle("what is an hsg").answer.startswith(DISCLAIMER)


def test_a_second_tell_me_more_says_that_is_all_instead_of_repeating_the_detail(skill: Skill) -> None:
    talk = skill.conversation()
    talk.handle("what is an hsg")
    assert talk.handle("tell me more").answer == skill.intents["what_is_hsg"].detail
    assert talk.handle("tell me more").answer == NO_MORE
    assert talk.handle("can you tell me more about that").answer == NO_MORE
    talk.handle("is this cramping normal")
    assert talk.handle("tell me more").answer.startswith(skill.intents["cramping"].detail), "a new topic has more"
    talk.handle("is this cramping normal")
    assert talk.handle("tell me more").answer.startswith(skill.intents["cramping"].detail), "asked again: again"


def test_stop_asks_the_caller_to_stop(skill: Skill) -> None:
    assert skill.conversation().handle("stop").action is Action.STOP
