"""Loading and validating intent YAML: every problem with its file and line."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from voice_skill import IntentError, IntentSet
from voice_skill.intent import builtin_intent_dir

from .support.hostile import alias_bomb

EXAMPLES = "\n".join(f"      - question number {w} about widgets" for w in "abcdefghijklmnop")


def topic(
    intent_id: str = "widgets", *, answer: str = "Widgets are fine.", extra: str = "", examples: str = EXAMPLES
) -> str:
    return (
        textwrap.dedent(
            f"""\
        language: en
        intents:
          {intent_id}:
            kind: topic
            urgent: false
            title: widgets
            source: Monitoring for Concerns
            answer: {answer}
            detail: More about widgets.
        """
        )
        + f"    examples:\n{examples}\n"
        + extra
    )


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_with_builtin(*paths: Path) -> IntentSet:
    return IntentSet.from_files([builtin_intent_dir(), *paths])


def problems_of(*paths: Path) -> list[str]:
    with pytest.raises(IntentError) as info:
        load_with_builtin(*paths)
    return [str(p) for p in info.value.problems]


def test_user_folder_extends_the_builtin_intents(tmp_path: Path) -> None:
    write(tmp_path / "mine", "widgets.yaml", topic())
    intents = load_with_builtin(tmp_path / "mine")
    assert "widgets" in intents and "cramping" in intents


def test_user_folder_overrides_an_intent_by_id(tmp_path: Path) -> None:
    text = topic("cramping", answer="Custom clinic answer about cramps.")
    write(tmp_path / "mine", "cramping.yaml", text.replace("question number", "cramp question"))
    intents = load_with_builtin(tmp_path / "mine")
    assert intents["cramping"].answer == "Custom clinic answer about cramps."


def test_unknown_key_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", topic().replace("    title: widgets\n", "    title: widgets\n    colour: blue\n"))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:7:")
    assert "unknown key 'colour'" in problem


def test_a_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    text = topic().replace("    title: widgets\n", "    titel: widgets\n").replace("intents:", "intens:")
    problems = problems_of(write(tmp_path, "w.yaml", text))
    assert any("unknown top-level key 'intens'; did you mean 'intents'?" in p for p in problems), problems
    text = topic().replace("    title: widgets\n", "    titel: widgets\n")
    problems = problems_of(write(tmp_path, "w.yaml", text))
    assert any("unknown key 'titel' in 'intents.widgets'; did you mean 'title'?" in p for p in problems), problems


def test_missing_answer_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", topic().replace("    answer: Widgets are fine.\n", ""))
    [problem] = problems_of(path)
    assert f"{path}:3:" in problem and "missing required key 'answer'" in problem


def test_answer_over_the_word_limit_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", topic(answer=" ".join(["word"] * 60)))
    [problem] = problems_of(path)
    assert f"{path}:8:" in problem and "60 words; the limit is 45" in problem


def test_duplicate_ids_in_one_folder_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "mine", "a.yaml", topic())
    write(tmp_path / "mine", "b.yaml", topic().replace("question number", "other question"))
    [problem] = problems_of(tmp_path / "mine")
    assert "duplicate intent id 'widgets'" in problem
    assert "b.yaml:3" in problem and "a.yaml:3" in problem


def test_two_intents_with_one_id_in_one_file_are_reported_with_both_lines(tmp_path: Path) -> None:
    second = topic().split("intents:\n", 1)[1].replace("question number", "another question")
    path = write(tmp_path, "w.yaml", topic() + second)
    problems = problems_of(path)
    assert f"{path}:27: key 'widgets' is written twice in 'intents' (lines 3 and 27)" in problems, problems


def test_a_key_written_twice_in_an_intent_is_reported_with_both_lines_and_every_other_problem(tmp_path: Path) -> None:
    text = topic().replace("    title: widgets\n", "    title: widgets\n    colour: red\n    title: gadgets\n")
    path = write(tmp_path, "w.yaml", text.replace("language: en\n", "language: en\nlanguage: en\n"))
    problems = problems_of(path)
    assert f"{path}:2: key 'language' is written twice (lines 1 and 2)" in problems, problems
    assert f"{path}:9: key 'title' is written twice in 'intents.widgets' (lines 7 and 9)" in problems, problems
    assert any(p.startswith(f"{path}:8: unknown key 'colour'") for p in problems), problems


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.yaml", "language: en\n" + alias_bomb("intents"))
    started = time.perf_counter()
    problems = problems_of(path)
    assert time.perf_counter() - started < 1.0
    assert len(path.read_bytes()) < 400
    assert problems == [f"{path}:3: YAML aliases are not accepted ('*a' repeats '&a'): write the value out"]


def test_even_a_harmless_alias_is_refused_and_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    shared = write(tmp_path, "alias.yaml", topic().replace("title: widgets", "title: &t widgets\n    detail2: *t"))
    assert problems_of(shared) == [
        f"{shared}:7: YAML aliases are not accepted ('*t' repeats '&t'): write the value out"
    ]
    deep = write(tmp_path, "deep.yaml", "language: en\nintents: " + "[" * 999 + "]" * 999 + "\n")
    [problem] = problems_of(deep)
    assert problem.startswith(f"{deep}:2: nested more than")


def test_example_shared_by_two_intents_is_reported(tmp_path: Path) -> None:
    shared = topic("gadgets").replace("question number a about widgets", "is cramping normal after an hsg")
    path = write(tmp_path, "g.yaml", shared.replace("title: widgets", "title: gadgets"))
    problems = problems_of(path)
    assert any("is also an example of 'cramping'" in p and p.startswith(f"{path}:11:") for p in problems), problems


def test_test_utterance_equal_to_an_example_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", topic(extra="    tests:\n      - question number c about the widgets\n"))
    [problem] = problems_of(path)
    assert f"{path}:28:" in problem and "held apart" in problem


def test_empty_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.yaml", "  \n")
    assert problems_of(path) == [f"{path}: file is empty"]


def test_non_utf8_file_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.yaml", topic().encode() + b"      - caf\xe9 question\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:27:") and "UTF-8" in problem


def test_yaml_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "language: en\nintents:\n  widgets: [unclosed\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:") and "invalid YAML" in problem


def test_every_problem_is_collected_across_files(tmp_path: Path) -> None:
    write(tmp_path / "mine", "a.yaml", topic().replace("    title: widgets\n", "    colour: red\n"))
    write(tmp_path / "mine", "b.yaml", "")
    write(tmp_path / "mine", "c.yaml", topic("gizmos", answer=" ".join(["w"] * 50)).replace("question number", "gizmo"))
    problems = problems_of(tmp_path / "mine")
    assert len(problems) >= 4
    assert {Path(p.split(":")[0]).name for p in problems} == {"a.yaml", "b.yaml", "c.yaml"}


def test_wrong_types_and_kinds_are_reported(tmp_path: Path) -> None:
    text = topic().replace("kind: topic", "kind: banana").replace("urgent: false", "urgent: maybe")
    problems = problems_of(write(tmp_path, "w.yaml", text))
    assert any("'intents.widgets.kind' must be one of: topic, control, fallback" in p for p in problems)
    assert any("urgent' must be true or false" in p for p in problems)


def test_urgent_intent_needs_triggers(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, "w.yaml", topic().replace("urgent: false", "urgent: true")))
    assert any("urgent intents need 'triggers'" in p for p in problems)


def test_too_few_examples_are_reported(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, "w.yaml", topic(examples="      - just one widget question")))
    assert any("has 1 examples; topic intents need at least 15" in p for p in problems)


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: no such file or folder"]


def test_from_yaml_and_from_dict_load_without_files() -> None:
    language = (builtin_intent_dir() / "language.yaml").read_text(encoding="utf-8")
    fallback = textwrap.dedent(
        """\
        intents:
          fallback:
            kind: fallback
            title: something else
            answer: I cannot answer that.
            examples: [weather today, play music, tell a joke, football scores, a recipe,
                       the news, what time is it, stock prices, a song, a poem]
        """
    )
    text = language + "\n" + fallback + topic().split("intents:\n", 1)[1]
    intents = IntentSet.from_yaml(text, "inline.yaml")
    assert list(intents.intents) == ["fallback", "widgets"]
    import yaml

    again = IntentSet.from_dict(yaml.safe_load(text))
    assert again.intents["widgets"].answer == "Widgets are fine."


def test_a_set_without_fallback_is_refused(tmp_path: Path) -> None:
    language = (builtin_intent_dir() / "language.yaml").read_text(encoding="utf-8")
    write(tmp_path, "language.yaml", language)
    write(tmp_path, "w.yaml", topic())
    with pytest.raises(IntentError, match="no 'fallback' intent"):
        IntentSet.from_files([tmp_path])


def test_a_source_that_is_not_a_section_of_the_reference_is_reported(tmp_path: Path) -> None:
    write(
        tmp_path / "mine", "w.yaml", topic().replace("source: Monitoring for Concerns", "source: Parking at the Clinic")
    )
    problems = problems_of(tmp_path / "mine")
    assert len(problems) == 1
    assert (
        f"{tmp_path / 'mine' / 'w.yaml'}:7: intent 'widgets': source 'Parking at the Clinic' is not a section"
        in (problems[0])
    )
    assert "Monitoring for Concerns" in problems[0], "the sections that exist are named"


def test_a_clinic_folder_can_ground_its_topics_in_its_own_reference_text(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    write(folder, "w.yaml", topic().replace("source: Monitoring for Concerns", "source: Parking at the Clinic"))
    write(
        folder, "reference.md", "# Our clinic\n\n---\n\nParking at the Clinic\n\nThe car park is behind the building.\n"
    )
    intents = load_with_builtin(folder)
    assert intents["widgets"].source == "Parking at the Clinic"
    assert intents.reference is not None and "Immediate Post-Procedure Experience" in intents.reference


def test_the_shipped_reference_lists_every_section_cited() -> None:
    intents = IntentSet.from_files([builtin_intent_dir()])
    assert intents.reference is not None
    assert {i.source for i in intents.topics if not i.is_emergency} <= set(intents.reference.sections)


def test_a_language_without_built_in_intents_names_those_that_exist(cli) -> None:
    from voice_skill.base.errors import ConfigError

    with pytest.raises(ConfigError, match=r"no built-in intents for language 'fr' \(available: en\)"):
        builtin_intent_dir("fr")


def test_a_clinic_topic_wins_over_the_shipped_fallback(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    parking = topic("parking", examples="\n".join(f"      - {e}" for e in PARKING)).replace(
        "Monitoring for Concerns", "Parking"
    )
    write(folder, "parking.yaml", parking)
    write(folder, "reference.md", "# Our clinic\n\n---\n\nParking\n\nThe car park is behind the building.\n")
    intents = load_with_builtin(folder)
    from voice_skill.intent import Matcher

    assert Matcher(intents).match("where do i park at the clinic").intent == "parking"
    assert not any("park" in e for e in intents["fallback"].examples)


PARKING = [
    "where do i park at the clinic", "is there a car park near the radiology department", "where can i leave my car",
    "how much is parking", "is parking free", "can i park outside", "parking for patients", "where is the car park",
    "do you have parking", "where should i park", "is there somewhere to park", "car park", "parking",
    "is there disabled parking", "where is the nearest car park",
]  # fmt: skip


def test_a_clinic_file_adds_triage_words_without_losing_the_builtin_ones(tmp_path: Path) -> None:
    extra = "language: en\ntriage:\n  modifiers:\n    severity: [off the scale]\n    clinic: [like labour]\n"
    write(tmp_path / "mine", "words.yaml", extra)
    triage = load_with_builtin(tmp_path / "mine").language.triage
    assert triage.modifiers["severity"] == ("off the scale",), "a list is replaced whole"
    assert triage.modifiers["clinic"] == ("like labour",)
    assert "worsening" in triage.modifiers and "urgent_severe_pain" in triage.signs, "the other groups stay"


def test_answers_own_result_is_only_for_calm_topics(tmp_path: Path) -> None:
    text = topic().replace("urgent: false", "urgent: false\n    answers_own_result: false")
    write(tmp_path / "ok", "w.yaml", text)
    assert not load_with_builtin(tmp_path / "ok")["widgets"].answers_own_result
    urgent = text.replace("urgent: false", "urgent: true\n    triggers: [widget pain]")
    problems = problems_of(write(tmp_path / "urgent", "w.yaml", urgent))
    assert any("'answers_own_result' is only for calm topic intents" in p for p in problems)
