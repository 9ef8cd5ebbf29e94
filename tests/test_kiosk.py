"""The kiosk: visitors one after another, engines that fail, bad audio, privacy, the caption
page in a real browser, and the systemd unit. Speech in is real PocketSphinx on flite voices;
speech out is real pyttsx3/espeak-ng into a recording player."""

from __future__ import annotations

import configparser
import logging
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from voice_skill import Skill
from voice_skill.asr import Recognizer, RecognizerError, Transcript, domain_text
from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer
from voice_skill.audio import chunked
from voice_skill.cli import build_parser
from voice_skill.intent import builtin_intent_dir
from voice_skill.kiosk import Kiosk, KioskSettings
from voice_skill.kiosk.captions import CaptionBoard, CaptionServer, Phase
from voice_skill.tts import RecordingPlayer, Speaker
from voice_skill.tts.pyttsx3_engine import Pyttsx3Synthesizer
from voice_skill.wake import Attention, Trigger, WakeHit, WakeSettings, WakeSpotter, open_spotter

from .conftest import ROOT
from .support import join, silence, speak


class BrokenRecognizer(Recognizer):
    """An engine whose decoder fails on every utterance."""

    name = "broken"

    def start(self) -> None:
        pass

    def feed(self, samples: np.ndarray) -> Transcript | None:
        return None

    def finish(self) -> Transcript:
        raise RecognizerError("decoder crashed")


pytestmark = pytest.mark.engine

pytest_plugins = ["tests.support.browser"]

CRAMPING = "is cramping normal after the test"
FEVER = "I have a fever and chills"
GOODBYE = "thank you goodbye"
FEVER_ID = "urgent_fever_infection"
PRONUNCIATIONS = builtin_intent_dir() / "pronunciations.dict"


@pytest.fixture(scope="module")
def sphinx(skill: Skill) -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer(domain_text(skill.intents), PRONUNCIATIONS)


@pytest.fixture(scope="module")
def spoken() -> dict[str, np.ndarray]:
    return {text: join(silence(0.4), speak(text, "slt"), silence(1.0)).samples for text in (CRAMPING, FEVER, GOODBYE)}


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_kiosk(skill, engine_factory, *, board=None, speaker=None, trigger=Trigger.ALWAYS, **settings) -> Kiosk:
    return Kiosk(
        skill.conversation(),
        KioskSettings(**settings),
        engine_factory,
        attention=Attention(trigger),
        board=board,
        speaker=speaker,
        sleep=Sleeps(),
    )


def feed(kiosk: Kiosk, samples: np.ndarray) -> None:
    for chunk in chunked(samples):
        kiosk.process(chunk, "test")


def test_one_visitor_after_another(skill, sphinx, spoken, caplog) -> None:
    caplog.set_level(logging.INFO, logger="voice_skill")
    board = CaptionBoard("911")
    kiosk = make_kiosk(skill, lambda: sphinx, board=board, new_visitor_after_s=5.0)
    assert board.snapshot().phase is Phase.LISTENING, "continuous listening shows it"

    feed(kiosk, spoken[CRAMPING])
    first = board.snapshot()
    greeting = skill.intents.language.responses.greeting
    assert first.intent == "cramping" and first.answer.startswith(greeting), "a new visitor is greeted first"
    assert first.topic == "cramping after the test" and first.phase is Phase.LISTENING
    assert first.heard == "", "kiosk.show_question is off by default: a waiting room does not read the question"

    feed(kiosk, spoken[FEVER])
    urgent = board.snapshot()
    assert urgent.urgent and urgent.intent == "urgent_fever_infection"
    assert not urgent.answer.startswith(greeting)

    feed(kiosk, silence(6.0).samples)  # quiet: the visitor has gone
    gone = board.snapshot()
    assert (gone.heard, gone.answer, gone.urgent, gone.topic) == ("", "", False, "")

    feed(kiosk, spoken[FEVER])  # a stranger whose first question is urgent: no greeting before the action
    assert board.snapshot().answer == skill.intents[FEVER_ID].answer + " If it feels like an emergency, call 911."
    feed(kiosk, spoken[GOODBYE])
    assert kiosk.stats.visitors == 2 and kiosk.stats.turns == 4 and kiosk.stats.urgent == 2
    feed(kiosk, spoken[CRAMPING])  # goodbye ended that conversation too
    assert board.snapshot().answer.startswith(greeting) and kiosk.stats.visitors == 3
    log = caplog.text
    assert "visitor 1 ended (quiet) after 2 turns" in log and "visitor 2 ended (goodbye)" in log


