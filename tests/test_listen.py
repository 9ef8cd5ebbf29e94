"""Speech in, end to end: endpointing, audio files, PocketSphinx (real), the listen command."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from voice_skill import Skill
from voice_skill.asr import GeneralWordSettings, Recognizer, domain_text
from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer
from voice_skill.audio import Audio, AudioError, chunked, decode_wav, for_speech, read_wav
from voice_skill.audio.endpoint import Endpointer, EndpointSettings, ListeningTimedOut, SpeechEnded, SpeechStarted
from voice_skill.intent import builtin_intent_dir
from voice_skill.pipeline import Listener

from .conftest import ROOT
from .support import join, silence, speak, with_noise

pytestmark = pytest.mark.engine

WARNINGS = yaml.safe_load((Path(__file__).parent / "data" / "warning_signs.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sphinx(skill: Skill) -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer(domain_text(skill.intents), builtin_intent_dir() / "pronunciations.dict")


def listen_to(skill: Skill, recognizer, audio: Audio) -> list:
    listener = Listener(recognizer, skill.conversation(), skill.intents.normalizer)
    return list(listener.run(chunked(audio.samples), "test"))


def tone(seconds: float, freq: float = 300.0, amplitude: float = 8000.0) -> np.ndarray:
    t = np.arange(round(16000 * seconds)) / 16000
    return (np.sin(2 * np.pi * freq * t) * amplitude).astype(np.int16)


def events_of(samples: np.ndarray, settings: EndpointSettings | None = None) -> list:
    ep = Endpointer(settings)
    found = [e for chunk in chunked(samples) for e in ep.feed(chunk)] + list(ep.flush())
    return [e for e in found if isinstance(e, SpeechStarted | SpeechEnded | ListeningTimedOut)]


# -- endpointing ------------------------------------------------------------------------------


def test_endpointer_cuts_utterances_at_pauses() -> None:
    quiet = np.zeros(16000, dtype=np.int16)
    events = events_of(np.concatenate([quiet, tone(1.5), quiet, tone(0.8), quiet]))
    ends = [e for e in events if isinstance(e, SpeechEnded)]
    assert [(round(e.start, 1), round(e.end, 1), e.reason, e.kept) for e in ends] == [
        (1.0, 2.5, "silence", True),
        (3.5, 4.3, "silence", True),
    ]


def test_short_bursts_and_steady_noise_are_not_speech() -> None:
    rng = np.random.default_rng(1)
    noise = (rng.standard_normal(16000 * 5) * 800).astype(np.int16)
    assert not [e for e in events_of(noise) if isinstance(e, SpeechEnded)]
    click = np.concatenate([np.zeros(16000, dtype=np.int16), tone(0.1), np.zeros(16000, dtype=np.int16)])
    assert [e.kept for e in events_of(click) if isinstance(e, SpeechEnded)] == [False]


def test_long_speech_is_cut_at_the_maximum_length() -> None:
    settings = EndpointSettings(max_utterance_s=2.0)
    ends = [e for e in events_of(tone(5.0), settings) if isinstance(e, SpeechEnded)]
    assert ends[0].reason == "max_length" and ends[0].end - ends[0].start == pytest.approx(2.0, abs=0.1)


def test_leading_silence_times_out_once() -> None:
    settings = EndpointSettings(leading_silence_timeout_s=1.0)
    events = events_of(np.zeros(16000 * 3, dtype=np.int16), settings)
    assert [type(e) for e in events] == [ListeningTimedOut]


def test_preroll_keeps_the_start_of_the_first_word() -> None:
    ep = Endpointer()
    samples = np.concatenate([np.zeros(16000, dtype=np.int16), tone(1.0)])
    started = next(e for chunk in chunked(samples) for e in ep.feed(chunk) if isinstance(e, SpeechStarted))
    assert started.audio_start == pytest.approx(started.start - 0.3, abs=0.05)


# -- audio files ----------------------------------------------------------------------------


def write_wav(path: Path, data: bytes, *, tag: int, channels: int, rate: int, bits: int) -> Path:
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


@pytest.mark.parametrize(
    ("bits", "tag", "dtype", "scale"),
    [
        (8, 1, np.uint8, None),
        (16, 1, "<i2", 32767),
        (24, 1, None, None),
        (32, 1, "<i4", 2**31 - 1),
        (32, 3, "<f4", 1.0),
    ],
)
@pytest.mark.parametrize(("rate", "channels"), [(8000, 1), (44100, 2), (48000, 1)])
def test_wav_of_any_format_is_normalised_once(tmp_path, bits, tag, dtype, scale, rate, channels) -> None:
    t = np.arange(rate) / rate
    wave_ = 0.5 * np.sin(2 * np.pi * 440 * t)
    frames = np.repeat(wave_[:, None], channels, axis=1).reshape(-1)
    if bits == 8:
        data = np.round(frames * 127 + 128).astype(np.uint8).tobytes()
    elif bits == 24:
        ints = np.round(frames * (2**23 - 1)).astype(np.int32)
        data = b"".join(int(v).to_bytes(3, "little", signed=True) for v in ints)
    else:
        data = (frames * scale).astype(dtype).tobytes()
    audio = for_speech(read_wav(write_wav(tmp_path / "a.wav", data, tag=tag, channels=channels, rate=rate, bits=bits)))
    assert audio.rate == 16000 and audio.samples.dtype == np.int16
    assert audio.duration == pytest.approx(1.0, abs=0.01)
    assert audio.rms == pytest.approx(0.5 * 32767 / np.sqrt(2), rel=0.05)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"hello, this is not audio at all", "not a WAV file"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "no format chunk"),
    ],
)
def test_bad_audio_files_are_clear_errors(tmp_path, content, message) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        read_wav(path)


def test_a_wav_cut_short_is_an_error_naming_what_is_missing(tmp_path) -> None:
    good = write_wav(tmp_path / "g.wav", tone(1.0).tobytes(), tag=1, channels=1, rate=16000, bits=16).read_bytes()
    message = r"cut short: its header promises 1.00 s of audio, it holds 0.50 s"
    with pytest.raises(AudioError, match=message):
        decode_wav(good[: 44 + 16000])
    cut = tmp_path / "cut.wav"
    cut.write_bytes(good[: 44 + 16000])
    with pytest.raises(AudioError, match=f"{cut}: WAV file is {message}"):
        read_wav(cut)
    with pytest.raises(AudioError, match="cut short"):
        decode_wav(good[:44])


def test_a_wav_written_to_a_pipe_runs_to_the_end_of_the_file(tmp_path) -> None:
    good = write_wav(tmp_path / "g.wav", tone(1.0).tobytes(), tag=1, channels=1, rate=16000, bits=16).read_bytes()
    for unknown in (0, 0xFFFFFFFF):
        streamed = good[:40] + struct.pack("<I", unknown) + good[44:]
        assert decode_wav(streamed).duration == pytest.approx(1.0)


# -- PocketSphinx, real, end to end ----------------------------------------------------------


TOPIC_CASES = [pytest.param(i.id, i.examples[0], id=i.id) for i in Skill.load().intents if i.is_topic]
WARNING_CASES = [pytest.param(k, u, id=f"{k}:{u[:30]}") for k, us in WARNINGS.items() for u in us]


@pytest.mark.parametrize(("intent_id", "question"), TOPIC_CASES)
def test_every_topic_intent_understood_from_speech(skill, sphinx, intent_id, question) -> None:
    [heard] = listen_to(skill, sphinx, join(silence(0.5), speak(question, "kal16"), silence(1.0)))
    assert heard.response.intent == intent_id, heard.transcript.text


@pytest.mark.parametrize(("intent_id", "question"), WARNING_CASES)
def test_every_warning_sign_understood_from_speech(skill, sphinx, intent_id, question) -> None:
    [heard] = listen_to(skill, sphinx, join(silence(0.5), speak(question, "kal16"), silence(1.0)))
    assert heard.response.urgent and heard.response.intent == intent_id, heard.transcript.text
    assert heard.response.answer.startswith("Please call your healthcare provider now")


def test_other_voices_and_noise(skill, sphinx) -> None:
    question = "is it normal to have cramps and a fever"
    for voice in ("slt", "rms"):
        [heard] = listen_to(skill, sphinx, join(silence(0.5), speak(question, voice), silence(1.0)))
        assert heard.response.intent == "urgent_fever_infection", (voice, heard.transcript.text)
    noisy = with_noise(
        join(silence(0.5), speak("is spotting normal after the test", "kal16"), silence(1.0)), 15, kind="pink"
    )
    fresh = PocketSphinxRecognizer(domain_text(skill.intents), builtin_intent_dir() / "pronunciations.dict")
    [heard] = listen_to(skill, fresh, noisy)
    assert heard.response.intent == "spotting_bleeding", heard.transcript.text


def test_everyday_words_outside_the_examples_are_heard(skill) -> None:
    domain = domain_text(skill.intents)
    assert "sister" not in domain.vocabulary
    question = join(silence(0.5), speak("my sister has cramps after the test", "kal16"), silence(1.0))
    heard = {}
    for count in (0, GeneralWordSettings().count):
        recognizer = PocketSphinxRecognizer(
            domain, builtin_intent_dir() / "pronunciations.dict", general_words=GeneralWordSettings(count=count)
        )
        [heard[count]] = listen_to(skill, recognizer, question)
        recognizer.close()
    assert "sister" not in heard[0].transcript.text.split(), "only the skill's words without general words"
    with_general = heard[GeneralWordSettings().count]
    assert "sister" in with_general.transcript.text.split() and with_general.response.intent == "cramping"


def test_a_recording_with_several_questions_gives_one_answer_each(skill, sphinx) -> None:
    questions = ["what is an hsg", "is spotting normal after the test", "i have a fever"]
    parts = [silence(0.8)]
    for q in questions:
        parts += [speak(q, "kal16"), silence(1.2)]
    heard = listen_to(skill, sphinx, join(*parts))
    assert [h.response.intent for h in heard] == ["what_is_hsg", "spotting_bleeding", "urgent_fever_infection"]
    assert all(h.end > h.start and h.asr_ms > 0 for h in heard)
    assert [h.start for h in heard] == sorted(h.start for h in heard)
    assert all(h.transcript.words and h.transcript.words[0].start >= 0 for h in heard)


def test_silence_and_noise_alone_give_no_answer(skill, sphinx) -> None:
    assert listen_to(skill, sphinx, silence(3.0)) == []
    assert (
        listen_to(skill, sphinx, with_noise(silence(3.0) if False else Audio(tone(3.0, amplitude=1), 16000), 0)) == []
    )


def test_unbiased_mode_uses_the_general_model(skill) -> None:
    plain = PocketSphinxRecognizer()
    assert not plain.biased
    [heard] = listen_to(skill, plain, join(silence(0.5), speak("i have a fever", "kal16"), silence(1.0)))
    assert "fever" in heard.transcript.text


# -- the listen command -----------------------------------------------------------------------


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voice_skill", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=300
    )


def save(audio: Audio, path: Path) -> Path:
    audio.write_wav(path)
    return path


def test_listen_json_contract_for_files_and_stdin(tmp_path) -> None:
    audio = join(silence(0.5), speak("is cramping normal after an hsg", "kal16"), silence(1.0))
    path = save(audio, tmp_path / "q.wav")
    done = run("listen", "--engine", "pocketsphinx", "--no-speak", "--json", "--input", str(path), "--input", "-",
               stdin=audio.samples.tobytes())  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["source"] for r in rows] == [str(path), "stdin"]
    for row in rows:
        assert row["intent"] == "cramping" and row["decision"] == "answer"
        for key in ("transcript", "start", "end", "asr_ms", "match_ms", "end_of_speech_to_answer_ms", "answer"):
            assert key in row
        assert row["doubt"] is None, "a trusted transcript has no doubt"
        assert 0 < row["start"] < row["end"] <= audio.duration


def test_listen_reports_bad_files_and_goes_on(tmp_path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not audio")
    good = save(join(silence(0.5), speak("what is an hsg", "kal16"), silence(1.0)), tmp_path / "good.wav")
    cut = tmp_path / "cut.wav"
    cut.write_bytes(good.read_bytes()[:-16000])  # the header still promises the last half second
    length = read_wav(good).duration
    done = run("listen", "--engine", "pocketsphinx", "--no-speak", "--input", str(bad), "--input", str(cut),
               "--input", str(good))  # fmt: skip
    assert done.returncode == 5
    errors = done.stderr.decode().splitlines()
    assert [line for line in errors if "error:" in line] == [
        f"voice-skill: error: {bad}: not a WAV file",
        f"voice-skill: error: {cut}: WAV file is cut short: its header promises {length:.2f} s of audio, "
        f"it holds {length - 0.5:.2f} s",
    ]
    assert done.stdout.decode().count("heard:") == 1, "the file cut short is not answered"
    assert "heard: what is an hsg" in done.stdout.decode()


def test_listen_without_a_microphone_is_one_line(tmp_path) -> None:
    done = run("listen", "--engine", "pocketsphinx", "--no-speak", "--device", "no-such-microphone")
    assert done.returncode != 0 and b"Traceback" not in done.stderr
    assert done.stderr.decode().strip().splitlines()[-1].startswith("voice-skill: error: no microphone")


def test_the_auto_engine_is_the_built_in_whisper_with_nothing_to_download(tmp_path, monkeypatch) -> None:
    question = join(silence(0.5), speak("is this cramping normal after the test", "kal16"), silence(1.0))
    path = save(question, tmp_path / "q.wav")
    done = subprocess.run(
        [sys.executable, "-m", "voice_skill", "listen", "--no-speak", "--json", "--input", str(path)],
        capture_output=True, cwd=ROOT, timeout=300, text=True,
        env={**__import__("os").environ, "HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    heard = json.loads(done.stdout)
    assert heard["intent"] == "cramping" and heard["transcript"].lower().startswith("is this cramping normal")
    assert "note" not in done.stderr, "the default engine needs no note and no download"


class ScriptedRecognizer(Recognizer):
    """A unit seam: returns a fixed transcript for every utterance."""

    name = "scripted"

    def __init__(self, transcript):
        self.transcript = transcript

    def start(self) -> None:
        pass

    def feed(self, samples) -> None:
        return None

    def finish(self):
        return self.transcript


def test_a_runner_up_hypothesis_is_used_only_when_the_best_cannot_be_answered(skill) -> None:
    from voice_skill.asr import Transcript

    audio = Audio(np.concatenate([np.zeros(8000, np.int16), tone(1.0), np.zeros(16000, np.int16)]), 16000)
    garbled = Transcript("i what treatment meaning", alternatives=("iui treatment meaning",))
    [heard] = listen_to(skill, ScriptedRecognizer(garbled), audio)
    assert heard.response.intent == "iui" and heard.transcript.text == "iui treatment meaning"
    urgent = Transcript("i have a fever", alternatives=("i have a favour",))
    [heard] = listen_to(skill, ScriptedRecognizer(urgent), audio)
    assert heard.response.intent == "urgent_fever_infection"


def test_a_warning_sign_in_any_hypothesis_is_answered_urgently(skill) -> None:
    from voice_skill.asr import Transcript

    audio = Audio(np.concatenate([np.zeros(8000, np.int16), tone(1.0), np.zeros(16000, np.int16)]), 16000)
    unsure = Transcript("bleeding really have away tonight", alternatives=("bleeding really heavily tonight",))
    [heard] = listen_to(skill, ScriptedRecognizer(unsure), audio)
    assert heard.response.intent == "urgent_heavy_bleeding" and heard.response.urgent
