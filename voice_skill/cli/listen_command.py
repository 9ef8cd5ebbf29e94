"""``voice-skill listen`` (microphone, files or standard input) and ``voice-skill devices``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from ..audio import AudioError, device_choice
from ..config import Config
from ..dialogue import Action
from ..engines import EngineChoice, choose_engine, open_recognizer, open_spotter
from ..keys import KeyReader
from ..listen import Listener, Microphone, Woke, input_chunks, input_devices
from ..skill import Skill
from ..wake import Attention, Trigger
from .output import Mouth, Out, emit_heard


def chosen_engine(config: Config, args: argparse.Namespace, tell: Callable[[str], None]) -> EngineChoice:
    """The speech engine ``--engine``/``--model`` (or the config) ask for; ``tell`` hears the note
    when it is not the one asked for (no Vosk model: PocketSphinx, with the hint to get one)."""
    choice = choose_engine(args.engine or config.listen.engine, config, args.model)
    if choice.note:
        tell(choice.note)
    return choice


def live_trigger(config: Config, args: argparse.Namespace) -> Trigger:
    """What makes live listening act: the wake phrase (default), a key, or every utterance."""
    if args.input:
        return Trigger.ALWAYS
    if args.push_to_talk:
        return Trigger.PUSH
    if args.no_wake:
        return Trigger.ALWAYS
    return Trigger(config.wake.trigger)


def listen(skill: Skill, config: Config, args: argparse.Namespace, io: Out, mouth: Mouth) -> int:
    choice = chosen_engine(config, args, io.note)
    trigger = live_trigger(config, args)
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
            return listen_live(listener, config, args, io, mouth)
        for name in args.input:
            try:
                chunks, source = input_chunks(name, sys.stdin)
                for heard in listener.run(chunks, source):
                    emit_heard(io, heard, args.json)
                    mouth.say(heard.response)
                    mouth.wait()
            except AudioError as exc:
                io.error(str(exc))
                failed += 1
    finally:
        recognizer.close()
    return AudioError.exit_code if failed else 0


def listen_live(listener: Listener, config: Config, args: argparse.Namespace, io: Out, mouth: Mouth) -> int:
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
            emit_heard(io, heard, args.json)
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


def devices(args: argparse.Namespace, io: Out) -> int:
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
