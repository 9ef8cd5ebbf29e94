"""Running the kiosk as a service: systemd notifications over a real unix datagram socket, /healthz while the
microphone is missing, a one-line summary and exit 0 on SIGTERM, and --input in real time or held for a demo."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO, cast

import numpy as np
import pytest

from voice_skill import Skill
from voice_skill.audio import SPEECH_RATE, chunked
from voice_skill.devices import paced
from voice_skill.kiosk import Kiosk, KioskSettings
from voice_skill.kiosk.captions import CaptionBoard
from voice_skill.kiosk.systemd import Notifier
from voice_skill.wake import Attention, Trigger

from .conftest import ROOT, CliResult
from .support import join, silence, speak

Cli = Callable[..., CliResult]
QUESTION = "is cramping normal after the test"
START_TIMEOUT_S = 120
"""Start-up (loading the speech engine) of a kiosk in a subprocess, at most."""


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Socket:
    """A unix datagram socket in a temporary folder, as systemd's $NOTIFY_SOCKET is."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + path[1:] if path.startswith("@") else path)
        self.sock.settimeout(0.05)

    def messages(self, wait_s: float = 0.0) -> list[str]:
        found, end = [], time.monotonic() + wait_s
        while True:
            try:
                found.append(self.sock.recv(4096).decode())
            except TimeoutError:
                if time.monotonic() >= end:
                    return found

    def until(self, field: str, wait_s: float) -> list[str]:
        found, end = [], time.monotonic() + wait_s
        while time.monotonic() < end:
            found += self.messages()
            if any(field in m.split("\n") for m in found):
                return found
        raise AssertionError(f"no {field} within {wait_s} s; got {found}")


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[Socket]:
    sock = Socket(str(tmp_path / "notify"))
    yield sock
    sock.sock.close()


# ---------------------------------------------------------------- sd_notify


def test_notifier_sends_ready_status_and_watchdog_to_a_real_socket(notify_socket: Socket) -> None:
    clock = Clock()
    notifier = Notifier(notify_socket.path, watchdog_s=10.0, clock=clock)
    notifier.ready("Listening")
    notifier.ready("Listening")  # once only
    assert notify_socket.messages() == ["READY=1\nSTATUS=Listening"]
    notifier.watchdog()
    clock.now = 4.9
    notifier.watchdog()  # not due: half the interval has not passed
    clock.now = 5.0
    notifier.watchdog()
    notifier.status("Not hearing: no microphone")
    notifier.status("Not hearing: no microphone")  # unchanged: not sent again
    assert notify_socket.messages() == ["WATCHDOG=1", "WATCHDOG=1", "STATUS=Not hearing: no microphone"]


def test_notifier_from_the_environment(notify_socket: Socket, tmp_path: Path) -> None:
    env = {"NOTIFY_SOCKET": notify_socket.path, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}
    assert Notifier.from_env(env).watchdog_s == 30.0
    assert Notifier.from_env({**env, "WATCHDOG_PID": str(os.getpid() + 1)}).watchdog_s is None, "not ours to feed"
    assert Notifier.from_env({"NOTIFY_SOCKET": notify_socket.path}).watchdog_s is None
    without = Notifier.from_env({"NOTIFY_SOCKET": notify_socket.path})
    without.watchdog()  # no WATCHDOG_USEC: no pings
    assert notify_socket.messages() == []
    silent = Notifier.from_env({})
    assert not silent.enabled and not silent.send("READY=1")


def test_notifier_reaches_an_abstract_socket() -> None:
    name = f"@voice-skill-test-{os.getpid()}"
    sock = Socket(name)
    try:
        Notifier(name).ready()
        assert sock.messages(0.5) == ["READY=1"]
    finally:
        sock.sock.close()


