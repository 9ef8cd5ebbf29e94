"""Checks across the intents of a set, once every file is read: sources against the reference text, triage
rules against the urgent intents, the unanswered frames against the topics, examples shared between intents, and a
clinic's topics against the fallback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..base.errors import Problem
from ..base.schema import did_you_mean
from ..base.yamlio import YamlDocument
from .intents import FALLBACK_ID, Intent, IntentSet
from .normalize import Normalizer
from .reference import Reference
from .signs import TriageSpec
from .triage import Triage
from .unanswered import UnansweredSpec


def check_signs(triage: TriageSpec, intents: dict[str, Intent], doc: YamlDocument | None) -> list[Problem]:
    """Every sign rule names an urgent intent, and every modifier group it needs exists."""
    problems = []
    path = doc.path if doc is not None else "<intents>"
    for intent_id, rule in triage.signs.items():
        line = doc.line("triage", "signs", intent_id) if doc is not None else None
        if intent_id in intents and not intents[intent_id].urgent:
            problems.append(Problem(path, line, f"triage sign '{intent_id}' is for an intent that is not urgent"))
        for group in (*rule.needs, *rule.things_need):
            if group not in triage.modifiers and group not in triage.negated:
                problems.append(Problem(path, line, f"triage sign '{intent_id}' needs an unknown group '{group}'"))
    return problems


def check_sign_phrases(triage: TriageSpec, normalizer: Normalizer, doc: YamlDocument | None) -> list[Problem]:
    """No warning-sign phrase shrinks, once normalised, to nothing, to a lone negation, or from several words to one:
    fillers are dropped ("okay now" is empty; "not okay" is "not", which would read every "not" as part of a
    modifier; a sign said alone, "kind of fit", is "fit", a seizure in "am i fit to drive")."""
    path = doc.path if doc is not None else "<intents>"
    groups: dict[str, tuple[str, ...]] = {f"modifiers.{k}": v for k, v in triage.modifiers.items()}
    groups |= {f"negated.{k}": v for k, v in triage.negated.items()}
    for intent_id, explained in triage.explained.items():
        groups |= {f"explained.{intent_id}.signs": explained.signs, f"explained.{intent_id}.causes": explained.causes}
    for intent_id, rule in triage.signs.items():
        for name in ("words", "alone", "near", "things"):
            groups[f"signs.{intent_id}.{name}"] = getattr(rule, name)
    names = ("improvement", "lasting", "others", "asking", "figurative", "hypothetical", "long_ago", "long_past")
    for name in (*names, "ongoing", "other_senses"):
        groups[name] = getattr(triage, name)
    problems = []
    for where, phrases in groups.items():
        for phrase in phrases:
            words = normalizer(phrase).words
            # A sign said alone, or a cue, that shrinks to one word is that word alone, everywhere.
            alone = not where.startswith(("modifiers.", "negated.", "explained.")) and not where.endswith(
                (".words", ".near", ".things")
            )
            shrunk = alone and len(phrase.split()) > 1 and len(words) == 1
            if not words or set(words) <= normalizer.negations or shrunk:
                shown = " ".join(words) or "nothing"
                line = doc.line("triage", *where.split(".")) if doc is not None else None
                message = f"triage {where}: '{phrase}' normalises to {shown} (fillers are dropped); reword it"
                problems.append(Problem(path, line, message))
    return problems


def check_frames(spec: UnansweredSpec, intents: dict[str, Intent], doc: YamlDocument | None) -> list[Problem]:
    """Every unanswered frame has phrases, and the topics it says answer it are calm topics of the set."""
    problems = []
    path = doc.path if doc is not None else "<intents>"
    for name, frame in spec.frames.items():
        line = doc.line("unanswered", "frames", name) if doc is not None else None
        if not frame.phrases:
            problems.append(Problem(path, line, f"unanswered frame '{name}' has no phrases"))
        for intent_id in frame.answered_by:
            intent = intents.get(intent_id)
            if intent is None:
                message = f"unanswered frame '{name}' is answered by an unknown intent '{intent_id}'"
                problems.append(Problem(path, line, message + did_you_mean(intent_id, intents)))
            elif not intent.is_topic or intent.urgent:
                message = f"unanswered frame '{name}': '{intent_id}' is not a calm topic (only topics are held back)"
                problems.append(Problem(path, line, message))
    return problems


def clinic_topics_answer_frames(
    spec: UnansweredSpec, intents: dict[str, Intent], origin: dict[str, int]
) -> UnansweredSpec:
    """A clinic's own topic is never held back by the shipped frames: a topic from a later folder than the fallback
    ("what does an hsg cost here", answered by the clinic) is added to every frame's ``answered_by``."""
    later = tuple(
        intent.id
        for intent in intents.values()
        if intent.is_topic and not intent.urgent and origin.get(intent.id, 0) > origin.get(FALLBACK_ID, 0)
    )
    if not later:
        return spec
    frames = {
        name: replace(frame, answered_by=(*frame.answered_by, *(i for i in later if i not in frame.answered_by)))
        for name, frame in spec.frames.items()
    }
    return replace(spec, frames=frames)


