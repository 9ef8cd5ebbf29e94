"""Wake phrase: detection, false wakes per hour and spotter cost, over the keyword-spotting threshold.

For each threshold exponent of a sweep (and the configured default), through the real
pipeline (:class:`~voice_skill.pipeline.Listener` with ``Attention(Trigger.WAKE)``, the
endpointer, and the PocketSphinx spotter from ``open_spotter``):

1. detection: the benchmark's held-out questions (benchmarks/speech_in.py) said as
   "hey helper, <question>" in one breath by three flite voices, and "hey helper" alone then
   the question after a pause by four flite voices and espeak-ng at three speeds; clean
   (digital silence around the speech) and in pink noise at 40 dB (a quiet room's floor),
   15 and 5 dB SNR. Each condition is one session (one spotter, after a little chit-chat):
   PocketSphinx adapts to what it has heard. A clip wakes when the listener reports ``Woke``
   or answers; the question counts as understood when the first answer has its intent;
2. false wakes: an hour (``--quick``: 10 minutes) of generated audio that never holds the
   phrase: the project's questions, chit-chat, near misses ("help me please", "he helped
   her"), several voices and speeds, pauses, over quiet, pink, white and babble backgrounds,
   and stretches of noise alone. Every ``Woke`` counts, scaled to one hour;
3. the spotter's real-time factor and the time its ``finish`` adds after the end of speech.

Each threshold runs without and with each second look (``--confirm none,whisper,score``): the spotter's
hits checked by Whisper tiny.en on the audio around them (:class:`~voice_skill.wake.ConfirmedSpotter`),
by its transcript (``whisper``) or by the phrase's own score (``score``, ``score:-1.0`` for another
``wake.confirm_log_prob``; ``fuse:-5:-3.0``: the score, and a spot the spotter heard at least 1e-5 strongly
wakes at -3.0 a word); the check's milliseconds per proposal are reported. ``+recover:-1.0`` after any of the
score's names (``fuse:10:-2.7+recover:-1.0``) adds recovery at -1.0 a word (``wake.recover``: when the spotter
proposes nothing but the utterance's own transcript opens with the phrase, the score check on its start decides);
``:sound`` after it lets a transcript that opens with words sounding like the phrase through (``wake.recover_gate:
sound``), ``:rejected`` tries recovery on spots the check turned away too (``wake.recover_rejected``); the
recoveries tried (score checks run) are reported per hour of talk.

The recogniser whose transcripts the listener acts on is PocketSphinx (``--engine pocketsphinx``, cheap; the
non-wake streams are then not decoded at all: nothing is answered there) or the product's default, Whisper
tiny.en biased with the wake phrase (``--engine whisper``: every utterance of the streams is decoded too, which
recovery needs). With real transcripts a wake followed by a question is answered rather than reported as
``Woke``; a wake is counted either way (the spotter's hits and recoveries).

Tuning and held-out halves: the second look's settings were chosen on the tuning half (one-breath
questions by kal16, slt and rms; the non-wake stream above). The held-out half is reported and never
tuned on: the same questions by awb, kal and espeak-ng's female voice, and a held-out non-wake stream
(``--held-out-minutes``) of other near misses, television-like talk and other voices.

Speech comes from flite and espeak-ng via scripts/make_spoken_set.py, synthesised once per
(text, voice, speed) and cached as .npy files in a temporary folder (``--cache``); each
threshold reuses the same audio. The recogniser's transcripts do not depend on the
threshold, so each utterance is decoded once and replayed; only the spotter runs per
threshold. ``--quick`` takes every eighth question, one speed and four thresholds.
Deterministic for a given ``--seed``. Prints figures; asserts nothing.

    python benchmarks/wake.py [--quick] [--out FILE.json] [--jobs 2] [--thresholds -40,-30,-20] [--engine whisper]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from benchmarks.speech_in import pct, questions
from tests.support.noise import BABBLE_SENTENCES, BABBLE_VOICES, Noise, active_power, babble, mix, pink, white
from tests.support.speech import SpeechCache, clean_speech, to_audio
from voice_skill import Config, Skill
from voice_skill.asr import Engine, Recognizer, Transcript, choose_engine, open_recognizer
from voice_skill.audio import SPEECH_RATE, SpeechEnded, SpeechStarted, chunked
from voice_skill.pipeline import Listener, Woke
from voice_skill.wake import (
    Attention,
    Confirm,
    ConfirmedSpotter,
    Trigger,
    WakeHit,
    WakeSettings,
    WakeSpotter,
    open_spotter,
)  # fmt: skip
from voice_skill.wake.engines import open_checker, recover_least, sounds_like, strong_spot
from voice_skill.wake.settings import RecoverGate

ROOT = Path(__file__).resolve().parent.parent

SWEEP = (-40.0, -35.0, -30.0, -25.0, -20.0, -15.0, -10.0)
QUICK_SWEEP = (-40.0, -30.0, -20.0, -10.0)
QUESTION_VOICES = ("kal16", "slt", "rms")
"""Voices saying "hey helper, <question>" in the tuning half (the second look's settings were chosen here)."""
HELD_OUT_VOICES = ("awb", "kal", "espeak-f")
"""Voices saying it in the held-out half: reported, never tuned on."""
PHRASE_VOICES = ("kal16", "slt", "rms", "awb", "espeak")
PHRASE_RATES = (0.9, 1.0, 1.15)
STREAM_VOICES = ("kal16", "slt", "rms", "awb", "espeak")
HELD_OUT_STREAM_VOICES = ("kal", "espeak-f", "espeak-gb")
STREAM_RATES = (0.9, 1.0, 1.15)
CONDITIONS = (Noise("clean"), Noise("pink", 40.0), Noise("pink", 15.0), Noise("pink", 5.0))
"""Clean is digital silence around the speech, which no microphone gives (and which drags
PocketSphinx's running cepstral mean); pink noise 40 dB down is a quiet room's floor."""
WARM_UP = 3
"""Chit-chat sentences heard, in each condition, before the detection clips (not counted)."""
FUSE = "fuse"
"""The ``--confirm`` name of the score check fused with the spotter's own score."""
RECOVER = "+recover"
"""The ``--confirm`` suffix that adds recovery (``+recover:-1.0``; ``+recover`` alone: the config's threshold)."""
SOUND = "sound"
"""A flag after ``+recover`` (``+recover:-1.0:sound``): the sound gate (``wake.recover_gate: sound``)."""
REJECTED = "rejected"
"""A flag after ``+recover`` (``+recover:-1.0:rejected``): recovery on spots the check turned away too."""
ENGINES = (Engine.POCKETSPHINX, Engine.WHISPER)
"""The recognisers ``--engine`` may name for the listener's transcripts."""
TRANSCRIBE_PARTS = 2
"""Sessions per condition in the recogniser pass (so that both workers have work)."""

NEAR_MISSES = (
    "help me please",
    "hey how are you",
    "health",
    "hello there",
    "he helped her",
    "hey",
    "helper",
    "hello",
    "help",
    "hey there",
    "hey hello",
    "hey Helen",
    "hey Heather",
    "hi Helen",
    "hey you",
    "he held her hand",
    "they help her a lot",
    "can you help me with this",
    "help yourself to some tea",
    "a helping hand",
    "the helpers are here",
    "healthy habits",
    "hey, hold on a second",
    "hey, have a look at this",
    "he is a big help",
    "hey, hurry up",
    "hey mister",
    "okay google",
    "hey Siri",
    "Alexa, what time is it",
    "hey, I need some help",
    "help, where is the bathroom",
)
CHIT_CHAT = (
    *BABBLE_SENTENCES,
    "Did you remember to feed the cat this morning?",
    "I think I left my keys in the car.",
    "Could you pass me the remote please?",
    "What do you want for dinner tonight?",
    "The kettle has boiled, do you want a cup of tea?",
    "Your mother called while you were out.",
    "We are running low on milk and bread.",
    "Can you turn the television down a little?",
    "The nurse will call your name in a few minutes.",
    "Please take a seat, the doctor is running late.",
    "Has anyone seen my phone charger?",
    "I will pick the kids up from school at three.",
    "That was a really good film last night.",
    "Let us go for a walk after lunch.",
    "The parking here costs six dollars an hour.",
    "Do you have an appointment today?",
    "Sign in at the front desk and fill in this form.",
    "My back has been sore since I moved the couch.",
    "I have a meeting at ten so I need to leave soon.",
    "The dog needs to go out before it gets dark.",
    "Are we still having dinner with your parents on Sunday?",
    "Turn left at the lights and the clinic is on the right.",
    "This waiting room is always so cold.",
    "I read that the new bridge opens next month.",
    "Could you help me carry these bags upstairs?",
    "Here are the headlines at the top of the hour.",
    "And now the weather for the rest of the week.",
    "Stay tuned, we will be right back after the break.",
    "Thank you so much, that is very kind of you.",
    "Hello, how can I help you today?",
    "Hi, I am here for my two o'clock appointment.",
    "The printer in the office is out of paper again.",
)


HELD_OUT_NEAR_MISSES = (
    "hey, help him out",
    "they helped him",
    "she helped her mother",
    "it is the helper's day off",
    "hey Harper",
    "hey Hector",
    "hey, help is on the way",
    "a hairy pepper",
    "they held up the bus",
    "he is a helpful man",
    "they'll help her",
    "heavy paper",
    "hey, hello, how are you",
    "say hello to her",
    "the helpline number",
    "a helpless feeling",
    "hey, help yourself",
    "he helps out",
    "hey Pepper, come here",
    "hey Hopper",
    "the hell of it",
    "he's held up at work",
)
"""Near misses of the held-out stream: never used to tune the second look."""
HELD_OUT_TALK = (
    "Tonight on the evening news, floods in the north.",
    "Coming up after the break, the weather for the weekend.",
    "Call now and get a second one free.",
    "The home team scored in the final minute.",
    "Scientists say the comet will be visible on Friday.",
    "The minister will speak to reporters later today.",
    "Thanks for watching, see you next week.",
    "Is the oven still on?",
    "I will be back in ten minutes.",
    "Where did you put the scissors?",
    "Let us watch something else.",
    "The bus was late again this morning.",
    "Can you hear that noise outside?",
    "We should water the plants tomorrow.",
    "Have you seen my shoes anywhere?",
)
"""Television-like and household talk of the held-out stream."""


def heldout_texts() -> list[str]:
    """Every held-out and out-of-scope test utterance (said without the wake phrase)."""
    data = ROOT / "tests" / "data"
    heldout = yaml.safe_load((data / "heldout.yaml").read_text(encoding="utf-8"))
    found = [text for section in heldout.values() for texts in section.values() for text in texts]
    return found + list(yaml.safe_load((data / "out_of_scope.yaml").read_text(encoding="utf-8")))


# -- the detection set --------------------------------------------------------------------------


@dataclass(frozen=True)
class Clip:
    kind: str
    """"one breath" ("hey helper, <question>"), "then question" (phrase, pause, question),
    or "warm-up" (chit-chat first heard in the condition, not counted)."""
    condition: str
    voice: str
    intent: str
    samples: np.ndarray


def detection_clips(
    items: Sequence[tuple[str, str]],
    phrase: str,
    conditions: Sequence[Noise],
    phrase_voices: Sequence[str],
    phrase_rates: Sequence[float],
    speech: SpeechCache,
    seed: int,
) -> list[Clip]:
    plan_one = [(intent, text, voice) for intent, text in items for voice in (*QUESTION_VOICES, *HELD_OUT_VOICES)]
    plan_two = [(voice, rate) for voice in phrase_voices for rate in phrase_rates]
    keys = [(f"{phrase}, {text}", voice, 1.0) for _, text, voice in plan_one]
    keys += [(phrase, voice, rate) for voice, rate in plan_two]
    keys += [(items[i % len(items)][1], voice, 1.0) for i, (voice, _) in enumerate(plan_two)]
    keys += [(s, v, 1.0) for s in BABBLE_SENTENCES for v in BABBLE_VOICES]
    warm = [(CHIT_CHAT[-1 - i], QUESTION_VOICES[i % len(QUESTION_VOICES)], 1.0) for i in range(WARM_UP)]
    speech.prefetch(keys + warm)
    clean: list[tuple[str, str, str, np.ndarray]] = [
        ("warm-up", "", "", np.concatenate([clean_speech(speech, *key) for key in warm]))
    ]
    for intent, text, voice in plan_one:
        clean.append(("one breath", voice, intent, clean_speech(speech, f"{phrase}, {text}", voice, 1.0)))
    for i, (voice, rate) in enumerate(plan_two):
        intent, text = items[i % len(items)]
        first = clean_speech(speech, phrase, voice, rate)
        then = clean_speech(speech, text, voice, 1.0)
        clean.append(("then question", voice, intent, np.concatenate([first, then])))
    clips = []  # a session per condition: the spotter adapts to what it hears (cepstral mean)
    for c, noise in enumerate(conditions):
        for n, (kind, voice, intent, samples) in enumerate(clean):
            rng = np.random.default_rng([seed, n, c])
            mixed = to_audio(mix(samples, noise, rng, speech)).samples
            clips.append(Clip(kind, noise.name, voice, intent, mixed))
    return clips


# -- the non-wake stream ------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    category: str
    text: str
    voice: str
    rate: float
    gain_db: float
    pause_s: float


@dataclass(frozen=True)
class Block:
    background: Noise
    level_db: float
    """Speech active level (dBFS); for noise alone, the noise's level."""
    said: tuple[Said, ...] = ()
    noise_s: float = 0.0
    bursts: int = 0


@dataclass(frozen=True)
class Piece:
    start: float
    end: float
    category: str
    text: str
    voice: str


STREAM_BACKGROUNDS = (
    Noise("clean"), Noise("clean"), Noise("white", 30.0), Noise("pink", 20.0), Noise("pink", 10.0),
    Noise("white", 15.0), Noise("babble", 15.0), Noise("babble", 5.0),
)  # fmt: skip
NOISE_ALONE = ("pink", "white", "babble")


def plan_stream(
    seconds: float, pools: dict[str, Sequence[str]], seed: int, voices: Sequence[str] = STREAM_VOICES
) -> list[Block]:
    """Blocks of talk over a background, and stretches of noise alone, about ``seconds`` long."""
    rng = np.random.default_rng([seed, 1])
    weights = {"near miss": 0.35, "question": 0.35, "chit-chat": 0.30}
    names = list(weights)
    blocks: list[Block] = []
    total = 0.0
    while total < seconds * 1.2:  # the lengths are rough: plan more, cut when rendered
        if rng.random() < 0.15:
            kind = NOISE_ALONE[int(rng.integers(len(NOISE_ALONE)))]
            length = float(rng.uniform(10, 40))
            level = float(rng.uniform(-50, -25))
            blocks.append(Block(Noise(kind, 0.0), level, noise_s=length, bursts=int(rng.integers(0, 5))))
            total += length
            continue
        background = STREAM_BACKGROUNDS[int(rng.integers(len(STREAM_BACKGROUNDS)))]
        said = []
        for _ in range(int(rng.integers(3, 9))):
            category = names[int(rng.choice(len(names), p=list(weights.values())))]
            pool = pools[category]
            said.append(
                Said(
                    category,
                    pool[int(rng.integers(len(pool)))],
                    voices[int(rng.integers(len(voices)))],
                    STREAM_RATES[int(rng.integers(len(STREAM_RATES)))],
                    float(rng.normal(0, 2)),
                    float(rng.uniform(0.3, 3.5)),
                )
            )
            total += 2.0 + said[-1].pause_s  # a rough length, corrected when rendered
        blocks.append(Block(background, float(rng.uniform(-32, -20)), tuple(said)))
    return blocks


def db_power(level_db: float) -> float:
    return 32768.0**2 * 10 ** (level_db / 10)


def render_stream(
    blocks: Sequence[Block], speech: SpeechCache, seed: int, seconds: float
) -> tuple[np.ndarray, list[Piece]]:
    """The blocks as one int16 stream, cut at ``seconds``, and what is said where."""
    speech.prefetch([(s.text, s.voice, s.rate) for b in blocks for s in b.said])
    parts: list[np.ndarray] = []
    pieces: list[Piece] = []
    at = 0
    for i, block in enumerate(blocks):
        rng = np.random.default_rng([seed, 2, i])
        if block.said:
            track: list[np.ndarray] = [np.zeros(round(float(rng.uniform(0.5, 2.0)) * SPEECH_RATE))]
            offset = len(track[0])
            for s in block.said:
                voice = speech.speak(s.text, s.voice, s.rate)
                voice = voice * np.sqrt(db_power(block.level_db + s.gain_db) / max(active_power(voice), 1e-9))
                start = at + offset
                pieces.append(
                    Piece(start / SPEECH_RATE, (start + len(voice)) / SPEECH_RATE, s.category, s.text, s.voice)
                )
                gap = np.zeros(round(s.pause_s * SPEECH_RATE))
                track += [voice, gap]
                offset += len(voice) + len(gap)
            samples = np.concatenate(track)
            # The background's SNR is relative to the block's talk; mix() measures that itself.
            samples = mix(samples, block.background, rng, speech)
        else:
            n = round(block.noise_s * SPEECH_RATE)
            kind = block.background.kind
            noise = white(rng, n) if kind == "white" else pink(rng, n) if kind == "pink" else babble(rng, n, speech)
            noise *= np.sqrt(db_power(block.level_db) / max(float(np.mean(noise**2)), 1e-12))
            for _ in range(block.bursts):  # a door, a tap, a rustle: sudden louder noise
                length = round(float(rng.uniform(0.3, 2.0)) * SPEECH_RATE)
                where = int(rng.integers(0, max(1, n - length)))
                burst = pink(rng, length) if rng.random() < 0.5 else white(rng, length)
                burst *= np.sqrt(db_power(block.level_db + float(rng.uniform(10, 25))) / float(np.mean(burst**2)))
                noise[where : where + length] += burst[: n - where]
            samples = noise
            pieces.append(
                Piece(at / SPEECH_RATE, (at + n) / SPEECH_RATE, "noise", f"{kind} {block.level_db:.0f} dBFS", "")
            )
        audio = to_audio(samples).samples
        parts.append(audio)
        at += len(audio)
    stream = np.concatenate(parts)[: round(seconds * SPEECH_RATE)]
    return stream, [p for p in pieces if p.start < seconds]


# -- the pipeline pieces ------------------------------------------------------------------------


class ReplayRecognizer(Recognizer):
    """Gives each utterance the transcript the real recogniser made of the same audio.

    Transcripts do not depend on the wake threshold, so each utterance is decoded once (by
    ``inner``, chunk by chunk as the listener feeds it) and replayed for every threshold.
    Without ``inner``, unknown audio gets an empty transcript (wakes are then ``Woke``).
    """

    name = "pocketsphinx"

    def __init__(self, cache: dict[str, Transcript], inner: Recognizer | None = None) -> None:
        self.cache = cache
        self.inner = inner
        self._digest = hashlib.blake2b(digest_size=16)
        self._chunks: list[np.ndarray] = []
        self.unknown = 0
        """Utterances not in the cache (given an empty transcript when there is no ``inner``)."""

    def start(self) -> None:
        self._digest = hashlib.blake2b(digest_size=16)
        self._chunks = []

    def feed(self, samples: np.ndarray) -> Transcript | None:
        self._digest.update(samples.astype("<i2").tobytes())
        if self.inner is not None:
            self._chunks.append(samples)
        return None

    def finish(self) -> Transcript:
        key = self._digest.hexdigest()
        if key not in self.cache:
            self.unknown += 1
            if self.inner is None:
                return Transcript("")
            self.inner.start()
            for chunk in self._chunks:
                self.inner.feed(chunk)
            self.cache[key] = self.inner.finish()
        return self.cache[key]


@dataclass
class TimedSpotter(WakeSpotter):
    """Times a spotter: busy time, audio fed, and the time ``finish`` takes per utterance."""

    inner: WakeSpotter
    busy_s: float = 0.0
    audio_s: float = 0.0
    finish_ms: list[float] = field(default_factory=list)
    per_utterance_ms: list[float] = field(default_factory=list)
    wakes: int = 0
    """Hits and recoveries: every wake, whether the listener then reports ``Woke`` or answers."""

    def __post_init__(self) -> None:
        self.phrase = self.inner.phrase

    def start(self) -> None:
        t = time.perf_counter()
        self.inner.start()
        self.per_utterance_ms.append(0.0)
        self._spent(t)

    def feed(self, samples: np.ndarray) -> None:
        t = time.perf_counter()
        self.inner.feed(samples)
        self.audio_s += len(samples) / SPEECH_RATE
        self._spent(t)

    def finish(self) -> WakeHit | None:
        t = time.perf_counter()
        hit = self.inner.finish()
        self.finish_ms.append((time.perf_counter() - t) * 1000)
        self._spent(t)
        self.wakes += hit is not None
        return hit

    def recover(self, transcript: Transcript) -> WakeHit | None:
        t = time.perf_counter()
        hit = self.inner.recover(transcript)
        self.finish_ms[-1] += (time.perf_counter() - t) * 1000
        self._spent(t)
        self.wakes += hit is not None
        return hit

    def _spent(self, since: float) -> None:
        spent = time.perf_counter() - since
        self.busy_s += spent
        if self.per_utterance_ms:
            self.per_utterance_ms[-1] += spent * 1000

    def close(self) -> None:
        self.inner.close()


# -- work, run in worker processes (forked: they share the audio built before) ---------------------


STATE: dict[str, Any] = {}


def listener(recognizer: Recognizer, spotter: WakeSpotter | None, events: list[object]) -> Listener:
    """A listener set up as ``voice-skill listen`` sets it up (the wake phrase, when ``spotter``)."""
    skill: Skill = STATE["skill"]
    config: Config = STATE["config"]
    attention = Attention(Trigger.WAKE, config.wake.follow_up_s, config.wake.press_window_s) if spotter else None
    return Listener(
        recognizer, skill.conversation(), skill.intents.normalizer, settings=config.listen.endpoint,
        on_event=events.append, attention=attention, spotter=spotter, denoise=config.listen.denoise,
    )  # fmt: skip


def transcribe(condition: str, part: int) -> dict[str, Transcript]:
    """Decode every utterance of a part of one condition's clips once, in order, after the
    warm-up (the replay cache). Parts let both workers decode; each is a session of its own."""
    real = open_real()
    cache: dict[str, Transcript] = {}
    replay = ReplayRecognizer(cache, real)
    session = [c for c in STATE["clips"] if c.condition == condition]
    rest = session[1:]
    share = rest[part * len(rest) // TRANSCRIBE_PARTS : (part + 1) * len(rest) // TRANSCRIBE_PARTS]
    for clip in [session[0], *share]:
        for _ in listener(replay, None, []).run(chunked(clip.samples), clip.voice):
            pass
    real.close()
    return cache


def open_real() -> Recognizer:
    """The recogniser of ``--engine``, biased with the wake phrase as ``voice-skill listen`` opens it."""
    skill: Skill = STATE["skill"]
    config: Config = STATE["config"]
    choice = choose_engine(STATE["engine"], config.listen)
    return open_recognizer(choice, skill.intents, config.listen, extra_phrases=(config.wake.phrase,))


class PartReplay(ReplayRecognizer):
    """Decodes only every ``parts``-th utterance (from ``part``): a share of one stream's utterances, so that
    workers can decode a stream together, each hearing it whole (the endpointer and noise reducer as in the
    spotting runs)."""

    def __init__(self, cache: dict[str, Transcript], inner: Recognizer, part: int, parts: int) -> None:
        super().__init__(cache, inner)
        self.part, self.parts, self.count = part, parts, 0

    def finish(self) -> Transcript:
        mine = self.count % self.parts == self.part
        self.count += 1
        return super().finish() if mine else Transcript("")


def transcribe_stream(stream: str, part: int) -> dict[str, Transcript]:
    """Decode a share of one non-wake stream's utterances (the replay cache of ``--engine whisper``)."""
    real = open_real()
    cache: dict[str, Transcript] = {}
    replay = PartReplay(cache, real, part, TRANSCRIBE_PARTS)
    heard_by = listener(replay, None, [])
    for chunk in chunked(STATE["streams"][stream]):
        heard_by.feed(chunk, "stream")
    heard_by.flush("stream")
    real.close()
    return cache


def second_look(spec: str, wake: WakeSettings) -> WakeSettings:
    """The wake settings of a ``--confirm`` entry: ``none``, ``whisper``, ``score``, ``score:<log-prob>``, or
    ``fuse:<spotter exponent>:<floor>`` (the score check, and a spot the spotter heard at least that strongly
    wakes at the floor: ``wake.confirm_spotter_exponent``, ``wake.confirm_strong_log_prob``), each optionally
    followed by ``+recover`` or ``+recover:<log-prob>`` (``wake.recover``, ``wake.recover_log_prob``); without it,
    recovery is off."""
    spec, plus, recovery = spec.partition(RECOVER)
    if plus and recovery and not recovery.startswith(":"):
        raise ValueError(f"--confirm {spec}{plus}{recovery}: write {RECOVER} or {RECOVER}:<log-prob>")
    found = _second_look(spec, wake)
    if found.confirm is not Confirm.SCORE and plus:
        raise ValueError(f"--confirm {spec}{plus}{recovery}: recovery needs the score check")
    found = replace(found, recover=bool(plus), recover_gate=RecoverGate.SPELLING, recover_rejected=False)
    for part in recovery[1:].split(":") if recovery else ():
        if part == SOUND:
            found = replace(found, recover_gate=RecoverGate.SOUND)
        elif part == REJECTED:
            found = replace(found, recover_rejected=True)
        else:
            found = replace(found, recover_log_prob=float(part))
    return found


def _second_look(spec: str, wake: WakeSettings) -> WakeSettings:
    name, _, rest = spec.partition(":")
    if name == FUSE:
        strong, _, floor = rest.partition(":")
        found = replace(wake, confirm=Confirm.SCORE, confirm_spotter_exponent=float(strong))
        return replace(found, confirm_strong_log_prob=float(floor)) if floor else found
    found = replace(wake, confirm=Confirm(name))
    found = replace(found, confirm_log_prob=float(rest)) if rest else found
    return replace(found, confirm_strong_log_prob=found.confirm_log_prob)  # the score alone decides


def label(exponent: float, spec: str, default_log_prob: float) -> str:
    wake = second_look(spec, WakeSettings())
    mark = {Confirm.NONE: "", Confirm.WHISPER: "+w", Confirm.SCORE: "+s"}[wake.confirm]
    if wake.confirm is Confirm.SCORE and wake.confirm_log_prob != default_log_prob:
        mark += f"{wake.confirm_log_prob:g}"
    if strong_spot(wake) is not None:
        mark += f"f{wake.confirm_spotter_exponent:g}/{wake.confirm_strong_log_prob:g}"
    if (least := recover_least(wake)) is not None:
        mark += f"r{least:g}" + ("s" if wake.recover_gate is RecoverGate.SOUND else "")
        mark += "j" if wake.recover_rejected else ""
    return f"{exponent:g}{mark}"


def spotter_for(exponent: float, confirm: str) -> TimedSpotter:
    """The spotter as ``open_spotter`` makes it, at ``exponent``; with a second look (``confirm``), each of
    its hits checked by Whisper on the audio around it (a checker opened once per worker and setting)."""
    skill: Skill = STATE["skill"]
    config: Config = STATE["config"]
    wake = replace(config.wake, threshold_exponent=exponent, confirm=Confirm.NONE)
    spotter = open_spotter(ReplayRecognizer({}), skill.intents, wake)
    look = second_look(confirm, wake)
    if look.confirm is not Confirm.NONE:
        checkers = STATE.setdefault("checkers", {})
        key = (look.confirm, look.confirm_log_prob)  # a fused look shares the score check's Whisper
        if key not in checkers:
            checkers[key] = open_checker(look)
        sounds = None
        if look.recover_gate is RecoverGate.SOUND:
            if "sounds" not in STATE:  # the dictionary is read once per worker
                STATE["sounds"] = sounds_like(look, skill.intents)
            sounds = STATE["sounds"]
        spotter = ConfirmedSpotter(
            spotter, checkers[key], strong_spot(look), recover_least(look), sounds, look.recover_rejected
        )
    return TimedSpotter(spotter)


def checks(spotter: TimedSpotter) -> dict[str, Any]:
    inner = spotter.inner
    if isinstance(inner, ConfirmedSpotter):
        return {
            "proposed": inner.proposed, "confirmed": inner.confirmed, "check_ms": inner.check_ms,
            "recoveries": inner.recoveries, "recovered": inner.recovered, "recover_ms": inner.recover_ms,
            "recover_scores": inner.recover_scores,
        }  # fmt: skip
    return {}


def release(spotter: TimedSpotter) -> None:
    """Close the spotter, but keep the worker's Whisper checker for its next task."""
    inner = spotter.inner
    (inner.inner if isinstance(inner, ConfirmedSpotter) else inner).close()


def timing(spotter: TimedSpotter) -> dict[str, float | list[float]]:
    return {
        "audio_s": spotter.audio_s,
        "busy_s": spotter.busy_s,
        "utterances": len(spotter.finish_ms),
        "finish_ms": spotter.finish_ms,
        "per_utterance_ms": spotter.per_utterance_ms,
    }


def detect(exponent: float, condition: str, confirm: str) -> dict[str, Any]:
    """One condition's clips in order, one spotter: a session in one room."""
    spotter = spotter_for(exponent, confirm)
    replay = ReplayRecognizer(STATE["transcripts"])
    rows = []
    for clip in (c for c in STATE["clips"] if c.condition == condition):
        events: list[object] = []
        heard = list(listener(replay, spotter, events).run(chunked(clip.samples), clip.voice))
        if clip.kind == "warm-up":
            continue
        woke = bool(heard) or any(isinstance(e, Woke) for e in events)
        right = bool(heard) and heard[0].response.intent == clip.intent
        rows.append((clip.kind, clip.condition, clip.voice, woke, right, heard[0].transcript.text if heard else None))
    release(spotter)
    return {
        "task": "detect", "exponent": exponent, "confirm": confirm, "condition": condition, "rows": rows,
        "timing": timing(spotter), "unknown": replay.unknown, "checks": checks(spotter),
    }  # fmt: skip


def false_wakes(exponent: float, confirm: str, stream: str) -> dict[str, Any]:
    """Every wake on one of the non-wake streams ("tuning" or "held-out")."""
    spotter = spotter_for(exponent, confirm)
    events: list[object] = []
    started = 0.0
    wakes = []
    seen = 0
    replay = ReplayRecognizer(STATE.get("stream_transcripts", {}))
    for event in events_of(listener(replay, spotter, events), STATE["streams"][stream], events):
        if isinstance(event, SpeechStarted):
            started = event.start
        elif isinstance(event, SpeechEnded) and spotter.wakes > seen:
            seen = spotter.wakes
            wakes.append((started, event.end))
    release(spotter)
    return {
        "task": "stream", "stream": stream, "exponent": exponent, "confirm": confirm, "wakes": wakes,
        "timing": timing(spotter), "unknown": replay.unknown if "stream_transcripts" in STATE else 0,
        "checks": checks(spotter),
    }  # fmt: skip


def events_of(heard_by: Listener, samples: np.ndarray, events: list[object]) -> Iterable[object]:
    """The listener's events while it hears ``samples`` (nothing is answered: no transcripts)."""
    for chunk in chunked(samples):
        heard_by.feed(chunk, "stream")
        yield from events
        events.clear()
    heard_by.flush("stream")
    yield from events


def work(task: tuple[str, float, str, str]) -> dict[str, Any]:
    name, exponent, condition, confirm = task
    if name == "transcribe":
        return {"task": name, "cache": transcribe(condition, int(exponent))}
    if name == "transcribe-stream":
        return {"task": name, "cache": transcribe_stream(condition, int(exponent))}
    return detect(exponent, condition, confirm) if name == "detect" else false_wakes(exponent, confirm, condition)


def run_tasks(tasks: list[tuple[str, float, str, str]], jobs: int) -> list[dict[str, Any]]:
    if jobs <= 1:
        return [work(t) for t in tasks]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return list(pool.imap_unordered(work, tasks, chunksize=1))


# -- report -------------------------------------------------------------------------------------


def rate(rows: Sequence[tuple], kind: str, condition: str, column: int, voices: Sequence[str] = ()) -> float:
    chosen = [r for r in rows if r[0] == kind and r[1] == condition and (not voices or r[2] in voices)]
    return sum(bool(r[column]) for r in chosen) / len(chosen) if chosen else float("nan")


def who_woke(wakes: Sequence[tuple[float, float]], pieces: Sequence[Piece]) -> list[dict[str, Any]]:
    """What was being said (or the noise) during each false wake."""
    starts = [p.start for p in pieces]
    found = []
    for start, end in wakes:
        lo = max(0, int(np.searchsorted(starts, start - 30)))
        near = [p for p in pieces[lo:] if p.start < end and p.end > start]
        best = max(near, key=lambda p: min(p.end, end) - max(p.start, start), default=None)
        found.append(
            {"start": round(start, 2), "end": round(end, 2), "category": best.category if best else "silence",
             "text": best.text if best else "", "voice": best.voice if best else ""}
        )  # fmt: skip
    return found


def summarise(
    e: float,
    c: str,
    mine: Sequence[dict[str, Any]],
    names: Sequence[str],
    streams: dict[str, tuple[float, list]],
    config: Config,
) -> dict[str, Any]:
    """One setting's figures: wake rates per condition and voice half, false wakes per stream, costs."""
    rows = [row for r in mine if r["task"] == "detect" for row in r["rows"]]
    timings = [r["timing"] for r in mine]
    audio_s = sum(x["audio_s"] for x in timings)
    finish_ms = [v for x in timings for v in x["finish_ms"]]
    per_utterance = [v for x in timings for v in x["per_utterance_ms"]]
    check_ms = [v for r in mine for v in r["checks"].get("check_ms", [])]
    voices = (*QUESTION_VOICES, *HELD_OUT_VOICES)
    found: dict[str, Any] = {
        "exponent": e, "confirm": c, "label": label(e, c, config.wake.confirm_log_prob),
        "default": e == config.wake.threshold_exponent and second_look(c, config.wake) == config.wake,
        "proposed": sum(r["checks"].get("proposed", 0) for r in mine),
        "confirmed": sum(r["checks"].get("confirmed", 0) for r in mine),
        "check_ms_p50": pct(check_ms, 0.5), "check_ms_p95": pct(check_ms, 0.95),
        "woke_one_breath": {n: rate(rows, "one breath", n, 3, QUESTION_VOICES) for n in names},
        "intent_one_breath": {n: rate(rows, "one breath", n, 4, QUESTION_VOICES) for n in names},
        "woke_one_breath_held_out": {n: rate(rows, "one breath", n, 3, HELD_OUT_VOICES) for n in names},
        "woke_phrase_alone": {n: rate(rows, "then question", n, 3) for n in names},
        "intent_phrase_alone": {n: rate(rows, "then question", n, 4) for n in names},
        "spotter_rtf": sum(x["busy_s"] for x in timings) / audio_s if audio_s else float("nan"),
        "spotter_audio_s": audio_s,
        "finish_ms_p50": pct(finish_ms, 0.5), "finish_ms_p95": pct(finish_ms, 0.95),
        "utterance_ms_p50": pct(per_utterance, 0.5), "utterance_ms_p95": pct(per_utterance, 0.95),
        "woke_by_voice": {v: {n: rate(rows, "one breath", n, 3, (v,)) for n in names} for v in voices},
    }  # fmt: skip
    for name, (seconds, pieces) in streams.items():
        wakes = next(r["wakes"] for r in mine if r["task"] == "stream" and r["stream"] == name)
        sources = who_woke(wakes, pieces)
        key = "" if name == "tuning" else "_held_out"
        found[f"false_wakes{key}"] = len(wakes)
        found[f"false_wakes_per_hour{key}"] = len(wakes) * 3600 / seconds
        found[f"false_wake_sources{key}"] = sources
        found[f"false_wakes_by_category{key}"] = dict(Counter(w["category"] for w in sources))
        ran = next(r["checks"] for r in mine if r["task"] == "stream" and r["stream"] == name)
        found[f"recoveries{key}"] = ran.get("recoveries", 0)
        found[f"recoveries_per_hour{key}"] = ran.get("recoveries", 0) * 3600 / seconds
        found[f"recovered{key}"] = ran.get("recovered", 0)
    detected = [r["checks"] for r in mine if r["task"] == "detect"]
    found["recoveries_detection"] = sum(x.get("recoveries", 0) for x in detected)
    found["recovered_detection"] = sum(x.get("recovered", 0) for x in detected)
    recover_ms = [v for r in mine for v in r["checks"].get("recover_ms", [])]
    found["recover_ms_p50"], found["recover_ms_p95"] = pct(recover_ms, 0.5), pct(recover_ms, 0.95)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick", action="store_true", help="a small run: fewer questions, 10 minutes of non-wake audio"
    )
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--thresholds", help="comma-separated exponents (default: -40,-35,...,-10 and the config's)")
    parser.add_argument("--minutes", type=float, help="tuning non-wake audio to generate (default: 60, --quick: 10)")
    parser.add_argument(
        "--held-out-minutes", type=float,
        help="held-out non-wake audio (other near misses, talk and voices; default: 20, --quick: 10)",
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes (default: 2)")
    parser.add_argument(
        "--confirm", default="none,whisper,score",
        help="comma-separated second looks to compare: none, whisper (the transcript holds the phrase), score "
        "(Whisper scores the phrase; score:-0.7 sets wake.confirm_log_prob), fuse:-5:-3.0 (the score check, and a "
        "spot the spotter heard at least 1e-5 wakes at -3.0 a word) (default: none,whisper,score)",
    )  # fmt: skip
    parser.add_argument(
        "--engine", choices=[e.value for e in ENGINES], default=Engine.POCKETSPHINX.value,
        help="the recogniser whose transcripts the listener acts on (whisper: the product's default, and the "
        "non-wake streams are decoded too, which +recover needs; default: %(default)s)",
    )  # fmt: skip
    parser.add_argument("--phrase", help="the wake phrase to measure (default: the config's)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "voice-skill-wake-bench",
        help="folder for synthesised speech (default: %(default)s); reused between runs",
    )  # fmt: skip
    parser.add_argument("--no-cache", action="store_true", help="synthesise everything afresh, in memory only")
    args = parser.parse_args()
    began = time.perf_counter()

    config = Config()
    if args.phrase:
        config = replace(config, wake=replace(config.wake, phrase=args.phrase))
    skill = Skill.load(config)
    phrase = config.wake.phrase
    default = float(config.wake.threshold_exponent)
    sweep = [float(x) for x in args.thresholds.split(",")] if args.thresholds else QUICK_SWEEP if args.quick else SWEEP
    exponents = sorted(set(sweep) | {default})
    confirms = [c.strip() for c in args.confirm.split(",") if c.strip()]
    for c in confirms:
        second_look(c, config.wake)  # an unknown name fails here, before any work
    engine = Engine(args.engine)
    if engine is Engine.POCKETSPHINX and any(recover_least(second_look(c, config.wake)) is not None for c in confirms):
        parser.error("+recover reads the transcripts of the non-wake streams: use --engine whisper")
    settings = [(e, c) for c in confirms for e in exponents]
    minutes = args.minutes if args.minutes is not None else 10.0 if args.quick else 60.0
    held_minutes = args.held_out_minutes if args.held_out_minutes is not None else 10.0 if args.quick else 20.0
    items = questions(skill)
    if args.quick:
        items = items[::8]
    conditions = CONDITIONS
    phrase_rates = (1.0,) if args.quick else PHRASE_RATES
    jobs = max(1, args.jobs)
    speech = SpeechCache(None if args.no_cache else args.cache, jobs)

    t = time.perf_counter()
    clips = detection_clips(items, phrase, conditions, PHRASE_VOICES, phrase_rates, speech, args.seed)
    asked = [text for _, text in questions(skill)] + heldout_texts()
    pools = {"near miss": NEAR_MISSES, "question": asked, "chit-chat": CHIT_CHAT}
    held_pools = {"near miss": HELD_OUT_NEAR_MISSES, "question": asked, "chit-chat": HELD_OUT_TALK}
    stream, pieces = render_stream(plan_stream(minutes * 60, pools, args.seed), speech, args.seed, minutes * 60)
    held_plan = plan_stream(held_minutes * 60, held_pools, args.seed + 1, HELD_OUT_STREAM_VOICES)
    held, held_pieces = render_stream(held_plan, speech, args.seed + 1, held_minutes * 60)
    build_s = time.perf_counter() - t
    said = Counter(p.category for p in pieces)
    held_said = Counter(p.category for p in held_pieces)
    streams = {"tuning": (len(stream) / SPEECH_RATE, pieces), "held-out": (len(held) / SPEECH_RATE, held_pieces)}
    stream_s = streams["tuning"][0]
    wake = config.wake
    fused = (
        f", or {wake.confirm_strong_log_prob:g} from 1e{wake.confirm_spotter_exponent:g}" if strong_spot(wake) else ""
    )
    print(
        f"wake phrase '{phrase}'; thresholds 1e{', 1e'.join(f'{e:g}' for e in exponents)}; default 1e{default:g}; "
        f"second look: {', '.join(confirms)} (default {config.wake.confirm.value}"
        f"{f', {config.wake.confirm_log_prob:g} per word' if config.wake.confirm is Confirm.SCORE else ''}"
        f"{fused})"
    )
    print(
        f"detection set: {len(items)} questions in one breath x {len(QUESTION_VOICES)} tuning voices "
        f"({', '.join(QUESTION_VOICES)}) and {len(HELD_OUT_VOICES)} held-out ones ({', '.join(HELD_OUT_VOICES)}), "
        f"and the phrase alone then a question x {len(PHRASE_VOICES)} voices x {len(phrase_rates)} speeds; "
        f"x {len(conditions)} conditions ({', '.join(n.name for n in conditions)}) = {len(clips)} clips, "
        f"{sum(len(c.samples) for c in clips) / SPEECH_RATE / 60:.1f} min"
    )
    for name, counts in (("tuning", said), ("held-out", held_said)):
        print(
            f"{name} non-wake stream: {streams[name][0] / 60:.1f} min; {counts['near miss']} near misses, "
            f"{counts['question']} questions, {counts['chit-chat']} talk sentences, {counts['noise']} stretches of "
            f"noise alone; voices {', '.join(STREAM_VOICES if name == 'tuning' else HELD_OUT_STREAM_VOICES)}"
        )
    print(f"audio built in {build_s:.1f} s ({speech.synthesised} sentences synthesised, the rest from {args.cache})")

    STATE.update(
        skill=skill, config=config, clips=clips, streams={"tuning": stream, "held-out": held}, jobs=jobs,
        engine=engine,
    )  # fmt: skip
    t = time.perf_counter()
    transcripts: dict[str, Transcript] = {}
    stream_transcripts: dict[str, Transcript] = {}
    passes = [("transcribe", float(i), n.name, "") for n in conditions for i in range(TRANSCRIBE_PARTS)]
    if engine is Engine.WHISPER:
        passes += [("transcribe-stream", float(i), name, "") for name in streams for i in range(TRANSCRIBE_PARTS)]
    for done in run_tasks(passes, jobs):
        (stream_transcripts if done["task"] == "transcribe-stream" else transcripts).update(done["cache"])
    STATE["transcripts"] = transcripts
    if engine is Engine.WHISPER:
        STATE["stream_transcripts"] = stream_transcripts
    transcribe_s = time.perf_counter() - t
    print(
        f"recogniser pass ({engine.value}; once, replayed for every threshold): {transcribe_s:.1f} s, "
        f"{len(transcripts)} utterances"
        + (f" and {len(stream_transcripts)} of the streams" if stream_transcripts else "")
    )

    t = time.perf_counter()
    tasks = [("stream", e, name, c) for e, c in settings for name in streams]
    tasks += [("detect", e, n.name, c) for e, c in settings for n in conditions]
    results = run_tasks(tasks, jobs)
    spot_s = time.perf_counter() - t

    names = [n.name for n in conditions]
    table = []
    for e, c in settings:
        mine = [r for r in results if r["exponent"] == e and r["confirm"] == c]
        unknown = sum(r.get("unknown", 0) for r in mine)
        if unknown:
            print(f"warning: {label(e, c, config.wake.confirm_log_prob)}: {unknown} utterances were not decoded in "
                  "the recogniser pass (no transcript)")  # fmt: skip
        table.append(summarise(e, c, mine, names, streams, config))
    report(table, names, streams)
    total_s = time.perf_counter() - began
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu_s = sum(u.ru_utime + u.ru_stime for u in usage)
    print(
        f"runtime {total_s:.0f} s (audio {build_s:.0f} s, recogniser {transcribe_s:.0f} s, spotting {spot_s:.0f} s; "
        f"{jobs} worker{'s' if jobs > 1 else ''}; CPU {cpu_s:.0f} s; load average {os.getloadavg()[0]:.1f})"
    )
    if args.out is not None:
        out = {
            "phrase": phrase, "default_exponent": default, "default_confirm": config.wake.confirm.value,
            "default_confirm_log_prob": config.wake.confirm_log_prob, "quick": args.quick, "seed": args.seed,
            "questions": len(items), "clips": len(clips), "conditions": names, "stream_minutes": stream_s / 60,
            "held_out_minutes": streams["held-out"][0] / 60, "stream_said": dict(said),
            "held_out_said": dict(held_said), "runtime_s": total_s, "jobs": jobs, "engine": engine.value,
            "results": table,
        }  # fmt: skip
        args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")


def report(table: Sequence[dict[str, Any]], names: Sequence[str], streams: dict[str, tuple[float, list]]) -> None:
    def cells(row: dict[str, Any], key: str) -> str:
        return " ".join(f"{100 * row[key][n]:5.1f}" for n in names)

    heads = ("woke, one breath", "held-out voices", "woke, phrase alone", "right intent")
    keys = ("woke_one_breath", "woke_one_breath_held_out", "woke_phrase_alone", "intent_one_breath")
    width = max(6 * len(names) - 1, *map(len, heads))
    conds = " ".join(f"{n:>5.5}" for n in names).rjust(width)
    print(f"\ndetection, % of clips per condition ({', '.join(names)}); * the configured default")
    print(f"one breath: tuning voices {', '.join(QUESTION_VOICES)}; held-out voices {', '.join(HELD_OUT_VOICES)}; "
          "right intent: the first answer's, one breath, tuning voices")  # fmt: skip
    column = max(10, *(len(row["label"]) + 1 for row in table))
    print(f"{'setting':>{column}} | " + " | ".join(f"{h:^{width}}" for h in heads))
    print(f"{'':>{column}} | " + " | ".join(conds for _ in heads))
    for row in table:
        print(
            f"{row['label']:>{column - 1}}{'*' if row['default'] else ' '} | "
            + " | ".join(cells(row, k).rjust(width) for k in keys)
        )
    minutes = " / ".join(f"{name} {seconds / 60:.1f} min" for name, (seconds, _) in streams.items())
    print(f"\nfalse wakes on the non-wake streams ({minutes}), and the cost")
    print(
        f"{'setting':>{column}} | {'tuning':>6} {'per h':>6} | {'near':>4} {'quest':>5} {'chat':>4} {'noise':>5} | "
        f"{'held-out':>8} {'per h':>6} | {'RTF':>6} | {'check p50/p95':>15} | {'checked':>7}"
    )
    for row in table:
        split = row["false_wakes_by_category"]
        checked = f"{row['confirmed']}/{row['proposed']}" if row["proposed"] else "-"
        cost = f"{row['check_ms_p50']:5.0f} / {row['check_ms_p95']:5.0f}" if row["proposed"] else "-"
        print(
            f"{row['label']:>{column - 1}}{'*' if row['default'] else ' '} | {row['false_wakes']:6d} "
            f"{row['false_wakes_per_hour']:6.1f} | "
            + " ".join(f"{split.get(c, 0):{w}d}" for c, w in (("near miss", 4), ("question", 5), ("chit-chat", 4),
                                                              ("noise", 5)))
            + f" | {row['false_wakes_held_out']:8d} {row['false_wakes_per_hour_held_out']:6.1f}"
            f" | {row['spotter_rtf']:6.3f} | {cost:>15} | {checked:>7}"
        )  # fmt: skip
    print(
        "RTF: spotter time (with the check) / audio fed to it (endpointed utterances only); check: ms per proposal\n"
        "the second look spent (after the end of speech); checked: confirmed / proposed, over all the sets.\n"
        "setting: threshold exponent; +w: Whisper's transcript must hold the phrase (wake.confirm: whisper);\n"
        "+s: Whisper scores the phrase (wake.confirm: score), a number after it is wake.confirm_log_prob;\n"
        "fE/F: a spot the spotter heard at least 1eE wakes at F a word (wake.confirm_spotter_exponent,\n"
        "wake.confirm_strong_log_prob)."
    )
    for row in table:
        for key, name in (("false_wake_sources", "tuning"), ("false_wake_sources_held_out", "held-out")):
            sources = Counter(f"{s['category']}: {s['text']} ({s['voice']})" for s in row[key])
            if sources:
                top = "; ".join(f"{text} x{n}" if n > 1 else text for text, n in sources.most_common(8))
                print(f"  woke at {row['label']} on the {name} stream: {top}")
    for row in table:
        if row["recoveries"] or row["recoveries_held_out"] or row["recoveries_detection"]:
            print(
                f"  {row['label']}: recoveries tried (score checks run) / woke: tuning stream {row['recoveries']} / "
                f"{row['recovered']} ({row['recoveries_per_hour']:.1f} tried per hour), held-out stream "
                f"{row['recoveries_held_out']} / {row['recovered_held_out']} ({row['recoveries_per_hour_held_out']:.1f}"
                f" per hour), detection set {row['recoveries_detection']} / {row['recovered_detection']}; "
                f"ms p50 / p95 {row['recover_ms_p50']:.0f} / {row['recover_ms_p95']:.0f}"
            )
    for row in table:
        print(f"  {row['label']}: woke %, one breath, by voice ({' / '.join(names)}): "
              + "; ".join(f"{v} " + " / ".join(f"{100 * x:.0f}" for x in r.values())
                          for v, r in row["woke_by_voice"].items()))  # fmt: skip
    quiet = "pink:40" if "pink:40" in names else names[0]
    noisy = "pink:15" if "pink:15" in names else names[-1]
    ok = [r for r in table if r["false_wakes_per_hour"] <= 1.0]
    if ok:
        best = max(ok, key=lambda r: (r["woke_one_breath"][quiet] + r["woke_one_breath"][noisy], r["exponent"]))
        woke = f"{100 * best['woke_one_breath'][quiet]:.1f}% / {100 * best['woke_one_breath'][noisy]:.1f}%"
        print(
            f"\nsuggested: {best['label']} (<= 1 false wake/h on the tuning stream, then the most wakes at {quiet} "
            f"and {noisy}: {woke})"
        )
    else:
        print("\nno setting gives <= 1 false wake/h on the tuning stream")


if __name__ == "__main__":
    main()
