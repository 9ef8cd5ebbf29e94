"""The real libvosk, on a tiny model the tests generate (see tests/support/vosk_model.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import vosk

from voice_skill import Config, Skill
from voice_skill.asr import DomainText, Engine, EngineChoice, RecognizerError, choose_engine, open_recognizer
from voice_skill.asr.models import ModelError
from voice_skill.asr.vosk_engine import VoskRecognizer
from voice_skill.audio import Audio, chunked, for_speech
from voice_skill.pipeline import Listener

from .conftest import ROOT
from .support.vosk_model import make_tiny_model, silence, word_audio

pytestmark = pytest.mark.engine

WORDS = ("yes", "no", "hello", "cramping", "fever")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    return make_tiny_model(tmp_path_factory.mktemp("vosk") / "tiny-model", WORDS)


def samples(data: bytes) -> np.ndarray:
    return np.frombuffer(data, "<i2").astype(np.int16)


def decode(recognizer: VoskRecognizer, data: bytes):
    recognizer.start()
    for chunk in chunked(samples(data)):
        recognizer.feed(chunk)
    return recognizer.finish()


def test_load_stream_and_word_timings(model_dir) -> None:
    rec = VoskRecognizer(model_dir)
    partials = []
    rec.start()
    audio = silence(0.3) + word_audio("fever", WORDS) + silence(0.3) + word_audio("yes", WORDS) + silence(0.3)
    for chunk in chunked(samples(audio)):
        partial = rec.feed(chunk)
        if partial is not None:
            partials.append(partial.text)
    final = rec.finish()
    assert partials and not partials[0].endswith("yes")
    assert final.text == "fever yes"
    fever, yes = final.words
    assert fever.start == pytest.approx(0.3, abs=0.04) and fever.end == pytest.approx(0.8, abs=0.04)
    assert yes.start == pytest.approx(1.1, abs=0.04)
    assert final.confidence is not None and 0 < final.confidence <= 1


def test_vosk_own_endpointing_keeps_every_segment(model_dir) -> None:
    """A pause long enough for vosk to close a segment mid-utterance loses no words."""
    rec = VoskRecognizer(model_dir)
    audio = word_audio("hello", WORDS) + silence(1.5) + word_audio("no", WORDS) + silence(0.2)
    assert decode(rec, audio).text == "hello no"


def test_reset_between_utterances(model_dir) -> None:
    rec = VoskRecognizer(model_dir)
    rec.start()
    rec.feed(samples(word_audio("hello", WORDS)))
    assert decode(rec, silence(0.2) + word_audio("cramping", WORDS) + silence(0.3)).text == "cramping"


def test_runtime_grammar_biases_to_the_domain_and_reports_missing_words(model_dir) -> None:
    domain = DomainText((("is", "cramping", "normal"), ("yes",), ("no",)))
    rec = VoskRecognizer(model_dir, domain)
    assert rec.missing_words == ("is", "normal")
    assert rec.grammar == ["cramping", "no", "yes", "[unk]"]
    # "hello" and "fever" are not in the grammar: vosk answers with allowed words only.
    text = decode(rec, word_audio("fever", WORDS) + silence(0.3) + word_audio("cramping", WORDS) + silence(0.3)).text
    assert set(text.split()) <= {"cramping", "no", "yes"} and "cramping" in text


def test_static_graph_ignores_grammars_but_still_decodes(tmp_path, capfd) -> None:
    static = make_tiny_model(tmp_path / "static", WORDS, runtime_grammar=False)
    rec = VoskRecognizer(static, DomainText((("yes",),)))
    assert decode(rec, word_audio("hello", WORDS) + silence(0.3)).text == "hello"


def test_bad_sample_rate_is_refused_by_libvosk_and_avoided_by_normalising(model_dir) -> None:
    model = vosk.Model(str(model_dir))
    low = vosk.KaldiRecognizer(model, 8000)
    with pytest.raises(Exception, match="Failed to process waveform"):
        low.AcceptWaveform(silence(0.1))
    # The skill never hands vosk anything but 16 kHz: 8 kHz audio is resampled at the boundary.
    eight = Audio(samples(word_audio("yes", WORDS))[::2].copy(), 8000)
    assert for_speech(eight).rate == 16000


def test_broken_model_is_a_one_line_error(tmp_path) -> None:
    broken = tmp_path / "broken"
    (broken / "am").mkdir(parents=True)
    (broken / "conf").mkdir()
    (broken / "am" / "final.mdl").write_text("not a kaldi model")
    (broken / "conf" / "model.conf").write_text("")
    code = (
        "from pathlib import Path\n"
        "from voice_skill.asr.vosk_engine import VoskRecognizer\n"
        "from voice_skill.asr import RecognizerError\n"
        f"try:\n    VoskRecognizer(Path({str(broken)!r}))\n"
        "except RecognizerError as exc:\n    print('ERROR', exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.startswith("ERROR the Vosk model at") and "failed to load" in done.stdout


def test_engine_choice_follows_the_resolution_order(model_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("voice_skill.asr.engines.project_models_dir", lambda: tmp_path / "none")
    monkeypatch.setattr("voice_skill.asr.engines.default_cache_dir", lambda: tmp_path / "cache")
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    auto = choose_engine(Engine("auto"), Config().listen)
    assert auto.engine == "whisper" and auto.builtin and auto.note is None, "nothing found: the built-in Whisper"
    with pytest.raises(ModelError, match="no Vosk model found"):
        choose_engine(Engine("vosk"), Config().listen)
    with pytest.raises(ModelError, match=r"neither a Whisper model \(missing model\.bin\) nor a Vosk model"):
        choose_engine(Engine("auto"), Config().listen, explicit_model=tmp_path)
    found = choose_engine(Engine("auto"), Config().listen, explicit_model=model_dir)
    assert found == EngineChoice(Engine.VOSK, model_dir), "a Vosk model given: Vosk"
    configured = choose_engine(Engine("auto"), Config.from_yaml(f"listen:\n  model: {model_dir}\n").listen)
    assert configured.engine == "vosk" and configured.model == model_dir
    monkeypatch.setenv("VOSK_MODEL_PATH", str(model_dir))
    assert choose_engine(Engine("auto"), Config().listen).engine == "vosk"
    (tmp_path / "cache").mkdir()
    monkeypatch.delenv("VOSK_MODEL_PATH")
    make_tiny_model(tmp_path / "cache" / "vosk-model-tiny", WORDS)
    assert choose_engine(Engine("auto"), Config().listen).engine == "whisper", "auto never picks up a stray model"
    assert choose_engine(Engine("vosk"), Config().listen).model == tmp_path / "cache" / "vosk-model-tiny"
    with pytest.raises(ModelError, match="not a Whisper model"):
        choose_engine(Engine("whisper"), Config().listen, explicit_model=model_dir)


def test_vosk_in_the_listening_pipeline(model_dir, skill: Skill) -> None:
    recognizer = open_recognizer(EngineChoice(Engine.VOSK, model_dir), skill.intents)
    audio = samples(silence(0.5) + word_audio("fever", WORDS, seconds=0.6) + silence(1.0))
    [heard] = Listener(recognizer, skill.conversation(), skill.intents.normalizer).run(chunked(audio), "tiny")
    assert heard.transcript.text == "fever"
    assert heard.response.intent == "urgent_fever_infection"
    assert heard.transcript.words[0].start > 0


def test_listen_command_with_a_vosk_model(model_dir, tmp_path) -> None:
    path = tmp_path / "q.wav"
    Audio(np.frombuffer(silence(0.5) + word_audio("fever", WORDS) + silence(1.0), "<i2").copy(), 16000).write_wav(path)
    done = subprocess.run(
        [sys.executable, "-m", "voice_skill", "listen", "--engine", "vosk", "--model", str(model_dir),
         "--input", str(path), "--json", "--no-speak"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)
    assert row["transcript"] == "fever" and row["urgent"] is True
    assert "not in the vosk vocabulary" in done.stderr


def test_vosk_engine_without_a_model_is_one_line(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "voice_skill", "listen", "--engine", "vosk", "--input", "x.wav"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 7
    assert done.stderr.count("\n") == 1 and "no Vosk model found" in done.stderr


def test_missing_engine_package_has_an_install_hint(monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "vosk" else real(name, *a))
    with pytest.raises(RecognizerError, match="pip install vosk"):
        VoskRecognizer(Path("/nowhere"))
