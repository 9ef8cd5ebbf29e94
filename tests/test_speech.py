"""Speech out with the real pyttsx3 + espeak-ng; playback through a recording seam (no sound card in CI)."""

from __future__ import annotations

import ctypes.util
import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from voice_skill import Skill
from voice_skill.audio import Audio, read_wav
from voice_skill.devices import open_speaker
from voice_skill.tts import (
    RecordingPlayer,
    Speaker,
    SpeechError,
    SpeechOutputSettings,
    SpeechSettings,
    earcon,
    sentences,
)
from voice_skill.tts.pyttsx3_engine import Pyttsx3Synthesizer

from .conftest import ROOT

pytestmark = pytest.mark.engine

LONG = (
    "Cramping is common after an HSG. It usually feels like period cramps. "
    "It settles within a few hours to a day. Light spotting is also expected for one to two days."
)


@pytest.fixture(scope="module")
def synth():
    with Pyttsx3Synthesizer() as engine:
        yield engine


def test_render_gives_non_silent_16_bit_audio(synth, tmp_path: Path) -> None:
    audio = synth.render("Cramping is common after an HSG.", SpeechSettings())
    assert audio.samples.dtype.itemsize == 2 and audio.rate >= 16000
    assert 0.8 < audio.duration < 6
    assert audio.rms > 500
    audio.write_wav(tmp_path / "a.wav")
    with wave.open(str(tmp_path / "a.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, audio.rate)


def test_duration_grows_with_text_and_shrinks_with_rate(synth) -> None:
    short = synth.render("Cramping is common.", SpeechSettings(rate=160))
    long = synth.render(LONG, SpeechSettings(rate=160))
    fast = synth.render(LONG, SpeechSettings(rate=260))
    assert long.duration > 3 * short.duration
    assert fast.duration < 0.8 * long.duration


def test_volume_changes_the_level(synth) -> None:
    quiet = synth.render("Hello there.", SpeechSettings(volume=0.2))
    loud = synth.render("Hello there.", SpeechSettings(volume=1.0))
    assert loud.rms > 2.5 * quiet.rms


def test_three_hundred_answers_in_a_row_all_render(synth, skill: Skill) -> None:
    answers = [i.answer for i in skill.intents]
    durations = []
    for n in range(300):
        audio = synth.render(answers[n % len(answers)], SpeechSettings(rate=140 + n % 100))
        assert audio.rms > 300, n
        durations.append(audio.duration)
    assert min(durations) > 0.3
    assert synth.restarts == 0


def test_a_dead_engine_is_restarted(synth) -> None:
    synth._proc.kill()
    synth._proc.join()
    assert synth.render("Still here.", SpeechSettings()).rms > 300
    assert synth.restarts >= 1


def test_a_hung_engine_is_abandoned_and_restarted() -> None:
    with Pyttsx3Synthesizer(timeout_s=1.0) as engine:
        os.kill(engine._proc.pid, signal.SIGSTOP)
        started = time.monotonic()
        with pytest.raises(SpeechError, match="longer than 1 s; the engine was restarted"):
            engine.render("This will hang.", SpeechSettings())
        assert time.monotonic() - started < 10
        assert engine.render("And now it works again.", SpeechSettings()).rms > 300


def test_unknown_voice_is_a_clear_error(synth) -> None:
    with pytest.raises(SpeechError, match="unknown voice 'klingon'"):
        synth.render("Hello.", SpeechSettings(voice="klingon"))


def test_english_voices_are_listed(synth) -> None:
    assert any("en" in v.languages or v.id.endswith("/en") for v in synth.voices())


def test_missing_espeak_library_names_the_package(monkeypatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(SpeechError, match=r"install the package espeak-ng"):
        Pyttsx3Synthesizer()


def test_sentences() -> None:
    assert sentences("One. Two? Three! 4 is a number.") == ["One.", "Two?", "Three!", "4 is a number."]
    assert sentences("  ") == []


def test_long_answers_are_spoken_sentence_by_sentence(synth) -> None:
    player = RecordingPlayer(realtime=False)
    speaker = Speaker(synth, player)
    speaker.say(LONG, SpeechSettings())
    assert speaker.wait(30)
    assert len(player.clips) == 4
    assert player.clips[0].audio.duration < 0.5 * sum(c.audio.duration for c in player.clips)


def test_stop_interrupts_playback_within_100_ms(synth) -> None:
    player = RecordingPlayer()
    speaker = Speaker(synth, player)
    speaker.say(LONG, SpeechSettings())
    speaker.say("This queued answer is never heard.", SpeechSettings())
    assert player.started.wait(10)
    time.sleep(0.3)
    stopped = time.monotonic()
    speaker.stop()
    assert speaker.wait(1)
    clip = player.clips[0]
    assert clip.stopped and clip.stopped_at is not None
    assert clip.stopped_at - stopped < 0.1
    assert clip.played_samples < len(clip.audio.samples)
    assert len(player.clips) == 1, "queued speech was dropped"
    speaker.say("Speech after a stop is heard.", SpeechSettings())
    assert speaker.wait(10) and len(player.clips) == 2 and not player.clips[1].stopped


def test_earcons_are_short_distinct_and_can_be_turned_off(synth) -> None:
    listening, done = earcon("listening"), earcon("done")
    assert 0.1 < listening.duration < 0.5 and listening.rms > 1000
    assert not (listening.samples == done.samples).all()
    player = RecordingPlayer(realtime=False)
    Speaker(synth, player, earcons=True).cue("listening", SpeechSettings())
    silent = RecordingPlayer(realtime=False)
    quiet = Speaker(synth, silent, earcons=False)
    quiet.cue("listening", SpeechSettings())
    assert quiet.wait(5) and silent.clips == []
    time.sleep(0.2)
    assert len(player.clips) == 1


def test_no_output_device_means_captions_only(monkeypatch) -> None:
    import sounddevice as sd

    def no_device(*args, **kwargs):
        raise sd.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sd, "query_devices", no_device)
    assert open_speaker(SpeechOutputSettings()) is None
    with pytest.raises(SpeechError, match="unknown audio output device 'speakers'"):
        open_speaker(SpeechOutputSettings(output_device="speakers"))


def test_cli_without_a_device_prints_captions_and_says_so_once(cli, monkeypatch, skill: Skill) -> None:
    import sounddevice as sd

    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: (_ for _ in ()).throw(sd.PortAudioError("none")))
    result = cli("ask", stdin="what is an hsg\nis cramping normal\n")
    assert result.code == 0
    assert skill.intents["what_is_hsg"].answer in result.out
    assert result.err.count("no audio output device") == 1


def test_chat_speaks_each_answer_and_applies_the_rate(cli, monkeypatch, synth, skill: Skill) -> None:
    player = RecordingPlayer(realtime=False)
    monkeypatch.setattr("voice_skill.cli.output.open_speaker", lambda *a, **k: Speaker(synth, player))
    result = cli("chat", stdin="what is an hsg\nslower\nsay that again\n")
    assert result.code == 0
    spoken = sentences(result.out.splitlines()[0])
    n = len(spoken)
    assert len(player.clips) == 2 * n + 1, "every sentence of every answer was spoken"
    # The repeat says the same sentences, slower.
    for before, after in zip(player.clips[:n], player.clips[n + 1 :], strict=True):
        assert after.audio.duration > before.audio.duration * 1.05


def test_say_writes_a_wav_and_keeps_pyttsx3_prints_away(tmp_path: Path) -> None:
    out = tmp_path / "answer.wav"
    done = subprocess.run(
        [sys.executable, "-m", "voice_skill", "say", "--out", str(out), "--rate", "150", "Please call your provider."],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Please call your provider.\n"
    assert "Audio saved" not in done.stderr and done.stderr.count("\n") == 1
    audio = read_wav(out)
    assert audio.rms > 300 and audio.duration > 1


def test_say_into_a_missing_folder_is_one_line_and_keeps_files(cli, tmp_path: Path) -> None:
    result = cli("say", "--out", str(tmp_path / "nope" / "a.wav"), "Hello.")
    assert result.code != 0 and result.err.count("\n") == 1
    keep = tmp_path / "keep.wav"
    Audio.silence(0.2, 16000).write_wav(keep)
    data = keep.read_bytes()
    bad = cli("say", "--force", "--out", str(keep), "--voice", "klingon", "Hello.")
    assert bad.code == 6 and keep.read_bytes() == data


def test_say_replaces_an_existing_wav_only_with_force(cli, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "answer.wav"
    assert cli("say", "--out", str(out), "Hello.").code == 0
    first, first_duration = out.read_bytes(), read_wav(out).duration
    assert cli("say", "--out", str(out), "Please call your healthcare provider now.").code == 5
    assert out.read_bytes() == first
    replaced = cli("say", "--force", "--out", str(out), "Please call your healthcare provider now.")
    assert replaced.code == 0, replaced.err
    assert read_wav(out).duration > first_duration
    assert sorted(p.name for p in folder.iterdir()) == ["answer.wav"], "no temporary file is left behind"


def test_say_errors(cli) -> None:
    assert cli("say", "").code == 2
    assert cli("say", "--rate", "5", "hi").code == 2
    assert "between 0 and 1" in cli("say", "--volume", "3", "hi").err


def test_voices_command(cli) -> None:
    result = cli("voices")
    assert result.code == 0 and result.out.splitlines()[0].startswith("ID")
    assert len(result.out.splitlines()) > 10


class _FlakySynth:
    """A synthesiser whose first render fails with something that is not a SpeechError (a bug, a
    driver fault); later renders give a short tone."""

    def __init__(self) -> None:
        self.calls = 0

    def render(self, text: str, settings: SpeechSettings):
        self.calls += 1
        if self.calls == 1:
            raise ValueError("the engine broke")
        return earcon("listening")

    def voices(self):
        return []

    def close(self) -> None:
        pass


def test_the_speaker_worker_survives_any_exception_and_records_it() -> None:
    player = RecordingPlayer(realtime=False)
    speaker = Speaker(_FlakySynth(), player, earcons=False)  # type: ignore[arg-type]
    try:
        speaker.say("First answer.", SpeechSettings())
        assert speaker.wait(timeout=5), "a failed job still finishes"
        speaker.say("Second answer.", SpeechSettings())
        assert speaker.wait(timeout=5), "the worker is still alive"
    finally:
        speaker.close()
    assert speaker.errors and "ValueError: the engine broke" in speaker.errors[0]
    assert len(player.clips) == 1 and player.clips[0].played_samples > 0


class _StuckPlayer(RecordingPlayer):
    """A device that never finishes a clip until told to stop."""

    def play(self, audio, stop) -> bool:
        stop.wait(30)
        return False


def test_waiting_on_a_stuck_speaker_times_out_and_stops_it() -> None:
    speaker = Speaker(_FlakySynth(), _StuckPlayer(), earcons=True)  # type: ignore[arg-type]
    try:
        speaker.cue("listening", SpeechSettings())
        started = time.monotonic()
        assert speaker.wait(timeout=0.3) is False
        assert time.monotonic() - started < 2
        assert any("did not finish within 0.3 s" in e for e in speaker.errors)
        assert speaker.wait(timeout=2), "the stuck clip was stopped"
    finally:
        speaker.close()


def test_missing_sounddevice_is_an_install_hint_not_no_device(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import fails, as when the package is missing
    with pytest.raises(SpeechError, match="speech output needs PortAudio and sounddevice"):
        open_speaker(SpeechOutputSettings())