def test_a_vanished_socket_is_logged_once_not_fatal(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    notifier = Notifier(str(tmp_path / "gone"))
    assert not notifier.send("READY=1")
    assert not notifier.send("WATCHDOG=1")
    assert caplog.text.count("cannot notify systemd") == 1


def test_back_off_waits_feed_the_watchdog(notify_socket: Socket) -> None:
    slept: list[float] = []
    clock = Clock()

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    notifier = Notifier(notify_socket.path, watchdog_s=4.0, clock=clock)
    notifier.sleep(5.0, sleep)
    assert slept == [2.0, 2.0, 1.0]
    assert notify_socket.messages().count("WATCHDOG=1") == 3


def test_the_kiosk_is_ready_when_it_hears_and_pings_while_its_loop_runs(skill: Skill, notify_socket: Socket) -> None:
    from voice_skill.asr import domain_text
    from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer
    from voice_skill.intent import builtin_intent_dir

    sphinx = PocketSphinxRecognizer(domain_text(skill.intents), builtin_intent_dir() / "pronunciations.dict")
    clock = Clock()
    notifier = Notifier(notify_socket.path, watchdog_s=2.0, clock=clock)
    board = CaptionBoard("911")
    kiosk = Kiosk(
        skill.conversation(), KioskSettings(), lambda: sphinx, attention=Attention(Trigger.ALWAYS), board=board,
        notifier=notifier, sleep=lambda s: None,
    )  # fmt: skip
    assert notify_socket.messages() == [], "not ready before any audio"
    for chunk in chunked(silence(3.0).samples):
        kiosk.process(chunk, "test")
        clock.now += len(chunk) / SPEECH_RATE
    got = notify_socket.messages()
    assert got[0] == "WATCHDOG=1" and got[1] == "READY=1\nSTATUS=Listening"
    assert got.count("WATCHDOG=1") == 3  # at 0 s, 1 s and 2 s: every half interval of audio handled
    kiosk.not_hearing("no microphone", "no microphone (default) found")
    assert notify_socket.messages() == ["STATUS=Not hearing: no microphone"]
    kiosk.process(np.zeros(1600, dtype=np.int16), "test")
    assert notify_socket.messages() == ["STATUS=Listening"]


# ---------------------------------------------------------------- the command as a service


class Kiosk_process:
    """``voice-skill kiosk`` in a subprocess, its log lines read as they come."""

    def __init__(self, args: list[str], env: dict[str, str], stdin: int | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voice_skill", "kiosk", "--engine", "pocketsphinx", "--no-speak", *args],
            cwd=ROOT, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = START_TIMEOUT_S) -> re.Match[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.log.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"no line matching {pattern!r}; log so far:\n" + "\n".join(self.log))

    def stop(self) -> tuple[int, list[str]]:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        time.sleep(0.1)
        while not self.lines.empty():
            self.log.append(self.lines.get())
        return code, self.log

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def health(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url + "healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


@pytest.mark.slow
def test_without_a_microphone_the_kiosk_says_so_and_sigterm_ends_it_with_a_summary(notify_socket: Socket) -> None:
    """No audio device here: /healthz is 503 "not hearing: no microphone", systemd's status says so, and
    SIGTERM stops it with exit 0 and one summary line."""
    env = {**os.environ, "NOTIFY_SOCKET": notify_socket.path, "WATCHDOG_USEC": "2000000"}
    env.pop("WATCHDOG_PID", None)
    kiosk = Kiosk_process(["--captions-port", "0"], env)
    try:
        url = kiosk.wait_for(r"captions at (http://127\.0\.0\.1:\d+/)").group(1)
        kiosk.wait_for("no microphone")
        status, body = health(url)
        assert status == 503
        assert (body["state"], body["reason"], body["healthy"]) == ("not_hearing", "no microphone", False)
        assert "no microphone" in str(body["last_error"]) and float(str(body["uptime_s"])) >= 0
        got = notify_socket.until("STATUS=Not hearing: no microphone", 10)
        assert not any("READY=1" in m for m in got), "not ready: it cannot hear"
        notify_socket.until("WATCHDOG=1", 5)  # the back-off waits feed the watchdog
        code, log = kiosk.stop()
    finally:
        kiosk.kill()
    assert code == 0
    summary = [line for line in log if "kiosk stopped" in line]
    assert len(summary) == 1, log
    assert re.search(r"kiosk stopped \(SIGTERM\) after \d+s: 0 questions answered, 0 visitors", summary[0])
    assert "Traceback" not in "\n".join(log)
    assert any(m.startswith("STOPPING=1") for m in notify_socket.messages(1.0))


@pytest.mark.slow
def test_sigterm_after_an_answer_counts_it_and_exits_0(notify_socket: Socket) -> None:
    env = {**os.environ, "NOTIFY_SOCKET": notify_socket.path}
    kiosk = Kiosk_process(["--input", "-", "--no-captions", "--fast"], env, stdin=subprocess.PIPE)
    try:
        assert kiosk.process.stdin is not None
        audio = join(silence(0.4), speak(QUESTION, "slt"), silence(1.0)).samples
        cast(TextIO, kiosk.process.stdin).buffer.write(audio.astype("<i2").tobytes())
        kiosk.process.stdin.flush()
        kiosk.wait_for("turn intent=cramping")
        notify_socket.until("READY=1", 5)
        code, log = kiosk.stop()  # standard input is still open: only the signal ends it
    finally:
        kiosk.kill()
    assert code == 0
    assert any(re.search(r"kiosk stopped \(SIGTERM\) after \d+s: 1 question answered, 1 visitor,", x) for x in log)


# ---------------------------------------------------------------- --input in real time, --hold


def test_paced_hands_chunks_on_in_real_time_without_bursts_after_a_stall() -> None:
    clock = Clock()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        clock.now += seconds

    chunk = np.zeros(SPEECH_RATE // 10, dtype=np.int16)  # 0.1 s
    handed = []
    for n, _chunk in enumerate(paced([chunk] * 5, clock=clock, sleep=sleep)):
        handed.append(round(clock.now, 6))
        if n == 1:
            clock.now += 1.0  # the consumer spoke an answer
    assert handed == [0.0, 0.1, 1.1, 1.2, 1.3], "after the stall, real time again, not a burst to catch up"
    assert slept == [0.1, 0.1, 0.1]


@pytest.fixture(scope="module")
def question_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kiosk-input") / "question.wav"
    join(silence(0.4), speak(QUESTION, "slt"), silence(1.0)).write_wav(path)
    return path


def audio_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        frames: int = wav.getnframes()
        rate: int = wav.getframerate()
    return frames / rate


@pytest.mark.slow
def test_input_files_play_in_real_time_by_default_and_fast_on_request(cli: Cli, question_wav: Path) -> None:
    length = audio_seconds(question_wav)
    timings = {}
    for mode in ((), ("--fast",)):
        start = time.monotonic()
        result = cli("kiosk", "--input", str(question_wav), "--no-captions", "--no-speak", "--engine",
                     "pocketsphinx", *mode)  # fmt: skip
        timings[mode] = time.monotonic() - start
        assert result.code == 0 and "turn intent=cramping" in result.err, result.err
    assert timings[()] >= length - 0.1, timings
    assert timings[("--fast",)] < timings[()] - length / 2, timings


@pytest.mark.slow
def test_hold_keeps_the_caption_page_up_after_the_last_answer(question_wav: Path) -> None:
    kiosk = Kiosk_process(
        ["--input", str(question_wav), "--fast", "--hold", "30", "--captions-port", "0"], dict(os.environ)
    )
    try:
        url = kiosk.wait_for(r"captions at (http://127\.0\.0\.1:\d+/)").group(1)
        kiosk.wait_for("turn intent=cramping")
        kiosk.wait_for(r"holding the caption page for 30 s")
        with urllib.request.urlopen(url + "state", timeout=5) as response:
            state = json.loads(response.read())
        assert state["topic"] == "cramping after the test" and state["answer"], "the answer stays for the demo"
        assert (state["phase"], state["reason"]) == ("not_hearing", "the input has ended"), "and says it stopped"
        assert kiosk.process.poll() is None
        code, _ = kiosk.stop()  # SIGTERM ends the hold early
    finally:
        kiosk.kill()
    assert code == 0


def test_hold_zero_and_bad_values(cli: Cli) -> None:
    result = cli("kiosk", "--hold", "-1")
    assert result.code == 2 and "not a number of seconds" in result.err
    result = cli("kiosk", "--hold", "soon")
    assert result.code == 2 and "not a number of seconds" in result.err
