"""``voice-skill kiosk``: wiring the kiosk to the microphone (or files), the speaker,
the caption page and a push-to-talk key. The command line's part; it logs to stderr
(journald under systemd), one line per event, with no words of what was heard."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from typing import TextIO

from ..audio import AudioError, device_choice
from ..captions import CaptionBoard, CaptionServer
from ..config import Config
from ..engines import open_recognizer, open_spotter
from ..errors import SkillError
from ..keys import KeyReader
from ..kiosk import FIRST_RESTART_WAIT_S, LOG, Kiosk
from ..listen import Microphone, input_chunks
from ..recognize import Recognizer
from ..skill import Skill
from ..speaker import Speaker, open_speaker
from ..wake import Attention, Trigger, WakeSpotter
from .listen_command import chosen_engine

LOG_FORMAT = "%(asctime)s voice-skill kiosk %(levelname)s: %(message)s"


def run_kiosk(skill: Skill, config: Config, args: argparse.Namespace, err: TextIO, stdin: TextIO) -> int:
    settings = config.kiosk
    trigger = Trigger(args.trigger or settings.trigger)
    handler = _log_to(err)
    speaker: Speaker | None = None
    server: CaptionServer | None = None
    keys: KeyReader | None = None
    kiosk: Kiosk | None = None
    try:
        choice = chosen_engine(config, args, LOG.warning)
        extra = (config.wake.phrase,) if trigger is Trigger.WAKE else ()

        def open_engine() -> Recognizer:
            return open_recognizer(choice, skill.intents, config.listen, extra)

        def open_wake_spotter(recognizer: Recognizer) -> WakeSpotter:
            return open_spotter(recognizer, skill.intents, config.wake)

        engine = open_engine()
        if not args.no_speak:
            v = config.voice
            speaker = open_speaker(v.earcons, v.output_device, v.synthesis_timeout_s)
            if speaker is None:
                LOG.warning("no audio output device found; showing captions only")
        board = CaptionBoard(config.emergency_number) if settings.captions and not args.no_captions else None
        attention = Attention(trigger, config.wake.follow_up_s, config.wake.press_window_s)
        engines = iter([engine])
        kiosk = Kiosk(
            skill,
            settings,
            lambda: next(engines, None) or open_engine(),
            attention=attention,
            endpoint=config.listen.endpoint,
            denoise=config.listen.denoise,
            open_spotter=open_wake_spotter if trigger is Trigger.WAKE else None,
            speaker=speaker,
            board=board,
        )
        if board is not None:
            on_talk = kiosk.press if trigger is Trigger.PUSH else None
            host = args.captions_host or settings.captions_host
            port = settings.captions_port if args.captions_port is None else args.captions_port
            server = CaptionServer(board, host, port, on_talk=on_talk)
            server.start()
            LOG.info("captions at %s", server.url)
        if trigger is Trigger.PUSH and "-" not in args.input and stdin.isatty():
            keys = KeyReader(stdin.buffer, config.wake.key, kiosk.press)
            LOG.info("push-to-talk: press %s", config.wake.key)
        LOG.info("kiosk started (trigger %s, engine %s)", trigger.value, choice.engine)
        if args.input:
            return _run_inputs(kiosk, args.input, stdin)
        _run_microphone(kiosk, args.device or config.listen.input_device, settings.restart_backoff_max_s)
        return 0
    except SkillError as exc:
        LOG.error("%s", exc)
        return exc.exit_code
    finally:
        if keys is not None:
            keys.close()
        if server is not None:
            server.close()
        if speaker is not None:
            speaker.close()
        if kiosk is not None:
            LOG.info(
                "kiosk stopped: %d turns, %d visitors, %d urgent, %d engine restarts, %d chunks skipped",
                kiosk.stats.turns,
                kiosk.stats.visitors,
                kiosk.stats.urgent,
                kiosk.stats.restarts,
                kiosk.stats.skipped_chunks,
            )
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


def _run_inputs(kiosk: Kiosk, inputs: list[str], stdin: TextIO) -> int:
    """Files (or standard input) instead of a microphone; a file that is not audio is skipped."""
    failed = 0
    for name in inputs:
        try:
            chunks, source = input_chunks(name, stdin)
            kiosk.run(chunks, source)
        except AudioError as exc:
            LOG.error("skipped an input: %s", exc)
            failed += 1
    return AudioError.exit_code if failed and failed == len(inputs) else 0


def _run_microphone(kiosk: Kiosk, device: str | None, max_wait_s: float) -> None:
    """Listen until stopped; a microphone that is missing or fails is retried with back-off, forever."""
    chosen = device_choice(device)
    attempt = 0
    while True:
        try:
            mic = Microphone(chosen, retries=sys.maxsize, on_problem=LOG.warning, max_wait_s=max_wait_s)
            kiosk.after_speaking = mic.discard_pending
            attempt = 0
            kiosk.run(mic.chunks(), "microphone")
        except SkillError as exc:
            attempt += 1
            wait = min(max_wait_s, FIRST_RESTART_WAIT_S * 2 ** min(attempt - 1, 30))
            LOG.error("%s; retrying in %g s", exc, wait)
            time.sleep(wait)
