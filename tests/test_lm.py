"""The domain text and the ARPA language-model builder behind PocketSphinx's domain biasing."""

from __future__ import annotations

import math
from pathlib import Path

import pocketsphinx
import pytest

from voice_skill.asr import pocketsphinx_engine
from voice_skill.asr.bias import domain_text, read_pronunciations, words_of
from voice_skill.asr.lm import build_arpa
from voice_skill.asr.pocketsphinx_engine import NEVER_GENERAL, build_domain_files
from voice_skill.asr.settings import WARNING_SIGN_WEIGHT, GeneralWordSettings
from voice_skill.intent import builtin_intent_dir

SENTENCES = [("is", "cramping", "normal"), ("is", "spotting", "normal"), ("what", "is", "an", "hsg")]
GENERAL = {"the": 50.0, "wife": 2.0, "river": 1.0, "is": 30.0}


def unigrams(arpa: str) -> dict[str, float]:
    section = arpa.split("\\1-grams:")[1].split("\\2-grams:")[0]
    found = {}
    for line in section.strip().splitlines():
        parts = line.split("\t")
        found[parts[1]] = 10 ** float(parts[0])
    return found


def test_unigrams_are_a_distribution_with_or_without_general_words() -> None:
    for arpa in (build_arpa(SENTENCES), build_arpa(SENTENCES, 3, GENERAL, 0.1)):
        probs = unigrams(arpa)
        assert sum(p for w, p in probs.items() if w != "<s>") == pytest.approx(1.0, abs=1e-3)


def test_general_words_get_their_share_and_the_sentences_keep_theirs() -> None:
    plain, mixed = unigrams(build_arpa(SENTENCES)), unigrams(build_arpa(SENTENCES, 3, GENERAL, 0.1))
    assert "wife" not in plain and "river" not in plain
    assert mixed["wife"] == pytest.approx(0.1 * 2 / 83, rel=1e-3)
    assert mixed["wife"] == pytest.approx(2 * mixed["river"], rel=1e-3), "in proportion to how common they are"
    assert mixed["cramping"] == pytest.approx(0.9 * plain["cramping"], rel=1e-3)
    assert mixed["is"] == pytest.approx(0.9 * plain["is"] + 0.1 * 30 / 83, rel=1e-3), "a word in both gets both"
    assert build_arpa(SENTENCES, 3, GENERAL, 0.0) == build_arpa(SENTENCES), "weight 0 is the plain model"


@pytest.mark.engine
def test_the_model_loads_in_pocketsphinx_and_reaches_general_words_by_back_off(tmp_path: Path) -> None:
    path = tmp_path / "domain.lm"
    path.write_text(build_arpa(SENTENCES, 3, GENERAL, 0.1), encoding="utf-8")
    model = pocketsphinx.NGramModel(pocketsphinx.Config(), pocketsphinx.LogMath(), str(path))
    assert model.size() == 3

    def prob(word: str, *history: str) -> float:
        """P(word | history), history given oldest first (PocketSphinx wants it newest first)."""
        return math.exp(model.prob([word, *reversed(history)]) * math.log(1.0001))

    assert prob("cramping", "is") > 50 * prob("wife", "is") > 0, "seen pairs stay far likelier"
    assert prob("wife") == pytest.approx(0.1 * 2 / 83, rel=0.01)


@pytest.mark.parametrize("weight", [-0.1, 1.0, 1.5])
def test_a_weight_outside_0_to_1_is_refused(weight: float) -> None:
    with pytest.raises(ValueError, match="background_weight"):
        build_arpa(SENTENCES, 3, GENERAL, weight)


def test_warning_signs_count_more_in_the_domain_text(skill) -> None:
    once = domain_text(skill.intents, warning_sign_weight=1)
    thrice = domain_text(skill.intents)
    triggers = [words_of(t) for intent in skill.intents for t in intent.triggers]
    assert WARNING_SIGN_WEIGHT == 3 and triggers
    assert len(thrice.sentences) == len(once.sentences) + 2 * len(triggers)
    assert thrice.vocabulary == once.vocabulary, "the same words, only likelier"
    assert thrice.digest() != once.digest(), "a cached language model is rebuilt when the weight changes"


@pytest.mark.engine
def test_the_domain_dictionary_adds_common_words_but_never_profanity(skill, tmp_path: Path) -> None:
    domain = domain_text(skill.intents)
    pronunciations = read_pronunciations(builtin_intent_dir() / "pronunciations.dict")
    _, dictionary, _ = build_domain_files(domain, pronunciations, tmp_path)
    words = {line.split()[0].split("(")[0] for line in dictionary.read_text(encoding="utf-8").splitlines()}
    added = words - set(domain.vocabulary)
    assert len(added) > 1000 and {"brother", "window", "her"} <= added
    assert not added & NEVER_GENERAL, "a misheard cough must never put these on the caption screen"
    _, only_domain, _ = build_domain_files(domain, pronunciations, tmp_path, GeneralWordSettings(count=0))
    assert only_domain != dictionary and "brother" not in only_domain.read_text(encoding="utf-8").split()


@pytest.mark.engine
def test_a_changed_word_list_is_never_served_from_the_cache(skill, tmp_path: Path, monkeypatch) -> None:
    domain = domain_text(skill.intents)
    pronunciations = read_pronunciations(builtin_intent_dir() / "pronunciations.dict")
    _, before, _ = build_domain_files(domain, pronunciations, tmp_path)
    assert "brother" in before.read_text(encoding="utf-8").split()
    monkeypatch.setattr(pocketsphinx_engine, "NEVER_GENERAL", NEVER_GENERAL | {"brother"})
    _, after, _ = build_domain_files(domain, pronunciations, tmp_path)
    assert after != before and "brother" not in after.read_text(encoding="utf-8").split()


def test_a_missing_pronunciations_file_is_an_error_not_an_empty_dictionary(tmp_path: Path) -> None:
    from voice_skill.asr import RecognizerError

    with pytest.raises(RecognizerError, match=r"cannot read the pronunciations file .*gone\.dict"):
        read_pronunciations(tmp_path / "gone.dict")


@pytest.mark.engine
def test_words_pocketsphinx_cannot_say_are_reported_but_known_misspellings_are_not(skill) -> None:
    from voice_skill.asr import DomainText
    from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer

    shipped = PocketSphinxRecognizer(domain_text(skill.intents), builtin_intent_dir() / "pronunciations.dict")
    assert shipped.missing_words == (), "the shipped examples' misspellings ('falopian') are expected"
    text = domain_text(skill.intents)
    odd = DomainText((*text.sentences, ("is", "zorblaxing", "normal")), text.respelled)
    recognizer = PocketSphinxRecognizer(odd, builtin_intent_dir() / "pronunciations.dict")
    assert recognizer.missing_words == ("zorblaxing",)


@pytest.mark.engine
def test_an_unusable_cache_folder_is_a_visible_note(skill, tmp_path: Path, monkeypatch) -> None:
    from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    recognizer = PocketSphinxRecognizer(domain_text(skill.intents), builtin_intent_dir() / "pronunciations.dict")
    assert len(recognizer.notes) == 1
    assert f"the cache folder {blocker / 'voice-skill'} cannot be written" in recognizer.notes[0]
    assert "XDG_CACHE_HOME" in recognizer.notes[0]


@pytest.mark.engine
def test_listen_shows_the_engine_notes(cli, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = cli("listen", "--engine", "pocketsphinx", "--no-speak", "--input", str(tmp_path / "none.wav"))
    assert "note: the cache folder" in result.err and result.code == 5
