"""The command line's arguments: one parser, one sub-command each."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from ..asr import Engine
from ..base.errors import UsageError
from ..base.version import __version__
from ..wake import Trigger

ENGINES = tuple(engine.value for engine in Engine)
TRIGGERS = tuple(trigger.value for trigger in Trigger)

PROG = "voice-skill"


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {text!r}")
    return int(text)


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds (0 or more): {text!r}")
    return value


def add_audio_input(parser: argparse.ArgumentParser, input_help: str) -> None:
    """Where speech comes from and which engine hears it (``listen`` and ``kiosk``)."""
    parser.add_argument("--input", action="append", default=[], metavar="FILE", help=input_help)
    parser.add_argument("--engine", choices=ENGINES, help="speech engine (default: auto)")
    parser.add_argument("--model", type=Path, metavar="PATH", help="Whisper (CTranslate2) or Vosk model folder")
    parser.add_argument("--device", metavar="DEVICE", help="microphone name or index (see 'devices')")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG,
        description="Offline voice assistant for questions after an HSG test.",
        epilog="Answers are general information from the clinic's HSG aftercare guide, not medical advice.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--config", type=Path, metavar="PATH", help="configuration file (YAML)")
    parser.add_argument(
        "--intents",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="extra intent folder or file; extends or overrides the built-in intents (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    ask = sub.add_parser(
        "ask",
        help="answer one question (or one per line from standard input)",
        description="Answer one question. Without TEXT and with standard input not a terminal, "
        "answer one question per line, each as a fresh conversation.",
    )
    ask.add_argument("text", nargs="?", metavar="TEXT", help="the question")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--explain", action="store_true", help="also say why: the warning sign, example or threshold")
    ask.add_argument("--no-speak", action="store_true", help="print only; do not speak")

    chat = sub.add_parser(
        "chat",
        help="an interactive typed conversation (keeps state)",
        description="Talk with the skill by typing, one question per line: it remembers the conversation "
        "('repeat that', 'tell me more', 'slower', 'Did you mean A, or B?'). At a terminal, lines can be edited and "
        "the up arrow brings back earlier questions (kept in memory only). Ends on 'goodbye' or Ctrl-D; a "
        "conversation idle for dialogue.idle_timeout_s starts afresh.",
    )
    chat.add_argument("--json", action="store_true", help="print one JSON object per turn")
    chat.add_argument("--no-speak", action="store_true", help="print only; do not speak")

    say = sub.add_parser(
        "say",
        help="speak TEXT (or write it to a WAV file)",
        description="Speak TEXT with the configured voice, or render it to a 16-bit WAV file with --out.",
    )
    say.add_argument("text", nargs="?", metavar="TEXT", help="what to say (default: read standard input)")
    say.add_argument("--out", type=Path, metavar="FILE.wav", help="write the speech to this WAV file instead")
    say.add_argument(
        "--force", action="store_true", help="with --out: replace an existing WAV file (never a file of another kind)"
    )
    say.add_argument("--rate", type=int, metavar="WPM", help="words per minute")
    say.add_argument("--volume", type=float, metavar="0-1", help="volume from 0 to 1")
    say.add_argument("--voice", metavar="ID", help="voice id (see 'voices')")

    listen = sub.add_parser(
        "listen",
        help="answer spoken questions from the microphone or from audio files",
        description="Listen for spoken questions (microphone, WAV files, or raw 16 kHz 16-bit PCM on "
        "standard input with --input -), and answer each utterance.",
    )
    add_audio_input(listen, "WAV file, or - for raw PCM on stdin (repeatable)")
    listen.add_argument("--no-bias", action="store_true", help="do not bias recognition to the skill's words")
    listen.add_argument("--json", action="store_true", help="print one JSON object per utterance")
    listen.add_argument("--no-speak", action="store_true", help="print only; do not speak")
    attend = listen.add_mutually_exclusive_group()
    attend.add_argument(
        "--push-to-talk", action="store_true", help="microphone: act only after a key press (config wake.key)"
    )
    attend.add_argument(
        "--no-wake", action="store_true", help="microphone: answer every utterance, without the wake phrase"
    )

    kiosk = sub.add_parser(
        "kiosk",
        help="unattended waiting-room mode with a large-caption page",
        description="Listen all day, answer one visitor after another, and show large captions on a local web "
        "page. Writes no audio and no transcripts; logs only intent ids, decisions, scores and timings.",
    )
    add_audio_input(
        kiosk,
        "WAV file, or - for raw PCM on stdin, instead of the microphone (repeatable; the kiosk ends when they do)",
    )
    kiosk.add_argument("--trigger", choices=TRIGGERS, help="default: the config's kiosk.trigger")
    kiosk.add_argument(
        "--push-to-talk", action="store_const", const="push", dest="trigger", help="same as --trigger push"
    )
    kiosk.add_argument("--captions-host", metavar="HOST", help="address of the caption page (default 127.0.0.1)")
    kiosk.add_argument(
        "--captions-port", type=port_number, metavar="PORT", help="port of the caption page (0: any free one)"
    )
    kiosk.add_argument("--no-captions", action="store_true", help="do not serve the caption page")
    kiosk.add_argument("--no-speak", action="store_true", help="captions only; do not speak")
    kiosk.add_argument(
        "--fast", action="store_true", help="with --input: read the files as fast as they decode, not in real time"
    )
    kiosk.add_argument(
        "--hold",
        type=seconds,
        default=0.0,
        metavar="SECONDS",
        help="with --input: keep the caption page up this long after the last file (default 0)",
    )

    evaluate = sub.add_parser(
        "eval",
        help="measure understanding and safety on a labelled JSONL set",
        description='Evaluate on DATA.jsonl: one {"text": ...} or {"audio": path} per line, with "label" '
        '(an intent id or fallback) and optionally "urgent". Exits non-zero when a gate is not met.',
    )
    evaluate.add_argument("data", type=Path, metavar="DATA.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument(
        "--rows",
        type=Path,
        metavar="FILE",
        help="also write each row's outcome (text or audio, expected, got, verdict) to FILE, one JSON object a line",
    )
    evaluate.add_argument("--engine", choices=ENGINES, help="speech engine for audio rows")
    evaluate.add_argument("--model", type=Path, metavar="PATH", help="Whisper or Vosk model folder for audio rows")
    evaluate.add_argument("--min-accuracy", type=float, metavar="0-1", help="fail below this top-1 accuracy")
    evaluate.add_argument(
        "--max-false-reassurance", type=int, metavar="N", help="fail above this many false reassurances"
    )
    evaluate.add_argument(
        "--sweep", action="store_true", help="print accuracy against false-accept rate over the answer threshold"
    )

    devices = sub.add_parser(
        "devices",
        help="list audio input and output devices",
        description="List the audio inputs (microphones: for --device and listen.input_device) and outputs "
        "(speakers: for voice.output_device) PortAudio sees, by index and name. A sound card with both is "
        "listed once as an input and once as an output.",
    )
    devices.add_argument("--json", action="store_true", help="print JSON")

    models = sub.add_parser(
        "models",
        help="list or download speech models",
        description="List the installed speech models (Whisper and Vosk), or download an official one, "
        "verified and unpacked atomically. The only command that uses the network.",
    )
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=Parser)
    models_list = models_sub.add_parser(
        "list",
        help="installed models (and, with --available, the official list)",
        description="List the installed models (models/, ~/.cache/vosk, $VOSK_MODEL_PATH); with --available, "
        "also the models that can be downloaded.",
    )
    models_list.add_argument("--available", action="store_true", help="also list the models that can be downloaded")
    models_list.add_argument("--json", action="store_true", help="print JSON")
    models_get = models_sub.add_parser(
        "download",
        help="download, verify and unpack an official model",
        description="Download an official model with a progress bar, check its size and checksum, and unpack it "
        "into ~/.cache/vosk/NAME (or --dir); an interrupted download resumes.",
    )
    models_get.add_argument("name", metavar="NAME", help="model name, e.g. vosk-model-small-en-us-0.15")
    models_get.add_argument("--dir", type=Path, metavar="DIR", help="where to put it (default: ~/.cache/vosk)")

    voices = sub.add_parser(
        "voices",
        help="list the installed speech voices",
        description="List the voices the speech engine (espeak-ng through pyttsx3) has, by id, name and "
        "language: the ids 'say --voice' and voice.voice take.",
    )
    voices.add_argument("--json", action="store_true", help="print JSON")

    check = sub.add_parser(
        "check",
        help="validate intent files and run their test utterances",
        description="Validate intent files (every problem with file and line), warn about warning signs in "
        "the examples of calm intents, then run each intent's 'tests:' utterances through the matcher. Exits "
        "non-zero on any problem or failing test (and, with --strict, on a warning).",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="intent folders or files to add")
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.add_argument("--failures", action="store_true", help="list only failing tests")
    check.add_argument(
        "--strict", action="store_true", help="fail on warnings too (a warning sign in a calm intent's examples)"
    )
    return parser
