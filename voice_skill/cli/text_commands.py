"""Typed conversation and speech output: ``ask``, ``chat``, ``say`` and ``voices``."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import sys
from collections.abc import Iterator
from typing import TextIO

from ..audio import AudioError, OutputExists, check_wav_target
from ..base.errors import SkillError, UsageError
from ..config import Config
from ..devices import LineEditor, open_speaker
from ..dialogue import Action
from ..skill import Skill
from ..tts import SpeechError, SpeechSettings
from ..tts.pyttsx3_engine import Pyttsx3Synthesizer
from .output import Mouth, Out, emit
from .parser import PROG
from .text_input import input_lines, not_text, read_text, refuse_binary

PROMPT = "> "
"""Shown before each line typed into ``chat``."""
SAY_LENGTH_FACTOR = 5
"""``say`` takes texts up to this many times the longest question."""


def questions(stream: TextIO) -> Iterator[str]:
    """The questions piped in, one per non-empty line; input that is not text stops them (:class:`UsageError`)."""
    for number, line in enumerate(input_lines(stream), 1):
        refuse_binary(line, f"line {number} of standard input")
        text = line.strip()
        if text:
            yield text


def ask(skill: Skill, args: argparse.Namespace, io: Out, stdin: TextIO, mouth: Mouth) -> int:
    if args.text is not None:
        if not args.text.strip():
            raise UsageError("the question is empty")
        refuse_binary(args.text, "the question")
        response = skill.conversation().handle(args.text)
        emit(io, response, args.json, args.explain)
        mouth.say(response)
        mouth.wait()
        return 0
    if stdin.isatty():
        raise UsageError(f'give a question, e.g. {PROG} ask "is cramping normal?", or pipe questions in')
    failed = 0
    for text in questions(stdin):
        try:
            response = skill.conversation().handle(text)
        except SkillError as exc:
            io.error(str(exc))
            failed += 1
            continue
        emit(io, response, args.json, args.explain)
        mouth.say(response)
        mouth.wait()
    return 1 if failed else 0


def chat(skill: Skill, args: argparse.Namespace, io: Out, stdin: TextIO, mouth: Mouth) -> int:
    conversation = skill.conversation()
    interactive = stdin.isatty()
    if interactive:
        io.line("Ask a question about your HSG test. Say 'help' for topics, 'goodbye' to leave.")
    failed = 0
    with typed_lines(stdin, io, interactive) as lines:
        for number, line in lines:
            reason = not_text(line)
            if interactive and reason is not None:  # a terminal in another encoding: say so, and go on
                io.error(f"that held {reason}, so it was not text; type a question")
                failed += 1
                continue
            refuse_binary(line, f"line {number} of standard input")
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
            emit(io, response, args.json)
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


@contextlib.contextmanager
def typed_lines(stdin: TextIO, io: Out, interactive: bool) -> Iterator[Iterator[tuple[int, str]]]:
    """The numbered lines of a chat. At the terminal (the process's own standard input and output) they are
    read with line editing and an in-memory history, and the end of input (Ctrl-D) ends the prompt's line,
    so the shell's prompt starts on a line of its own."""
    if not interactive:
        yield enumerate(input_lines(stdin), 1)
        return
    editor = LineEditor(PROMPT) if stdin is sys.stdin and io.out is sys.stdout and io.out.isatty() else None

    typed = input_lines(stdin)

    def read() -> Iterator[tuple[int, str]]:
        for number in itertools.count(1):
            if editor is not None:
                line = editor.read()
            else:
                io.out.write(PROMPT)
                io.out.flush()
                line = next(typed, None)
            if line is None:
                io.line()  # Ctrl-D: the shell's prompt goes on a line of its own
                return
            yield number, line

    try:
        yield read()
    finally:
        if editor is not None:
            editor.close()


def say(config: Config, args: argparse.Namespace, io: Out, stdin: TextIO) -> int:
    longest = config.match.max_question_chars * SAY_LENGTH_FACTOR
    text = args.text if args.text is not None else ("" if stdin.isatty() else read_text(stdin, longest))
    if not text.strip():
        raise UsageError("nothing to say: give TEXT or pipe text in")
    refuse_binary(text, "the text")
    if len(text) > longest:
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
    if args.force and args.out is None:
        raise UsageError("--force only applies with --out FILE.wav")
    if args.out is not None:
        if args.out.is_dir():
            raise UsageError(f"--out {args.out} is a folder; give a file name ending in .wav")
        with _force_hint():  # before the synthesis: a file that must not be replaced fails at once
            check_wav_target(args.out, replace=args.force)
    io.line(" ".join(text.split()))
    if args.out is not None:
        with Pyttsx3Synthesizer(timeout_s=v.synthesis_timeout_s) as synth:
            audio = synth.render(" ".join(text.split()), settings)
        with _force_hint():
            audio.write_wav(args.out, replace=args.force)
        io.note(f"wrote {args.out} ({audio.duration:.1f} s, {audio.rate} Hz, 16-bit mono)")
        return 0
    speaker = open_speaker(v)
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


@contextlib.contextmanager
def _force_hint() -> Iterator[None]:
    """Names the option that replaces an existing WAV file."""
    try:
        yield
    except OutputExists as exc:
        raise AudioError(f"{exc}; --force replaces it") from None


def voices(args: argparse.Namespace, io: Out) -> int:
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
