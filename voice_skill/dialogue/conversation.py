"""A conversation turns match results into what the skill says.

A :class:`Conversation` holds the state of one user's session: the last answer
(for repeat, tell me more, source), speech rate and volume, a pending "did you
mean A or B?", and whether the disclaimer was said. It resets on goodbye or after
an idle timeout. It does no I/O; the clock is injected for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from ..intent import FALLBACK_ID, Candidate, Decision, Evidence, Intent, IntentKind, IntentSet, Matcher, MatchResult
from .settings import DialogueSettings, VoiceRange

FIRST_OPTION, SECOND_OPTION, YES, NOT_SURE = "first_option", "second_option", "yes", "not_sure"
"""Commands that answer "Did you mean A, or B?"."""
SHORT_REPLY_WORDS = 3
"""An unclear reply this short to "Did you mean A, or B?" is taken as a reply (asked again), not a new question."""


class Action(StrEnum):
    """What the caller should do besides speaking the answer."""

    NONE = "none"
    STOP = "stop"
    END = "end"


@dataclass(frozen=True)
class Voice:
    """Speech rate (words per minute) and volume (0-1) for this conversation."""

    rate: int
    volume: float


@dataclass(frozen=True)
class Response:
    """One turn: what was heard, how it was understood, and what to say."""

    text: str
    intent: str
    score: float
    urgent: bool
    decision: Decision
    answer: str
    alternatives: tuple[Candidate, ...]
    voice: Voice
    action: Action = Action.NONE
    negated: bool = False
    evidence: Evidence | None = None
    """Why it was understood so (``ask --explain``): the warning sign, the closest example, the threshold."""
    caution: bool = False
    """Not understood, but said with words of the body or of feeling unwell: the warning signs were told first."""

    def to_json(self) -> dict[str, object]:
        """The ``--json`` output contract."""
        return {
            "text": self.text,
            "intent": self.intent,
            "score": self.score,
            "urgent": self.urgent,
            "decision": self.decision.value,
            "answer": self.answer,
            "alternatives": [{"intent": c.intent, "score": c.score} for c in self.alternatives],
            "action": self.action.value,
            "negated": self.negated,
            "caution": self.caution,
            "rate": self.voice.rate,
            "volume": self.voice.volume,
            "evidence": self.evidence.to_json() if self.evidence is not None else None,
        }


@dataclass
class _State:
    voice: Voice
    last: Intent | None = None
    last_said: str | None = None
    pending: tuple[str, str] | None = None
    disclaimer_said: bool = False
    last_activity: float | None = None
    misses: int = 0
    """Utterances in a row that were heard but not understood."""
    signs: tuple[str, ...] = ()
    """Titles of the warning signs and emergencies answered so far (later calm answers remind of them)."""
    detail_given: str | None = None
    """The intent whose longer answer ("tell me more") was given since it was last answered."""
    timed_out: bool = False
    """This conversation began when the one before it was idle too long: it is announced once, and "repeat
    that" or "tell me more" before anything new is said explain that the earlier conversation was cleared."""
    announce: bool = False
    """The reset is still to be announced (before the next answer)."""


