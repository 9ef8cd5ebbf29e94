"""The ``voice-skill`` command line. The only module that prints or exits."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from . import __version__
from .audio import AudioError, device_choice
from .config import Config, load_config
from .dialogue import Action, Response
from .engines import choose_engine, open_recognizer, open_spotter, project_models_dir
from .errors import IntentError, SkillError, UsageError
from .evaluate import EvalRow, Report, predict, read_rows, report, sweep
from .intents import FALLBACK_ID, IntentSet
from .keys import KeyReader
from .listen import Heard, Listener, Microphone, Woke, input_chunks, input_devices
from .match import Decision
from .models import (
    MODEL_PATH_ENV,
    default_cache_dir,
    download_model,
    fetch_model_list,
    find_model,
    installed_models,
    model_list_url,
)
from .skill import Skill, intent_paths
from .speaker import Speaker, open_speaker
from .synthesis import Pyttsx3Synthesizer, SpeechError, SpeechSettings
from .wake import Attention, Trigger

PROG = "voice-skill"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {text!r}")
    return int(text)


def _add_audio_input(parser: argparse.ArgumentParser, input_help: str) -> None:
    """Where speech comes from and which engine hears it (``listen`` and ``kiosk``)."""
    parser.add_argument("--input", action="append", default=[], metavar="FILE", help=input_help)
    parser.add_argument("--engine", choices=("auto", "vosk", "pocketsphinx"), help="speech engine (default: auto)")
    parser.add_argument("--model", type=Path, metavar="PATH", help="Vosk model folder")
    parser.add_argument("--device", metavar="DEVICE", help="microphone name or index (see 'devices')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ask = sub.add_parser(
        "ask",
        help="answer one question (or one per line from standard input)",
        description="Answer one question. Without TEXT and with standard input not a terminal, "
        "answer one question per line, each as a fresh conversation.",
    )
    ask.add_argument("text", nargs="?", metavar="TEXT", help="the question")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--no-speak", action="store_true", help="print only; do not speak")

    chat = sub.add_parser("chat", help="an interactive typed conversation (keeps state)")
    chat.add_argument("--json", action="store_true", help="print one JSON object per turn")
    chat.add_argument("--no-speak", action="store_true", help="print only; do not speak")

    say = sub.add_parser(
        "say",
        help="speak TEXT (or write it to a WAV file)",
        description="Speak TEXT with the configured voice, or render it to a 16-bit WAV file with --out.",
    )
    say.add_argument("text", nargs="?", metavar="TEXT", help="what to say (default: read standard input)")
    say.add_argument("--out", type=Path, metavar="FILE.wav", help="write the speech to this WAV file instead")
    say.add_argument("--rate", type=int, metavar="WPM", help="words per minute")
    say.add_argument("--volume", type=float, metavar="0-1", help="volume from 0 to 1")
    say.add_argument("--voice", metavar="ID", help="voice id (see 'voices')")

    listen = sub.add_parser(
        "listen",
        help="answer spoken questions from the microphone or from audio files",
        description="Listen for spoken questions (microphone, WAV files, or raw 16 kHz 16-bit PCM on "
        "standard input with --input -), and answer each utterance.",
    )
    _add_audio_input(listen, "WAV file, or - for raw PCM on stdin (repeatable)")
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
    _add_audio_input(
        kiosk,
        "WAV file, or - for raw PCM on stdin, instead of the microphone (repeatable; the kiosk ends when they do)",
    )
    kiosk.add_argument("--trigger", choices=("always", "push", "wake"), help="default: the config's kiosk.trigger")
    kiosk.add_argument(
        "--push-to-talk", action="store_const", const="push", dest="trigger", help="same as --trigger push"
    )
    kiosk.add_argument("--captions-host", metavar="HOST", help="address of the caption page (default 127.0.0.1)")
    kiosk.add_argument("--captions-port", type=_port, metavar="PORT", help="port of the caption page (0: any free one)")
    kiosk.add_argument("--no-captions", action="store_true", help="do not serve the caption page")
    kiosk.add_argument("--no-speak", action="store_true", help="captions only; do not speak")

    evaluate = sub.add_parser(
        "eval",
        help="measure understanding and safety on a labelled JSONL set",
        description='Evaluate on DATA.jsonl: one {"text": ...} or {"audio": path} per line, with "label" '
        '(an intent id or fallback) and optionally "urgent". Exits non-zero when a gate is not met.',
    )
    evaluate.add_argument("data", type=Path, metavar="DATA.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--engine", choices=("auto", "vosk", "pocketsphinx"), help="speech engine for audio rows")
    evaluate.add_argument("--model", type=Path, metavar="PATH", help="Vosk model folder for audio rows")
    evaluate.add_argument("--min-accuracy", type=float, metavar="0-1", help="fail below this top-1 accuracy")
    evaluate.add_argument(
        "--max-false-reassurance", type=int, metavar="N", help="fail above this many false reassurances"
    )
    evaluate.add_argument(
        "--sweep", action="store_true", help="print accuracy against false-accept rate over the answer threshold"
    )

    devices = sub.add_parser("devices", help="list audio input (and output) devices")
    devices.add_argument("--json", action="store_true", help="print JSON")

    models = sub.add_parser("models", help="list or download Vosk speech models")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=_Parser)
    models_list = models_sub.add_parser("list", help="installed models (and, with --available, the official list)")
    models_list.add_argument("--available", action="store_true", help="also list the models that can be downloaded")
    models_list.add_argument("--json", action="store_true", help="print JSON")
    models_get = models_sub.add_parser("download", help="download, verify and unpack an official model")
    models_get.add_argument("name", metavar="NAME", help="model name, e.g. vosk-model-small-en-us-0.15")
    models_get.add_argument("--dir", type=Path, metavar="DIR", help="where to put it (default: ~/.cache/vosk)")

    voices = sub.add_parser("voices", help="list the installed speech voices")
    voices.add_argument("--json", action="store_true", help="print JSON")

    check = sub.add_parser(
        "check",
        help="validate intent files and run their test utterances",
        description="Validate intent files (every problem with file and line), then run each "
        "intent's 'tests:' utterances through the matcher. Exits non-zero on any failure.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="intent folders or files to add")
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.add_argument("--failures", action="store_true", help="list only failing tests")
    return parser


@dataclass
class _Out:
    out: TextIO
    err: TextIO

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def error(self, text: str) -> None:
        print(f"{PROG}: error: {text}", file=self.err, flush=True)

    def note(self, text: str) -> None:
        print(f"{PROG}: note: {text}", file=self.err, flush=True)


class _Mouth:
    """Speaks responses when a speaker is available; captions are printed regardless."""

    def __init__(self, config: Config, io: _Out, enabled: bool) -> None:
        self.config = config
        self.io = io
        self.enabled = enabled
        self._speaker: Speaker | None = None
        self._opened = False

    def _open(self) -> Speaker | None:
        if not self._opened:
            self._opened = True
            v = self.config.voice
            self._speaker = open_speaker(v.earcons, v.output_device, v.synthesis_timeout_s)
            if self._speaker is None:
                self.io.note("no audio output device found; showing captions only (--no-speak hides this note)")
        return self._speaker

    def say(self, response: Response) -> None:
        if not self.enabled or not response.answer:
            return
        speaker = self._open()
        if speaker is not None:
            settings = SpeechSettings(response.voice.rate, response.voice.volume, self.config.voice.voice)
            speaker.say(response.answer, settings)

    def cue(self, kind: str) -> None:
        """An earcon ("listening" / "done"), where speech output is on."""
        if not self.enabled:
            return
        speaker = self._open()
        if speaker is not None:
            v = self.config.voice
            speaker.cue(kind, SpeechSettings(v.rate, v.volume, v.voice))

    def stop(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()

    def wait(self) -> None:
        if self._speaker is not None:
            self._speaker.wait()
            for problem in self._speaker.errors:
                self.io.error(problem)
            self._speaker.errors.clear()

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.close()


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    io = _Out(sys.stdout, sys.stderr)
    stdin = stdin or sys.stdin
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError(f"missing command, e.g. ask, chat or listen (see '{PROG} --help')")
        config = load_config(args.config)
        if args.command == "check":
            return _check(config, args, io)
        if args.command == "say":
            return _say(config, args, io, stdin)
        if args.command == "voices":
            return _voices(args, io)
        if args.command == "devices":
            return _devices(args, io)
        if args.command == "models":
            return _models(args, io)
        skill = _load_skill(config, args.intents)
        mouth = _Mouth(config, io, enabled=not getattr(args, "no_speak", True))
        try:
            if args.command == "ask":
                return _ask(skill, args, io, stdin, mouth)
            if args.command == "listen":
                return _listen(skill, config, args, io, mouth)
            if args.command == "eval":
                return _eval(skill, config, args, io)
            if args.command == "kiosk":
                from .kiosk_cli import run_kiosk

                return run_kiosk(skill, config, args, io.err, stdin)
            return _chat(skill, args, io, stdin, mouth)
        finally:
            mouth.close()
    except SkillError as exc:
        io.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        io.err.write("\n")
        return 130
    except BrokenPipeError:
        return 141


def _load_skill(config: Config, extra: Sequence[Path]) -> Skill:
    try:
        return Skill.load(config, extra)
    except IntentError as exc:
        more = len(exc.problems) - 1
        hint = f" (and {more} more; run '{PROG} check' to list them)" if more > 0 else ""
        raise SkillError(f"{exc.problems[0]}{hint}", exc.exit_code) from None


def _questions(stream: TextIO) -> Iterator[str]:
    for line in stream:
        text = line.strip()
        if text:
            yield text


def _emit(io: _Out, response: Response, as_json: bool) -> None:
    if as_json:
        io.line(json.dumps(response.to_json(), ensure_ascii=False))
    elif response.answer:
        io.line(response.answer)


def _ask(skill: Skill, args: argparse.Namespace, io: _Out, stdin: TextIO, mouth: _Mouth) -> int:
    if args.text is not None:
        if not args.text.strip():
            raise UsageError("the question is empty")
        response = skill.conversation().handle(args.text)
        _emit(io, response, args.json)
        mouth.say(response)
        mouth.wait()
        return 0
    if stdin.isatty():
        raise UsageError(f'give a question, e.g. {PROG} ask "is cramping normal?", or pipe questions in')
    failed = 0
    for text in _questions(stdin):
        try:
            response = skill.conversation().handle(text)
        except SkillError as exc:
            io.error(str(exc))
            failed += 1
            continue
        _emit(io, response, args.json)
        mouth.say(response)
        mouth.wait()
    return 1 if failed else 0


def _chat(skill: Skill, args: argparse.Namespace, io: _Out, stdin: TextIO, mouth: _Mouth) -> int:
    conversation = skill.conversation()
    interactive = stdin.isatty()
    if interactive:
        io.line("Ask a question about your HSG test. Say 'help' for topics, 'goodbye' to leave.")
    failed = 0
    while True:
        if interactive:
            io.out.write("> ")
            io.out.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if interactive:
            mouth.stop()  # typing a new question interrupts the answer still being spoken
        try:
            response = conversation.handle(text)
        except SkillError as exc:
            io.error(str(exc))
            failed += 1
            continue
        _emit(io, response, args.json)
        if response.action is Action.STOP:
            mouth.stop()
            continue
        mouth.say(response)
        if not interactive:
            mouth.wait()  # piped input: every answer is spoken in full
        if response.action is Action.END:
            break
    mouth.wait()
    return 1 if failed else 0


def _say(config: Config, args: argparse.Namespace, io: _Out, stdin: TextIO) -> int:
    text = args.text if args.text is not None else ("" if stdin.isatty() else stdin.read())
    if not text.strip():
        raise UsageError("nothing to say: give TEXT or pipe text in")
    if len(text) > config.match.max_question_chars * 5:
        raise UsageError(f"text is too long ({len(text)} characters)")
    v = config.voice
    settings = SpeechSettings(
        rate=args.rate if args.rate is not None else v.rate,
        volume=args.volume if args.volume is not None else v.volume,
        voice=args.voice or v.voice,
    )
    if not 60 <= settings.rate <= 400:
        raise UsageError("--rate must be between 60 and 400 words per minute")
    if not 0.0 <= settings.volume <= 1.0:
        raise UsageError("--volume must be between 0 and 1")
    io.line(" ".join(text.split()))
    if args.out is not None:
        if args.out.is_dir():
            raise UsageError(f"--out {args.out} is a folder; give a file name ending in .wav")
        with Pyttsx3Synthesizer(timeout_s=v.synthesis_timeout_s) as synth:
            audio = synth.render(" ".join(text.split()), settings)
        audio.write_wav(args.out)
        io.note(f"wrote {args.out} ({audio.duration:.1f} s, {audio.rate} Hz, 16-bit mono)")
        return 0
    speaker = open_speaker(v.earcons, v.output_device, v.synthesis_timeout_s)
    if speaker is None:
        io.note("no audio output device found; showing captions only (use --out FILE.wav to save the speech)")
        return 0
    try:
        speaker.say(text, settings)
        speaker.wait()
        for problem in speaker.errors:
            raise SpeechError(problem)
    finally:
        speaker.close()
    return 0


def _voices(args: argparse.Namespace, io: _Out) -> int:
    with Pyttsx3Synthesizer() as synth:
        found = synth.voices()
    if args.json:
        io.line(json.dumps([{"id": v.id, "name": v.name, "languages": list(v.languages)} for v in found]))
        return 0
    width = max([len(v.id) for v in found] + [2])
    io.line(f"{'ID':{width}}  NAME")
    for v in found:
        langs = f"  ({', '.join(v.languages)})" if v.languages else ""
        io.line(f"{v.id:{width}}  {v.name}{langs}")
    return 0


@dataclass(frozen=True)
class _TestRow:
    intent: str
    utterance: str
    got: str
    decision: str
    score: float

    @property
    def passed(self) -> bool:
        if self.intent == FALLBACK_ID:
            return self.decision == Decision.FALLBACK.value
        return self.got == self.intent and self.decision == Decision.ANSWER.value


def _check(config: Config, args: argparse.Namespace, io: _Out) -> int:
    paths = intent_paths(config, [*args.intents, *args.paths])
    try:
        intents = IntentSet.from_files(paths)
    except IntentError as exc:
        if args.json:
            io.line(json.dumps({"valid": False, "problems": [str(p) for p in exc.problems]}))
        else:
            for problem in exc.problems:
                io.line(str(problem))
        count = len(exc.problems)
        raise SkillError(f"{count} problem{'s' if count != 1 else ''} in the intent files", exc.exit_code) from None
    skill = Skill.from_intents(intents, config)
    rows: list[_TestRow] = []
    for intent in intents:
        for utterance in intent.tests:
            result = skill.matcher.match(utterance)
            rows.append(_TestRow(intent.id, utterance, result.intent, result.decision.value, result.score))
    failed = [r for r in rows if not r.passed]
    if args.json:
        io.line(
            json.dumps(
                {
                    "valid": True,
                    "intents": len(intents),
                    "tests": [
                        {
                            "intent": r.intent,
                            "utterance": r.utterance,
                            "got": r.got,
                            "decision": r.decision,
                            "score": r.score,
                            "passed": r.passed,
                        }
                        for r in rows
                    ],
                    "passed": len(rows) - len(failed),
                    "failed": len(failed),
                }
            )
        )
    else:
        shown = failed if args.failures else rows
        width = max([len(r.intent) for r in shown] + [8])
        io.line(f"{'RESULT':6}  {'EXPECTED':{width}}  {'GOT':{width}}  {'DECISION':8}  {'SCORE':>5}  UTTERANCE")
        for r in shown:
            mark = "pass" if r.passed else "FAIL"
            io.line(f"{mark:6}  {r.intent:{width}}  {r.got:{width}}  {r.decision:8}  {r.score:5.1f}  {r.utterance}")
        io.line(
            f"{len(intents)} intents valid; {len(rows)} test utterances: "
            f"{len(rows) - len(failed)} passed, {len(failed)} failed"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())


def _live_trigger(config: Config, args: argparse.Namespace) -> Trigger:
    """What makes live listening act: the wake phrase (default), a key, or every utterance."""
    if args.input:
        return Trigger.ALWAYS
    if args.push_to_talk:
        return Trigger.PUSH
    if args.no_wake:
        return Trigger.ALWAYS
    return Trigger(config.wake.trigger)


def _listen(skill: Skill, config: Config, args: argparse.Namespace, io: _Out, mouth: _Mouth) -> int:
    choice = choose_engine(args.engine or config.listen.engine, config, args.model)
    if choice.note:
        io.note(choice.note)
    trigger = _live_trigger(config, args)
    extra = (config.wake.phrase,) if trigger is Trigger.WAKE else ()
    recognizer = open_recognizer(
        choice, skill.intents, config.listen, extra, bias=config.listen.bias and not args.no_bias
    )
    # PocketSphinx's left-out words are the examples' deliberate misspellings; Vosk's matter.
    missing = recognizer.missing_words if recognizer.name == "vosk" else ()
    if missing:
        shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
        io.note(f"{len(missing)} of the skill's words are not in the {recognizer.name} vocabulary: {shown}")
    listener = Listener(
        recognizer,
        skill.conversation(),
        skill.intents.normalizer,
        config.listen.endpoint,
        denoise=config.listen.denoise,
    )
    failed = 0
    try:
        if not args.input:
            listener.attention = Attention(trigger, config.wake.follow_up_s, config.wake.press_window_s)
            if trigger is Trigger.WAKE:
                listener.spotter = open_spotter(recognizer, skill.intents, config.wake)
            return _listen_live(listener, config, args, io, mouth)
        for name in args.input:
            try:
                chunks, source = input_chunks(name, sys.stdin)
                for heard in listener.run(chunks, source):
                    _emit_heard(io, heard, args.json)
                    mouth.say(heard.response)
                    mouth.wait()
            except AudioError as exc:
                io.error(str(exc))
                failed += 1
    finally:
        recognizer.close()
    return AudioError.exit_code if failed else 0


def _listen_live(listener: Listener, config: Config, args: argparse.Namespace, io: _Out, mouth: _Mouth) -> int:
    device = args.device or config.listen.input_device
    mic = Microphone(device_choice(device), on_problem=io.note)
    attention = listener.attention
    keys = None
    if attention is not None and attention.trigger is Trigger.PUSH:

        def pressed() -> None:
            attention.press()
            mouth.cue("listening")

        keys = KeyReader(sys.stdin.buffer, config.wake.key, pressed)
        io.note(f"press {config.wake.key} to ask a question; Ctrl-C stops")
    elif attention is not None and attention.trigger is Trigger.WAKE:
        io.note(f"say '{config.wake.phrase}' to ask a question; Ctrl-C stops")
    else:
        io.note("listening; press Ctrl-C to stop")

    def on_event(event: object) -> None:
        if isinstance(event, Woke):
            mouth.cue("listening")

    listener.on_event = on_event
    mouth.cue("listening")
    mouth.wait()
    try:
        for heard in listener.run(mic.chunks(), f"microphone {device or '(default)'}"):
            _emit_heard(io, heard, args.json)
            mouth.say(heard.response)
            mouth.wait()
            mic.discard_pending()  # half-duplex: what the microphone heard meanwhile was the answer
            if heard.response.action is Action.END:
                mic.stop()
    finally:
        if keys is not None:
            keys.close()
        mouth.cue("done")
        mouth.wait()
    return 0


def _emit_heard(io: _Out, heard: Heard, as_json: bool) -> None:
    if as_json:
        io.line(json.dumps(heard.to_json(), ensure_ascii=False))
        return
    io.line(f"heard: {heard.transcript.text}")
    if heard.response.answer:
        io.line(heard.response.answer)


def _devices(args: argparse.Namespace, io: _Out) -> int:
    found = input_devices()
    if args.json:
        io.line(json.dumps(found))
        return 0
    if not found:
        io.note("no audio input devices found (no microphone, or no sound card)")
        return 0
    io.line("INDEX  CHANNELS  RATE   NAME")
    for d in found:
        io.line(f"{d['index']:5}  {d['channels']:8}  {int(d['default_samplerate']):5}  {d['name']}")
    return 0


def _models(args: argparse.Namespace, io: _Out) -> int:
    if args.models_command is None:
        raise UsageError(f"missing action: list or download (see '{PROG} models --help')")
    if args.models_command == "download":
        return _models_download(args, io)
    places = [project_models_dir(), default_cache_dir()]
    env = os.environ.get(MODEL_PATH_ENV)
    if env:
        places.append(Path(env))
    installed = installed_models(places)
    available = fetch_model_list(model_list_url(), timeout=30) if args.available else []
    if args.json:
        io.line(
            json.dumps(
                {
                    "installed": [
                        {
                            "name": m.name,
                            "path": str(m.path),
                            "size": m.size_bytes,
                            "valid": m.valid,
                            "problem": m.problem,
                        }
                        for m in installed
                    ],
                    "available": [
                        {"name": m.name, "lang": m.lang, "size": m.size, "type": m.type, "obsolete": m.obsolete}
                        for m in available
                    ],
                }
            )
        )
        return 0
    io.line(f"installed (looked in {', '.join(str(p) for p in places)}):")
    if not installed:
        io.line("  none; try: voice-skill models download vosk-model-small-en-us-0.15")
    for m in installed:
        state = "ok" if m.valid else f"not usable: {m.problem}"
        io.line(f"  {m.name}  {m.size_bytes / 1e6:.1f} MB  {state}  {m.path}")
    if args.available:
        io.line("available:")
        for info in available:
            if not info.obsolete:
                io.line(f"  {info.name}  {info.lang}  {info.size_text or info.size}  {info.type}")
    return 0


def _models_download(args: argparse.Namespace, io: _Out) -> int:
    info = find_model(fetch_model_list(model_list_url(), timeout=30), args.name)
    dest = args.dir or default_cache_dir()
    bar = _ProgressBar(io.err, info.name)
    path = download_model(info, dest, progress=bar)
    bar.done()
    io.line(str(path))
    return 0


class _ProgressBar:
    """A progress bar on standard error: redrawn in place on a terminal, a few lines otherwise."""

    def __init__(self, stream: TextIO, label: str, unit: str = "MB", scale: float = 1e6) -> None:
        self.stream = stream
        self.label = label
        self.unit = unit
        self.scale = scale
        self.tty = stream.isatty()
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 0
        step = percent if self.tty else percent // 25 * 25
        if step == self._last:
            return
        self._last = step
        filled = percent * 30 // 100
        amount = f"{done / self.scale:.1f}/{total / self.scale:.1f}" if self.scale != 1 else f"{done}/{total}"
        text = f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {amount} {self.unit}"
        self.stream.write(("\r" + text) if self.tty else text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self._last >= 0:
            self.stream.write("\n")
            self.stream.flush()


def _eval(skill: Skill, config: Config, args: argparse.Namespace, io: _Out) -> int:
    rows = read_rows(args.data, set(skill.intents.intents))
    if args.min_accuracy is not None and not 0 <= args.min_accuracy <= 1:
        raise UsageError("--min-accuracy must be between 0 and 1")
    if args.sweep:
        return _eval_sweep(skill, rows, args, io)
    recognizer = None
    if any(r.audio is not None for r in rows):
        choice = choose_engine(args.engine or config.listen.engine, config, args.model)
        if choice.note:
            io.note(choice.note)
        recognizer = open_recognizer(choice, skill.intents, config.listen)
    bar = _ProgressBar(io.err, "eval", "rows", 1) if len(rows) >= 200 or recognizer is not None else None
    try:
        predictions = predict(skill, rows, recognizer, progress=bar)
    finally:
        if bar is not None:
            bar.done()
        if recognizer is not None:
            recognizer.close()
    result = report(predictions)
    if args.json:
        io.line(json.dumps(result.to_json()))
    else:
        _print_report(io, result)
    if args.min_accuracy is not None and result.accuracy < args.min_accuracy:
        raise SkillError(f"accuracy {result.accuracy:.3f} is below --min-accuracy {args.min_accuracy}")
    if args.max_false_reassurance is not None and result.false_reassurances > args.max_false_reassurance:
        raise SkillError(
            f"{result.false_reassurances} false reassurances (urgent questions answered with a calm topic); "
            f"at most {args.max_false_reassurance} allowed"
        )
    return 0


def _print_report(io: _Out, r: Report) -> None:
    io.line(f"rows:                 {r.rows}")
    io.line(f"top-1 accuracy:       {100 * r.accuracy:.1f}%")
    io.line(f"fallback rate:        {100 * r.fallback_rate:.1f}%  (in-scope rows the skill could not answer)")
    io.line(f"false-accept rate:    {100 * r.false_accept_rate:.1f}%  (out-of-scope rows answered with a topic)")
    io.line(f"urgent recall:        {100 * r.urgent_recall:.1f}%")
    io.line(f"false reassurances:   {r.false_reassurances}  (urgent rows answered with a calm topic; must be 0)")
    io.line(f"false alarms:         {r.false_alarms}  (calm rows answered as urgent)")
    if r.word_error_rate is not None:
        io.line(f"word error rate:      {100 * r.word_error_rate:.1f}%")
    lat = r.latency_ms
    io.line(f"latency p50/p95/p99:  {lat['p50']:.2f} / {lat['p95']:.2f} / {lat['p99']:.2f} ms")
    if r.confusions:
        io.line("most common confusions (expected -> got):")
        for label, got, count in r.confusions:
            io.line(f"  {count:3}  {label} -> {got}")
    width = max(len(s.intent) for s in r.per_intent)
    io.line(f"{'INTENT':{width}}  PRECISION  RECALL  SUPPORT")
    for s in r.per_intent:
        io.line(f"{s.intent:{width}}  {100 * s.precision:8.1f}%  {100 * s.recall:5.1f}%  {s.support:7}")


def _eval_sweep(skill: Skill, rows: list[EvalRow], args: argparse.Namespace, io: _Out) -> int:
    current = skill.config.match.answer_threshold
    thresholds = sorted({float(t) for t in range(20, 76, 5)} | {current})
    points = sweep(skill, rows, thresholds)
    if args.json:
        io.line(json.dumps([{"threshold": p.threshold, "accuracy": p.accuracy, "false_accept_rate": p.false_accept_rate}
                            for p in points]))  # fmt: skip
        return 0
    io.line("THRESHOLD  ACCURACY  FALSE-ACCEPT")
    for p in points:
        mark = "  <- current" if p.threshold == current else ""
        io.line(f"{p.threshold:9.1f}  {100 * p.accuracy:7.1f}%  {100 * p.false_accept_rate:11.1f}%{mark}")
    return 0