def check_frame_phrases(spec: UnansweredSpec, normalizer: Normalizer, doc: YamlDocument | None) -> list[Problem]:
    """No phrase of an unanswered frame normalises to nothing (it would never be found)."""
    problems = []
    path = doc.path if doc is not None else "<intents>"
    for name, frame in spec.frames.items():
        for phrase in frame.phrases:
            if not normalizer(phrase).words:
                line = doc.line("unanswered", "frames", name, "phrases") if doc is not None else None
                message = f"unanswered frame '{name}': '{phrase}' normalises to nothing (fillers are dropped)"
                problems.append(Problem(path, line, message))
    return problems


def yield_fallback_examples(intents: dict[str, Intent], origin: dict[str, int], normalizer: Normalizer) -> None:
    """A clinic's own topic wins over an earlier folder's fallback: an example or test the fallback shares with
    an intent of a later folder ("where do i park at the clinic") is dropped from the fallback."""
    fallback = intents.get(FALLBACK_ID)
    if fallback is None:
        return
    later = {
        normalizer.key(example)
        for intent in intents.values()
        if intent.id != FALLBACK_ID and origin.get(intent.id, 0) > origin.get(FALLBACK_ID, 0)
        for example in intent.examples
    }
    if not later:
        return
    examples = [
        (e, n)
        for e, n in zip(fallback.examples, fallback.example_lines, strict=False)
        if normalizer.key(e) not in later
    ]
    tests = [
        (t, n) for t, n in zip(fallback.tests, fallback.test_lines, strict=False) if normalizer.key(t) not in later
    ]
    intents[FALLBACK_ID] = replace(
        fallback,
        examples=tuple(e for e, _ in examples),
        example_lines=tuple(n for _, n in examples),
        tests=tuple(t for t, _ in tests),
        test_lines=tuple(n for _, n in tests),
    )


def check_sources(intents: Iterable[Intent], reference: Reference) -> list[Problem]:
    """Every topic names a section of the reference text: "where does that come from?" must be true."""
    problems = []
    for intent in intents:
        if intent.is_topic and intent.source and intent.source not in reference:
            problems.append(
                Problem(
                    intent.path,
                    intent.source_line or intent.line,
                    f"intent '{intent.id}': source '{intent.source}' is not a section of the reference text "
                    f"({', '.join(reference.paths)}); add the section there, or cite one of: "
                    f"{'; '.join(reference.sections)}",
                )
            )
    return problems


def cross_check(intents: Iterable[Intent], normalizer: Normalizer) -> list[Problem]:
    """Examples shared by two intents; tests that repeat an example; empty examples."""
    problems: list[Problem] = []
    owner: dict[str, tuple[Intent, int]] = {}
    for intent in intents:
        own: set[str] = set()
        for index, example in enumerate(intent.examples):
            key = normalizer.key(example)
            if not key:
                problems.append(
                    Problem(
                        intent.path,
                        intent.example_line(index),
                        f"intent '{intent.id}': example '{example}' is empty once normalised",
                    )
                )
                continue
            own.add(key)
            other = owner.get(key)
            if other is not None and other[0].id != intent.id:
                problems.append(
                    Problem(
                        intent.path,
                        intent.example_line(index),
                        f"example '{example}' of intent '{intent.id}' is also an example of "
                        f"'{other[0].id}' ({other[0].path}:{other[0].example_line(other[1])})",
                    )
                )
            owner.setdefault(key, (intent, index))
        for index, test in enumerate(intent.tests):
            if normalizer.key(test) in own:
                problems.append(
                    Problem(
                        intent.path,
                        intent.test_line(index),
                        f"intent '{intent.id}': test '{test}' says the same as one of its examples "
                        "(tests must be held apart from examples)",
                    )
                )
    return problems


def warning_signs_in_calm_examples(intents: IntentSet, triage: Triage) -> list[Problem]:
    """Examples of intents that are not urgent in which the triage finds a warning sign (one it does not clear):
    a patient who says one is answered as urgent, never with that intent, so the example teaches the matcher
    nothing it will use, and it usually means a warning sign was filed under a calm topic. Warnings, not errors."""
    warnings = []
    for intent in intents:
        if intent.urgent:
            continue
        for index, example in enumerate(intent.examples):
            hits = [hit for hit in triage.scan(intents.normalizer(example), example) if not hit.cleared]
            if hits:
                signs = "; ".join(f"{hit.trigger!r} ({hit.intent})" for hit in hits)
                warnings.append(
                    Problem(
                        intent.path,
                        intent.example_line(index),
                        f"warning: example '{example}' of the calm intent '{intent.id}' holds a warning sign: {signs}",
                    )
                )
    return warnings