class Conversation:
    """One user's conversation with the skill."""

    def __init__(
        self,
        intents: IntentSet,
        matcher: Matcher,
        settings: DialogueSettings | None = None,
        voice: VoiceRange | None = None,
        emergency_number: str = "911",
        clock: Callable[[], float] = time.monotonic,
        crisis_line: str = "988",
    ) -> None:
        self.intents = intents
        self.matcher = matcher
        self.settings = settings or DialogueSettings()
        self.voice_range = voice or VoiceRange()
        self.emergency_number = emergency_number
        self.crisis_line = crisis_line
        self.responses = intents.language.responses
        self._clock = clock
        self._state = self._fresh()

    def _fresh(self) -> _State:
        v = self.voice_range
        return _State(voice=Voice(rate=v.rate, volume=v.volume))

    @property
    def voice(self) -> Voice:
        return self._state.voice

    @property
    def pending(self) -> tuple[str, str] | None:
        return self._state.pending

    def reset(self) -> None:
        """Start afresh: no memory, default voice, disclaimer due again."""
        self._state = self._fresh()

    def _touch(self) -> None:
        now = self._clock()
        last = self._state.last_activity
        if last is not None and now - last > self.settings.idle_timeout_s:
            self.reset()
            self._state.timed_out = self._state.announce = True
        self._state.last_activity = now

    def reprompt(self, heard: str = "") -> Response:
        """Speech was heard but not understood: ask again, and after a second miss in a row offer topics; or, when
        what was heard speaks of the body or of feeling unwell, tell the warning signs first and ask again."""
        self._touch()
        self._state.misses += 1
        r = self.responses
        caution = self._state.misses > 1 and self.matcher.triage.speaks_of_body(self.matcher.normalize(heard))
        if self._state.misses == 1:
            answer = r.reprompt
        elif caution:
            answer = f"{self._caution()} {r.reprompt}"
        else:
            topics = [i.title for i in self.intents.topics if not i.urgent][: max(self.settings.suggestions, 1)]
            answer = r.reprompt_topics.format(topics=self._join(topics))
        response = Response(
            text=heard,
            intent=FALLBACK_ID,
            score=0.0,
            urgent=False,
            decision=Decision.REPROMPT,
            answer=answer,
            alternatives=(),
            voice=self._state.voice,
            evidence=Evidence("unclear speech", "the recogniser was not sure what it heard: asked again"),
            caution=caution,
        )
        self._state.last_said = answer
        return response

    def handle(self, text: str) -> Response:
        """Answer one utterance."""
        self._touch()
        self._state.misses = 0
        result = self.matcher.match(text)
        if self._state.pending is not None and not result.urgent:
            response = self._resolve_pending(result, self._state.pending)
        else:
            self._state.pending = None
            response = self._respond(result)
        if response.action is Action.END:
            self.reset()
        elif response.answer and self._worth_repeating(response):
            self._state.last_said = response.answer
        return self._announce_reset(response)

    def _announce_reset(self, response: Response) -> Response:
        """After an idle reset, the first answer says the conversation starts afresh (an urgent answer keeps its
        action first, and an answer that already says the earlier conversation was cleared needs no more)."""
        state = self._state
        if not state.announce:
            return response
        state.announce = False
        if response.urgent or not response.answer or response.answer == self.responses.conversation_cleared:
            return response
        return replace(response, answer=f"{self.responses.fresh_start} {response.answer}")

    def _forgotten(self) -> bool:
        """Whether the conversation was cleared by the idle timeout and nothing has been said since."""
        return self._state.timed_out and self._state.last_said is None

    def _worth_repeating(self, response: Response) -> bool:
        """Answers, questions back and fallbacks are repeated; "I'll speak louder" is not."""
        if response.decision is not Decision.ANSWER:
            return True
        intent = self.intents.intents.get(response.intent)
        return intent is not None and intent.kind is not IntentKind.CONTROL

    # -- building responses ----------------------------------------------------

    def _make(self, result: MatchResult, answer: str, action: Action = Action.NONE, **changes: object) -> Response:
        response = Response(
            text=result.text,
            intent=result.intent,
            score=result.score,
            urgent=result.urgent,
            decision=result.decision,
            answer=answer,
            alternatives=result.alternatives,
            voice=self._state.voice,
            action=action,
            negated=result.negated,
            caution=result.caution and result.decision is Decision.FALLBACK,
            evidence=self.matcher.explain(result),
        )
        return replace(response, **changes) if changes else response  # type: ignore[arg-type]

    def _respond(self, result: MatchResult) -> Response:
        if result.decision is Decision.FALLBACK:
            return self._make(result, self._fallback_answer(result))
        if result.decision is Decision.CONFIRM:
            return self._make(result, self.offer(result.intent, result.alternatives[0].intent))
        intent = self.intents[result.intent]
        if intent.is_topic:
            return self._make(result, self._topic_answer(intent))
        return self._control(result, intent)

    def offer(self, first: str, second: str) -> str:
        """Ask which of two intents was meant ("Did you mean A, or B?"); the next utterance may answer it."""
        self._state.pending = (first, second)
        return self.responses.confirm.format(first=self.intents[first].title, second=self.intents[second].title)

    def _topic_answer(self, intent: Intent, text: str | None = None) -> str:
        answer = text or intent.answer
        state = self._state
        if intent.is_emergency:
            answer = answer.format(emergency_number=self.emergency_number, crisis_line=self.crisis_line)
        elif intent.urgent:
            line = self.responses.emergency_line.format(emergency_number=self.emergency_number)
            answer = f"{answer} {line}"
        else:
            if self.settings.disclaimer and not state.disclaimer_said:
                answer = f"{self.responses.disclaimer} {answer}"
                state.disclaimer_said = True
            if state.signs:  # a warning sign came up earlier in this conversation: do not let it be forgotten
                answer = f"{answer} {self.responses.reminder.format(sign=self._join(list(state.signs)))}"
        if intent.urgent and intent.title not in state.signs:
            state.signs = (*state.signs, intent.title)
        if text is None:
            state.detail_given = None
        state.last = intent
        return answer

    def _fallback_answer(self, result: MatchResult) -> str:
        fallback = self.intents[FALLBACK_ID]
        if result.caution:  # it may be a warning sign in words the triage does not know: the signs come first
            return f"{self._caution()} {fallback.answer}"
        topics = self._suggestions(result)
        if not topics:
            return fallback.answer
        return f"{fallback.answer} {self.responses.suggest.format(topics=self._join(topics))}"

    def _caution(self) -> str:
        """The warning signs, the emergency number and the crisis line, said before a fallback (responses.caution)."""
        return self.responses.caution.format(emergency_number=self.emergency_number, crisis_line=self.crisis_line)

    def _suggestions(self, result: MatchResult) -> list[str]:
        count = self.settings.suggestions
        if count == 0:
            return []
        near = [
            self.intents[c.intent]
            for c in result.alternatives
            if c.intent in self.intents and self.intents[c.intent].is_topic and c.score > 0
        ]
        chosen: list[Intent] = []
        for intent in near + self.intents.topics:
            if intent not in chosen and not intent.urgent:
                chosen.append(intent)
            if len(chosen) == count:
                break
        return [i.title for i in chosen]

    def _join(self, items: list[str]) -> str:
        if len(items) == 1:
            return items[0]
        return f"{', '.join(items[:-1])} {self.responses.list_or} {items[-1]}"

    def _resolve_pending(self, result: MatchResult, pending: tuple[str, str]) -> Response:
        """The answer to "Did you mean A, or B?": by order ("the first one"), by naming one or a word of it
        ("the smelly one"), "no", or a new question. "Yes", "maybe" or anything unclear asks again, except
        that when one of the two is urgent, the urgent one is answered."""
        self._state.pending = None
        understood = result.decision is not Decision.FALLBACK
        by_order = {FIRST_OPTION: pending[0], SECOND_OPTION: pending[1]}
        if understood and result.intent in by_order:
            chosen = self.intents[by_order[result.intent]]
            return self._make(result, self._topic_answer(chosen), intent=chosen.id, decision=Decision.ANSWER,
                              urgent=chosen.urgent)  # fmt: skip
        if understood and result.intent in pending:
            return self._make(result, self._topic_answer(self.intents[result.intent]))
        if understood and result.intent == "no":
            return self._respond(result)
        if result.intent not in (YES, NOT_SURE):
            restricted = self.matcher.match(result.text, among=pending)
            if restricted.decision is Decision.ANSWER:
                return self._make(restricted, self._topic_answer(self.intents[restricted.intent]))
        short = len(self.matcher.normalize(result.text).content) <= SHORT_REPLY_WORDS
        if understood and result.intent not in (YES, NOT_SURE) and not short:
            return self._respond(result)  # a new question
        urgent = [i for i in pending if self.intents[i].urgent]
        if urgent:  # unsure which, and one of them is a warning sign: urgent wins
            chosen = self.intents[urgent[0]]
            return self._make(result, self._topic_answer(chosen), intent=chosen.id, decision=Decision.ANSWER,
                              urgent=True)  # fmt: skip
        self._state.pending = pending
        first, second = (self.intents[i].title for i in pending)
        return self._make(result, self.responses.confirm_which.format(first=first, second=second),
                          decision=Decision.CONFIRM, intent=pending[0])  # fmt: skip

    def _control(self, result: MatchResult, intent: Intent) -> Response:
        state = self._state
        r = self.responses
        v = self.voice_range
        handler = intent.id
        if handler == "help":
            topics = [i.title for i in self.intents.topics if not i.urgent]
            return self._make(result, f"{intent.answer} {r.help_topics.format(topics=self._join(topics[:6]))}")
        if handler in ("repeat", "more_detail") and self._forgotten():
            return self._make(result, r.conversation_cleared)
        if handler == "repeat":
            return self._make(result, state.last_said or intent.answer)
        if handler == "more_detail":
            if state.last is None:
                return self._make(result, intent.answer)
            if state.detail_given == state.last.id:  # said already: do not read the same detail again
                return self._make(result, r.no_detail)
            answer = self._topic_answer(state.last, state.last.detail or r.no_detail)
            state.detail_given = state.last.id
            return self._make(result, answer)
        if handler == "source":
            if state.last is None or not state.last.source:
                return self._make(result, intent.answer)
            return self._make(result, r.source_of_last.format(section=state.last.source))
        if handler in ("slower", "faster"):
            rate, at_limit = _stepped(state.voice.rate, v.rate_step, handler == "faster", v.rate_min, v.rate_max)
            state.voice = replace(state.voice, rate=int(rate))
            if handler == "slower":
                return self._make(result, r.rate_slowest if at_limit else r.rate_slower)
            return self._make(result, r.rate_fastest if at_limit else r.rate_faster)
        if handler in ("louder", "quieter"):
            volume, at_limit = _stepped(
                state.voice.volume, v.volume_step, handler == "louder", v.volume_min, v.volume_max
            )
            state.voice = replace(state.voice, volume=round(volume, 3))
            if handler == "louder":
                return self._make(result, r.volume_loudest if at_limit else r.volume_louder)
            return self._make(result, r.volume_quietest if at_limit else r.volume_quieter)
        if handler == "stop":
            return self._make(result, intent.answer, Action.STOP)
        if handler == "goodbye":
            return self._make(result, intent.answer, Action.END)
        return self._make(result, intent.answer)


def _stepped(value: float, step: float, up: bool, low: float, high: float) -> tuple[float, bool]:
    """``value`` one ``step`` up or down, kept within ``low``..``high``; and whether it was already at that limit."""
    moved = min(max(value + (step if up else -step), low), high)
    return moved, round(moved, 3) == round(value, 3)