def test_the_log_holds_ids_and_numbers_never_words(skill, sphinx, spoken, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="voice_skill")
    board = CaptionBoard("911")
    kiosk = make_kiosk(skill, lambda: sphinx, board=board, show_question=True)
    heard = []
    for text in (CRAMPING, FEVER):
        feed(kiosk, spoken[text])
        heard.append(board.snapshot().heard)
    turns = [r.getMessage() for r in caplog.records if r.getMessage().startswith("turn ")]
    assert len(turns) == 2 and "intent=cramping decision=answer" in turns[0] and "urgent=yes" in turns[1]
    ids = {part for intent in skill.intents.intents for part in intent.split("_")}
    words = {w for text in (*heard, CRAMPING, FEVER) for w in text.lower().split() if len(w) > 2} - ids
    assert words, heard
    for record in caplog.records:
        message = record.getMessage().lower()
        assert not [w for w in words if f" {w} " in f" {message} "], message


def test_a_failing_engine_is_restarted_with_back_off_and_the_kiosk_goes_on(skill, sphinx, spoken, caplog) -> None:
    opened: list[str] = []

    def factory() -> Recognizer:
        opened.append("engine")
        if len(opened) == 1:
            return BrokenRecognizer()
        if len(opened) in (2, 3):
            raise RecognizerError("cannot start yet")
        return sphinx

    board = CaptionBoard("911")
    kiosk = make_kiosk(skill, factory, board=board, restart_backoff_max_s=1.5)
    feed(kiosk, spoken[FEVER])  # lost to the crash
    assert kiosk.supervisor.sleep == [0.5, 1.0, 1.5], "waits grow, up to the configured maximum"
    assert kiosk.stats.restarts == 1 and kiosk.stats.turns == 0
    feed(kiosk, spoken[CRAMPING])
    assert kiosk.stats.turns == 1 and board.snapshot().intent == "cramping"
    assert "speech engine failed (decoder crashed); restarting it" in caplog.text


def test_a_failing_wake_spotter_is_restarted_with_the_engine(skill, caplog) -> None:
    class BrokenSpotter(WakeSpotter):
        def start(self) -> None:
            pass

        def feed(self, samples: np.ndarray) -> None:
            pass

        def finish(self) -> WakeHit | None:
            raise RecognizerError("spotter crashed")

    wake = WakeSettings()
    engines: list[Recognizer] = []
    spotters: list[WakeSpotter] = []

    def open_engine() -> Recognizer:
        engines.append(PocketSphinxRecognizer(domain_text(skill.intents, (wake.phrase,)), PRONUNCIATIONS))
        return engines[-1]

    def open_wake(recognizer: Recognizer) -> WakeSpotter:
        assert recognizer is engines[-1], "the spotter is opened for the engine it serves"
        spotters.append(BrokenSpotter() if not spotters else open_spotter(recognizer, skill.intents, wake))
        return spotters[-1]

    board = CaptionBoard("911")
    kiosk = Kiosk(
        skill.conversation(), KioskSettings(), open_engine, attention=Attention(Trigger.WAKE), open_spotter=open_wake,
        board=board, sleep=Sleeps(),
    )  # fmt: skip
    question = join(silence(0.4), speak(f"{wake.phrase}, {CRAMPING}", "slt"), silence(1.0)).samples
    feed(kiosk, question)  # lost to the crash
    assert kiosk.stats.restarts == 1 and kiosk.stats.turns == 0
    assert (len(engines), len(spotters)) == (2, 2), "both were opened afresh"
    feed(kiosk, question)
    assert kiosk.stats.turns == 1 and board.snapshot().intent == "cramping"
    assert "speech engine failed (spotter crashed); restarting it" in caplog.text
    kiosk.close()


