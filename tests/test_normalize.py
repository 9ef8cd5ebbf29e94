from __future__ import annotations

import pytest

from voice_skill import Skill
from voice_skill.intent.normalize import stem


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Um, is this cramping normal after my H.S.G.?", "is this cramp normal after my hsg"),
        ("what is an age s g", "what is an hsg"),
        ("I'm spotting", "i am spot"),
        ("I don\u2019t have a fever", "i do not have a fever"),
        ("my falopian tubes after 2 days", "my fallopian tube after two day"),
        ("would i need i v f or i u i", "would i need ivf or iui"),
        ("uh like what is a hysterosalpingogram", "what is a hsg"),
    ],
)
def test_normalisation(skill: Skill, text: str, words: str) -> None:
    assert skill.intents.normalizer(text).text == words


def test_content_words_drop_stop_words_but_keep_negation(skill: Skill) -> None:
    assert skill.intents.normalizer("I don't have a fever").content == ("not", "fever")


@pytest.mark.parametrize(
    ("word", "expected"),
    [("cramps", "cramp"), ("cramping", "cramp"), ("spotting", "spot"), ("blocked", "block"),
     ("tubes", "tube"), ("passed", "pass"), ("worried", "worry"), ("is", "is"), ("hsg", "hsg")],
)  # fmt: skip
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_initialisms_come_from_the_spelled_letter_replacements(skill: Skill) -> None:
    normalizer = skill.intents.normalizer
    assert normalizer.initialisms() == {"hsg": "h s g", "ivf": "i v f", "iui": "i u i", "pid": "p i d"}
    spelled = normalizer.spell_initialisms("IUI or IVF, after my hsg? Pidgin stays")
    assert spelled == "i u i or i v f, after my h s g? Pidgin stays"
    assert normalizer.words(spelled) == normalizer.words("iui or ivf after my hsg pidgin stays")


@pytest.mark.parametrize(
    ("heard", "expected"),
    [
        ("is there any danger from the histrosalpine to gram", "hsg"),
        ("warning symptoms after historo-silpingogram", "hsg"),
        ("blood spots after hysterosalping a gram", "hsg"),
        ("lap a roscopy", "laparoscopy"),
    ],
)
def test_a_long_domain_word_broken_into_pieces_is_joined(skill, heard: str, expected: str) -> None:
    assert expected in skill.intents.normalizer(heard).words


@pytest.mark.parametrize(
    "said", ["a hysterectomy", "hysterosonography", "his salary program", "the histogram", "history of pain"]
)
def test_other_real_words_are_not_respelled(skill, said: str) -> None:
    words = skill.intents.normalizer(said).words
    assert not set(words) & {"hsg", "hysteroscopy", "laparoscopy", "fallopian"}, words


def test_punctuation_sets_clauses_apart(skill: Skill) -> None:
    """The triage reads a clearing cue only in the sign's own clause: punctuation says where one starts."""
    normalizer = skill.matcher.intents.normalizer
    text = normalizer("I have a fever of 39, my sister had hers. Is that ok?")
    assert text.words == normalizer("I have a fever of 39 my sister had hers is that ok").words
    assert [text.surface[b] for b in sorted(text.breaks)] == ["my", "is"]
    assert not normalizer("I have a fever of 39 my sister had hers is that ok").breaks


def test_a_clause_opened_on_a_filler_opens_on_the_next_word(skill: Skill) -> None:
    """Words the normaliser takes out or joins keep the clause they open: a filler after a comma, a contraction."""
    normalizer = skill.matcher.intents.normalizer
    text = normalizer("the cramps are bad, um, i've got a fever")
    assert [text.surface[b] for b in sorted(text.breaks)] == ["i"]
    assert normalizer("Is it normal? It's been two days").breaks == {3}


def test_a_spelled_word_across_punctuation_is_still_one_word(skill: Skill) -> None:
    """A recogniser's "H. S. G." is the test's name, as before clauses were read."""
    normalizer = skill.matcher.intents.normalizer
    assert "hsg" in normalizer("after my H. S. G. I bled").words


def test_the_point_of_a_number_is_no_clause(skill: Skill) -> None:
    normalizer = skill.matcher.intents.normalizer
    assert normalizer("my temp is 38.5 now").breaks == frozenset()
    assert normalizer("no punctuation at all").breaks == frozenset()
    assert normalizer("a fever, 38.5").breaks == {2}
