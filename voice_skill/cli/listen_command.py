"""``voice-skill listen`` (microphone, files or standard input) and ``voice-skill devices``."""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial

from ..asr import Recognizer, open_recognizer, pronunciations_file
from ..audio import AudioError
from ..config import Config
from ..devices import KeyReader, Microphone, audio_devices, device_choice, input_chunks
from ..dialogue import Action
from ..duplex import open_duplex
from ..pipeline import Listener, Woke
from ..skill import Skill
from ..wake import Attention, Interrupted, Trigger, open_spotter
from .common import chosen_engine, tell_engine_notes
from .output import Mouth, Out, emit_heard


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
    tell_engine_notes(recognizer, io.note)
    try:
        if not args.input:
            return listen_live(skill, recognizer, trigger, config, args, io, mouth)
        listener = skill.listener(recognizer)
        failed = 0
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


def listen_live(
    skill: Skill,
    recognizer: Recognizer,
    trigger: Trigger,
    config: Config,
    args: argparse.Namespace,
    io: Out,
    mouth: Mouth,
) -> int:
    device = args.device or config.listen.input_device
    mic = Microphone(device_choice(device), on_problem=io.note)
    attention = Attention(trigger, config.wake.follow_up_s, config.wake.press_window_s)
    spotter = open_spotter(recognizer, skill.intents, config.wake) if trigger is Trigger.WAKE else None
    if spotter is not None:
        tell_engine_notes(spotter, io.note)

    def on_event(event: object) -> None:
        if isinstance(event, Woke):
            mouth.cue("listening")

    listener: Listener = skill.listener(recognizer, attention=attention, spotter=spotter, on_event=on_event)
    keys = None
    if trigger is Trigger.PUSH:

        def pressed() -> None:
            attention.press()
            mouth.cue("listening")

        keys = KeyReader(sys.stdin.buffer, config.wake.key, pressed)
        io.note(f"press {config.wake.key} to ask a question; Ctrl-C stops")
    elif trigger is Trigger.WAKE:
        io.note(f"say '{config.wake.phrase}' to ask a question; Ctrl-C stops")
    else:
        io.note("listening; press Ctrl-C to stop")
    duplex = open_duplex(
        config.wake.barge_in, config.wake.phrase, pronunciations_file(skill.intents), mouth.speaker(), io.note
    )
    mouth.cue("listening")
    mouth.wait()
    chunks = mic.chunks()
    try:
        for heard in listener.run(chunks, f"microphone {device or '(default)'}"):
            emit_heard(io, heard, args.json)
            if duplex is None:
                mouth.say(heard.response)
            else:
                mic.discard_pending()  # heard while answering was worked out: the answer starts now
                hit = duplex.speak(partial(mouth.say, heard.response), chunks, lambda: mic.chunk_ended_at)
                if hit is not None:
                    emit_interrupted(io, hit, args.json)
            mouth.wait()
            mic.discard_pending()  # what the microphone heard meanwhile was the answer (or its last echo)
            if heard.response.action is Action.END:
                mic.stop()
    finally:
        if duplex is not None:
            duplex.close()
        if keys is not None:
            keys.close()
        if spotter is not None:
            spotter.close()
        mouth.cue("done")
        mouth.wait()
    return 0


def emit_interrupted(io: Out, hit: Interrupted, as_json: bool) -> None:
    """The answer was stopped by voice: the user sees it."""
    if as_json:
        io.line(json.dumps({"event": "stopped", "word": hit.word, "at": round(hit.at, 2)}))
    else:
        io.line(f"stopped (heard '{hit.word}')")


def devices(args: argparse.Namespace, io: Out) -> int:
    found = audio_devices()
    if args.json:
        io.line(json.dumps([d.to_json() for d in found]))
        return 0
    if not found:
        io.note("no audio devices found (no microphone, no speaker: no sound card)")
        return 0
    width = max(len(d.kind.value) for d in found)
    io.line(f"INDEX  {'KIND':{width}}  CHANNELS  RATE   NAME")
    for d in found:
        io.line(f"{d.index:5}  {d.kind.value:{width}}  {d.channels:8}  {int(d.default_samplerate):5}  {d.name}")
    return 0
