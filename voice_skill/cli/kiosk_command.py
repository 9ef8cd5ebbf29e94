"""``voice-skill kiosk``: wiring the kiosk to the microphone (or files), the speaker,
the caption page and a push-to-talk key. The command line's part; it logs to stderr
(journald under systemd), one line per event, with no words of what was heard.

SIGTERM (``systemctl stop``) ends it like Ctrl-C does, with a one-line summary (questions answered, uptime),
and exit code 0: a stop asked for is not a failure."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import TextIO

from ..asr import Recognizer, open_recognizer, pronunciations_file
from ..audio import AudioError
from ..base.errors import SkillError
from ..config import Config
from ..devices import DeviceError, KeyReader, Microphone, device_choice, input_chunks, open_speaker, paced
from ..duplex import Duplex, open_duplex
from ..kiosk import Kiosk
from ..kiosk.captions import CaptionBoard, CaptionServer
from ..kiosk.systemd import Notifier
from ..kiosk.welcome import welcome
from ..skill import Skill
from ..tts import Speaker
from ..wake import Attention, Trigger, WakeSpotter, open_spotter
from .common import chosen_engine, tell_engine_notes

log = logging.getLogger(__name__)

LOG_FORMAT = "%(asctime)s voice-skill kiosk %(levelname)s: %(message)s"

INPUT_ENDED = "the input has ended"
NO_MICROPHONE = "no microphone"
MICROPHONE_PROBLEM = "microphone problem"


class _Terminated(BaseException):
    """SIGTERM arrived: unwinds the kiosk loop as Ctrl-C would (no ``except Exception`` stops it)."""


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`_Terminated` in the main thread (once; a second one is ignored while the
    kiosk shuts down)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_kiosk(skill: Skill, config: Config, args: argparse.Namespace, err: TextIO, stdin: TextIO) -> int:
    settings = config.kiosk
    trigger = Trigger(args.trigger or settings.trigger)
    handler = _log_to(err)
    speaker: Speaker | None = None
    server: CaptionServer | None = None
    keys: KeyReader | None = None
    kiosk: Kiosk | None = None
    duplex: Duplex | None = None
    notifier = Notifier.from_env()
    why = ""
    try:
        with _sigterm_stops():
            choice = chosen_engine(config, args, log.warning)
            extra = (config.wake.phrase,) if trigger is Trigger.WAKE else ()

            def open_engine() -> Recognizer:
                return open_recognizer(choice, skill.intents, config.listen, extra)

            def open_wake_spotter(recognizer: Recognizer) -> WakeSpotter:
                return open_spotter(recognizer, skill.intents, config.wake)

            engine = open_engine()
            tell_engine_notes(engine, log.warning)
            if not args.no_speak:
                speaker = open_speaker(config.voice)
                if speaker is None:
                    log.warning("no audio output device found; showing captions only")
            if config.wake.barge_in.kiosk and not args.input:
                words = pronunciations_file(skill.intents)
                duplex = open_duplex(config.wake.barge_in, config.wake.phrase, words, speaker, log.warning)
            board = None
            if settings.captions and not args.no_captions:
                wake_phrase = config.wake.phrase if trigger is Trigger.WAKE else ""
                board = CaptionBoard(config.emergency_number, welcome(skill.intents, wake_phrase))
            attention = Attention(trigger, config.wake.follow_up_s, config.wake.press_window_s)
            engines = iter([engine])
            kiosk = Kiosk(
                skill.conversation(),
                settings,
                lambda: next(engines, None) or open_engine(),
                attention=attention,
                endpoint=config.listen.endpoint,
                denoise=config.listen.denoise,
                open_spotter=open_wake_spotter if trigger is Trigger.WAKE else None,
                speaker=speaker,
                board=board,
                voice=config.voice.voice,
                notifier=notifier,
            )
            if board is not None:
                on_talk = kiosk.press if trigger is Trigger.PUSH else None
                host = args.captions_host or settings.captions_host
                port = settings.captions_port if args.captions_port is None else args.captions_port
                server = CaptionServer(board, host, port, on_talk=on_talk)
                server.start()
                log.info("captions at %s", ", ".join(server.urls))
            if trigger is Trigger.PUSH and "-" not in args.input and stdin.isatty():
                keys = KeyReader(stdin.buffer, config.wake.key, kiosk.press)
                log.info("push-to-talk: press %s", config.wake.key)
            log.info("kiosk started (trigger %s, engine %s)", trigger.value, choice.engine)
            if args.input:
                return _run_inputs(kiosk, args.input, stdin, fast=args.fast, hold_s=args.hold)
            _run_microphone(kiosk, args.device or config.listen.input_device, settings.restart_backoff_max_s, duplex)
            return 0  # not reached: the microphone is listened to until the process is stopped
    except _Terminated:
        why = "SIGTERM"
        return 0
    except KeyboardInterrupt:
        why = "interrupted"
        raise
    except SkillError as exc:
        log.error("%s", exc)
        return exc.exit_code
    finally:
        if kiosk is not None:
            notifier.stopping(f"Stopping{f' ({why})' if why else ''}")
        if keys is not None:
            keys.close()
        if server is not None:
            server.close()
        if duplex is not None:
            duplex.close()
        if speaker is not None:
            speaker.close()
        if kiosk is not None:
            log.info("%s", kiosk.summary(why))
            kiosk.close()
        logging.getLogger("voice_skill").removeHandler(handler)


def _log_to(stream: TextIO) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logger = logging.getLogger("voice_skill")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handler


def _run_inputs(kiosk: Kiosk, inputs: list[str], stdin: TextIO, *, fast: bool, hold_s: float) -> int:
    """Files (or standard input) instead of a microphone, in real time unless ``fast``; a file that is not audio
    is skipped. Afterwards the page says the input has ended and stays up ``hold_s`` seconds (for a demo)."""
    failed = 0
    for name in inputs:
        try:
            chunks, source = input_chunks(name, stdin)
            kiosk.run(chunks if fast else paced(chunks), source)
        except AudioError as exc:
            log.error("skipped an input: %s", exc)
            failed += 1
    kiosk.not_hearing(INPUT_ENDED)
    if hold_s > 0:
        log.info("input ended; holding the caption page for %g s", hold_s)
        kiosk.notifier.sleep(hold_s)
    return AudioError.exit_code if failed and failed == len(inputs) else 0


def _run_microphone(kiosk: Kiosk, device: str | None, max_wait_s: float, duplex: Duplex | None = None) -> None:
    """Listen until stopped; a microphone that is missing or fails is retried with back-off, forever, and the
    caption page says the kiosk is not hearing meanwhile. ``duplex``: answers can be stopped by voice."""
    chosen = device_choice(device)

    def problem(message: str) -> None:
        log.warning("%s", message)
        kiosk.not_hearing(MICROPHONE_PROBLEM, message)

    def failed(exc: Exception) -> None:
        kiosk.not_hearing(NO_MICROPHONE if isinstance(exc, DeviceError) else MICROPHONE_PROBLEM, str(exc))

    # Under a systemd watchdog, the microphone's back-off waits feed it too: waiting is not hanging.
    sleep = kiosk.notifier.sleep if kiosk.notifier.ping_every_s is not None else None

    def listen_once() -> None:
        mic = Microphone(chosen, retries=sys.maxsize, on_problem=problem, max_wait_s=max_wait_s, sleep=sleep)
        kiosk.run(
            mic.chunks(),
            "microphone",
            after_speaking=mic.discard_pending,
            duplex=duplex,
            chunk_ended_at=lambda: mic.chunk_ended_at,
        )

    kiosk.supervisor.keep_running(listen_once, on_failure=failed)