def test_a_bug_while_answering_drops_the_utterance_but_not_the_engines(skill, sphinx, spoken, caplog) -> None:
    caplog.set_level(logging.INFO, logger="voice_skill")
    opened = []

    def factory() -> Recognizer:
        opened.append(1)
        return sphinx

    board = CaptionBoard("911")
    kiosk = make_kiosk(skill, factory, board=board)
    handle = kiosk.conversation.handle
    calls = []

    def buggy(text: str):
        calls.append(text)
        if len(calls) == 1:
            raise ValueError(f"cannot handle {text!r}")  # a message holding the visitor's words
        return handle(text)

    kiosk.conversation.handle = buggy  # type: ignore[method-assign]
    feed(kiosk, spoken[FEVER])
    assert kiosk.stats.errors == 1 and kiosk.stats.restarts == 0 and opened == [1], "no engine restart for a bug"
    assert "handling an utterance failed (ValueError); it was dropped" in caplog.text
    assert "kiosk.py" in caplog.text and "in _answers" in caplog.text, "the traceback's frames are logged"
    assert "fever" not in caplog.text.lower() and "chills" not in caplog.text.lower(), "never the visitor's words"
    assert board.snapshot().phase is Phase.LISTENING
    feed(kiosk, spoken[CRAMPING])
    assert kiosk.stats.turns == 1 and board.snapshot().intent == "cramping"


def test_show_question_shows_the_visitors_words(skill, sphinx, spoken) -> None:
    board = CaptionBoard("911")
    kiosk = make_kiosk(skill, lambda: sphinx, board=board, show_question=True)
    feed(kiosk, spoken[CRAMPING])
    view = board.snapshot()
    assert "cramping" in view.heard and view.topic == "cramping after the test"


def test_the_page_is_told_when_the_kiosk_cannot_hear_and_when_it_restarts(skill, sphinx, spoken) -> None:
    """Never "listening" while it cannot hear: no microphone, then an engine restart, each shown and in /healthz."""
    phases: list[Phase] = []

    class Board(CaptionBoard):
        def set_phase(self, phase: Phase) -> None:
            phases.append(phase)
            super().set_phase(phase)

    engines = iter([BrokenRecognizer()])
    board = Board("911")
    kiosk = make_kiosk(skill, lambda: next(engines, sphinx), board=board)
    assert board.health().healthy
    kiosk.not_hearing("no microphone", "no microphone (default) found")
    view, health = board.snapshot(), board.health()
    assert (view.phase, view.reason) == (Phase.NOT_HEARING, "no microphone")
    assert not health.healthy and health.last_error == "no microphone (default) found"
    phases.clear()
    feed(kiosk, spoken[FEVER])  # audio flows again, and the engine fails on it
    assert phases[0] is Phase.LISTENING, "hearing again as soon as audio comes"
    assert Phase.RESTARTING in phases and phases[-1] is Phase.LISTENING
    assert board.health().last_error == "speech engine failed (decoder crashed)"
    feed(kiosk, spoken[CRAMPING])
    assert board.snapshot().intent == "cramping" and board.health().healthy


def test_unusable_audio_is_skipped(skill, sphinx, spoken) -> None:
    kiosk = make_kiosk(skill, lambda: sphinx)
    kiosk.process(np.zeros(1600, dtype=np.float64), "test")
    kiosk.process(np.zeros((1600, 2), dtype=np.int16), "test")
    kiosk.process(b"\x00\x01" * 800, "test")  # type: ignore[arg-type]
    feed(kiosk, spoken[CRAMPING])
    assert kiosk.stats.skipped_chunks == 3 and kiosk.stats.turns == 1


def test_push_to_talk_kiosk_answers_after_the_button(skill, sphinx, spoken) -> None:
    board = CaptionBoard("911")
    kiosk = make_kiosk(skill, lambda: sphinx, board=board, trigger=Trigger.PUSH)
    assert board.snapshot().phase is Phase.IDLE
    feed(kiosk, spoken[CRAMPING])
    assert kiosk.stats.turns == 0 and board.snapshot().answer == ""
    kiosk.press()
    assert board.snapshot().phase is Phase.LISTENING
    feed(kiosk, spoken[CRAMPING])
    assert kiosk.stats.turns == 1 and board.snapshot().intent == "cramping"


def test_speaking_phase_and_the_microphone_is_told_to_drop_what_it_heard(skill, sphinx, spoken) -> None:
    phases: list[Phase] = []

    class Board(CaptionBoard):
        def set_phase(self, phase: Phase) -> None:
            if self.snapshot().phase != phase:
                phases.append(phase)
            super().set_phase(phase)

    player = RecordingPlayer(realtime=False)
    speaker = Speaker(Pyttsx3Synthesizer(), player, earcons=False)
    drops = []
    try:
        kiosk = make_kiosk(skill, lambda: sphinx, board=Board("911"), speaker=speaker)
        kiosk.run(chunked(spoken[GOODBYE]), "test", after_speaking=lambda: drops.append(1))
    finally:
        speaker.close()
    assert phases == [Phase.LISTENING, Phase.THINKING, Phase.SPEAKING, Phase.LISTENING]
    assert player.clips and sum(c.played_samples for c in player.clips) > 0 and drops == [1]


# -- the command: privacy, bad input, exit codes -----------------------------------------------


def test_kiosk_command_writes_nothing_and_logs_no_words(tmp_path: Path, spoken, skill) -> None:
    """Run a session, then search the file system and the log for the words spoken."""
    home, tmp, work, cache = (tmp_path / name for name in ("home", "tmp", "work", "cache"))
    for folder in (home, tmp, work):
        folder.mkdir()
    question = "is it normal to have cramps and some spotting today"
    audio = ROOT / "test-artifacts" / "kiosk-privacy.wav"  # outside every folder searched below
    audio.parent.mkdir(exist_ok=True)
    join(silence(0.4), speak(question, "kal16"), silence(1.0)).write_wav(audio)
    env = {
        **os.environ, "HOME": str(home), "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(cache),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }  # fmt: skip
    subprocess.run(  # warm the language-model cache (built from the intents, not from anything heard)
        [sys.executable, "-m", "voice_skill", "kiosk", "--input", str(tmp_path / "none.wav"), "--no-captions"],
        env=env, cwd=work, capture_output=True, timeout=120,
    )  # fmt: skip
    before = {p for p in tmp_path.rglob("*")}
    result = subprocess.run(
        [sys.executable, "-m", "voice_skill", "kiosk", "--input", str(audio), "--input", str(ROOT / "README.md"),
         "--captions-port", "0", "--no-speak", "--fast"],
        env=env, cwd=work, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "turn intent=" in result.stderr and "skipped an input" in result.stderr
    assert result.stdout == ""
    assert {p for p in tmp_path.rglob("*")} == before, "the kiosk wrote files"
    ids = {part for intent in skill.intents.intents for part in intent.split("_")}  # ids may be logged
    spoken_words = {w for w in question.split() if len(w) > 3} - ids
    assert len(spoken_words) >= 4
    logged = set(re.findall(r"[a-z]+", result.stderr.lower()))
    assert not spoken_words & logged
    for path in tmp_path.rglob("*"):
        if path.is_file():
            text = path.read_bytes().lower()
            assert question.encode() not in text, path


def test_kiosk_command_without_any_usable_input_fails(tmp_path: Path, cli) -> None:
    result = cli("kiosk", "--input", str(tmp_path / "missing.wav"), "--no-captions", "--no-speak", "--fast")
    assert result.code == 5 and "skipped an input" in result.err and "Traceback" not in result.err


def test_kiosk_caption_port_in_use_is_one_line(cli, tmp_path: Path) -> None:
    board = CaptionBoard("911")
    with CaptionServer(board, port=0) as taken:
        taken.start()
        port = taken.address[1]
        result = cli("kiosk", "--input", str(tmp_path / "x.wav"), "--captions-port", str(port), "--no-speak")
    assert result.code == 9 and "port is in use" in result.err and len(result.err.strip().splitlines()) <= 3


# -- the caption page in a real browser --------------------------------------------------------


def test_spoken_questions_appear_on_the_caption_page(skill, sphinx, spoken, browser_page: Page, artifacts) -> None:
    board = CaptionBoard("911")
    kiosk = make_kiosk(skill, lambda: sphinx, board=board)
    with CaptionServer(board, port=0) as server:
        server.start()
        page = browser_page
        page.goto(server.url)
        expect(page.locator("#phase")).to_have_attribute("data-phase", "listening")
        feed(kiosk, spoken[CRAMPING])
        answer = skill.intents["cramping"].answer
        expect(page.locator("#topic")).to_have_text("Cramping after the test")
        expect(page.locator("#answer")).to_contain_text(answer)
        expect(page.get_by_role("alert")).to_be_hidden()
        page.screenshot(path=artifacts / "kiosk-answer.png")
        feed(kiosk, spoken[FEVER])
        banner = page.get_by_role("alert")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("911")
        expect(page.locator("#answer")).to_contain_text(skill.intents["urgent_fever_infection"].answer)
        page.screenshot(path=artifacts / "kiosk-urgent.png")
    for name in ("kiosk-answer.png", "kiosk-urgent.png"):
        assert (artifacts / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- deployment --------------------------------------------------------------------------------


def test_systemd_unit_restarts_the_kiosk_and_runs_a_valid_command() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "voice-skill-kiosk.service", encoding="utf-8")
    service = unit["Service"]
    assert service["Restart"] == "always" and float(service["RestartSec"]) > 0
    assert service["Type"] == "notify" and service["NotifyAccess"] == "main", "READY=1 and watchdog pings"
    assert float(service["WatchdogSec"].removesuffix("s")) >= 60, "a long answer is spoken between two pings"
    assert service["TimeoutStartSec"] == "infinity", "with no microphone it is not ready, and keeps trying"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith("/voice-skill")
    args = build_parser().parse_args(command[1:])
    assert args.command == "kiosk"
    assert "sound.target" in unit["Unit"]["After"]


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_kiosk_refuses_a_bad_port_in_one_line(cli, port: str) -> None:
    result = cli("kiosk", "--captions-port", port)
    assert result.code == 2 and "not a port number" in result.err and "Traceback" not in result.err


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    """systemd's own checker, on the unit with this checkout's command and an existing user."""
    voice_skill = Path(sys.executable).with_name("voice-skill")
    text = (ROOT / "deploy" / "voice-skill-kiosk.service").read_text(encoding="utf-8")
    text = text.replace("/opt/voice-skill/.venv/bin/voice-skill", str(voice_skill)).replace(
        "User=voice-skill", "User=root"
    )
    unit = tmp_path / "voice-skill-kiosk.service"
    unit.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "voice-skill-kiosk.service" not in result.stderr, result.stderr  # no warning about our unit


def test_kiosk_with_barge_in_stops_an_answer_by_voice_and_goes_on(skill, sphinx, spoken, caplog) -> None:
    """``wake.barge_in.kiosk``: the microphone is read while the answer is spoken (a stop word, scripted at the
    BargeIn seam, cuts it); what follows is the next question, answered."""
    from voice_skill.devices import paced
    from voice_skill.duplex import Duplex

    from .test_duplex import ScriptedBargeIn, ToneSynth

    caplog.set_level(logging.INFO, logger="voice_skill")
    player = RecordingPlayer()
    speaker = Speaker(ToneSynth(), player, earcons=False)
    kiosk = make_kiosk(skill, lambda: sphinx, speaker=speaker)
    barge = ScriptedBargeIn(hit_at=3)
    audio = np.concatenate([spoken[CRAMPING], spoken[FEVER], np.zeros(16000, dtype=np.int16)])
    dropped: list[int] = []
    microphone = paced(chunked(audio))  # in real time, as a microphone delivers it
    kiosk.run(microphone, "microphone", after_speaking=lambda: dropped.append(1), duplex=Duplex(speaker, barge))
    assert "answer stopped by voice (heard 'stop')" in caplog.text
    assert player.clips[0].stopped and "intent=cramping" in caplog.text
    assert "intent=urgent_fever_infection" in caplog.text, "the next question was heard after the stop"
    assert len(barge.fed) >= 3 and dropped, "read while speaking; queued audio dropped around each answer"
    speaker.close()
