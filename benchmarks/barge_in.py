"""Barge-in by simulation: "stop" said over the skill's own voice, heard through the echo canceller.

The skill's answers (every intent's answer text, said by espeak-ng as the skill says them) are played
into a synthetic room: a loudspeaker-to-microphone delay (10-60 ms), a direct path and an exponentially
decaying reverberant tail (RT60 0.2-0.5 s), scaled so that the echo reaches the microphone at a chosen
level (quiet -42, normal -32, loud -22 dBFS active level), over a -65 dBFS pink noise floor. A person says
"stop" or "wait" (flite kal16, slt, rms, awb) at a random moment of the answer, at a level relative to the
echo (+6, 0, -6 dB). Microphone and played audio go through :class:`~voice_skill.wake.BargeIn` in 20 ms
chunks, in step, one session (one echo canceller, one room) per condition, as a live skill would.

- detection: the first interruption at or after the start of the word counts; the time from the end of
  the word to the chunk that reported it is the stop latency (the loudspeaker's own buffer comes on top);
  an interruption before the word is a self-interruption;
- self-interruptions: answers with the echo alone; any interruption counts.

``--baseline`` also runs each condition without echo cancellation (the played reference withheld).

``--live`` goes through the live path instead (:mod:`voice_skill.duplex`, as ``voice-skill listen`` does): the
answer, said by pyttsx3 on espeak-ng (each sentence rendered once, at its own rate), is spoken by a real
:class:`~voice_skill.tts.Speaker` on a :class:`~voice_skill.tts.RecordingPlayer`, whose
:class:`~voice_skill.tts.PlaybackTap` gives the reference; the simulated microphone hears another tap on the same
player through the room, in 100 ms chunks as the live microphone delivers them, and :class:`~voice_skill.duplex.
Duplex` reads it while the answer plays and stops the speaker on a stop word. Playback is not paced in real
time: the taps share a clock the microphone advances, 100 ms a chunk. The stop latency is from the end of the
word to the end of the chunk that stopped the speaker (a real player then stops within one 20 ms block, which
tests/test_duplex.py measures in real time; the loudspeaker's own buffer comes on top).

``--realtime`` plays answers of echo alone in real time instead, in tests/test_duplex.py's scenario
(tests/support/duplex_room.py): one pyttsx3 answer (13 s) spoken on a paced :class:`~voice_skill.tts.RecordingPlayer`
(0.1 s output buffer), a simulated microphone delivering 100 ms every 100 ms through a fixed room at normal echo,
one session (one canceller, one spotter) whose first answer learns the room and is not counted. What the
simulation does not see is here: the player's and the microphone's timing, and the machine's load. It counts the
answers the skill's own voice cut (each cut's word, score, share and time), the answers that ended short without
one, and the hits the gates refused (by reason, with the nearest to each gate). ``--minutes`` bounds the wall time
(it stops after the answer under way; so does SIGTERM), since each answer takes its spoken length. It also prints
the shifts the echo canceller made to meet the echo; ``--jitter-ms`` delays each answer's echo by up to that much
more (a sound card that starts some answers later than others).

Deterministic for a given ``--seed`` (``--realtime``: the room, the noise and the answer are fixed; the timing is
not); prints figures, asserts nothing.

    python benchmarks/barge_in.py [--quick] [--live] [--answers 300] [--trials 40] [--jobs 2] [--out FILE.json]
    python benchmarks/barge_in.py --realtime [--answers 300] [--minutes 50] [--jitter-ms 3] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.speech_in import pct
from tests.support import duplex_room
from tests.support.noise import active_power, db_power, pink, scaled
from tests.support.speech import SpeechCache, clean_speech
from voice_skill import Config, Skill
from voice_skill.asr import pronunciations_file
from voice_skill.audio import CHUNK_S, SPEECH_RATE, Audio, for_speech
from voice_skill.duplex import Duplex
from voice_skill.tts import PlaybackTap, RecordingPlayer, Speaker, SpeechSettings, Synthesizer, VoiceInfo, sentences
from voice_skill.wake import BargeIn, Interrupted, Refused

ANSWER_VOICE = "espeak"
"""espeak-ng en-us: the voice the skill speaks with."""
STOP_VOICES = ("kal16", "slt", "rms", "awb")
ECHO_LEVELS = {"quiet": -42.0, "normal": -32.0, "loud": -22.0}
"""The echo's active level at the microphone (dBFS)."""
STOP_RELATIVE_DB = (6.0, 0.0, -6.0)
"""The stop word's level relative to the echo's."""
NOISE_FLOOR_DBFS = -65.0
DELAY_S = (0.010, 0.060)
RT60_S = (0.2, 0.5)
TAIL_S = 0.2
"""Length of the synthetic impulse response after its delay."""
DIRECT_SHARE = 0.6
"""Amplitude of the direct path relative to the reverberant tail's first sample."""
EDGE_S = 1.5
"""The word is said at least this long after the answer starts and before it ends."""
LATE_S = 1.0
"""An interruption this long after the word ends no longer counts as hearing it."""
DECAY_DB = 60.0


def room(rng: np.random.Generator) -> np.ndarray:
    """A synthetic impulse response: a delay, a direct path and a decaying tail."""
    delay = round(float(rng.uniform(*DELAY_S)) * SPEECH_RATE)
    rt60 = float(rng.uniform(*RT60_S))
    t = np.arange(round(TAIL_S * SPEECH_RATE)) / SPEECH_RATE
    tail = rng.standard_normal(len(t)) * 10 ** (-DECAY_DB / 20 * t / rt60)
    response = np.zeros(delay + len(t))
    response[delay:] = tail * (1 - DIRECT_SHARE)
    response[delay] += DIRECT_SHARE * 3
    return response


STATE: dict[str, Any] = {}


@dataclass
class Tally:
    """What one session (one condition, offline or live) counted, answer by answer."""

    hits: int = 0
    latency_ms: list[float] = field(default_factory=list)
    self_interruptions: int = 0
    early: int = 0
    heard_as: list[tuple[str, float, float]] = field(default_factory=list)  # each interruption: word, score, share dB
    by_word: dict[str, list[int]] = field(default_factory=dict)
    """Per word said: [heard, said]."""
    self_as: list[str] = field(default_factory=list)
    """The word each self-interruption was heard as."""
    self_hits: list[tuple[float, float]] = field(default_factory=list)  # each one's score exponent and share dB
    busy: float = 0.0
    """Seconds of processing."""
    audio_s: float = 0.0
    """Seconds of microphone audio processed."""
    refused: dict[str, int] = field(default_factory=dict)
    """The hits the gates refused, by word and why (:class:`~voice_skill.wake.Refused`): how many."""

    def said(self, word: str) -> None:
        """A stop word is said in this answer."""
        self.by_word.setdefault(word, [0, 0])[1] += 1

    def interrupted(self, hit: Interrupted, at_s: float, said: str, span: tuple[float, float] | None) -> None:
        """The answer was interrupted ``at_s`` seconds in by ``hit``; ``said`` was said over ``span`` (None: the
        echo alone)."""
        self.heard_as.append((hit.word, hit.score_exponent, hit.share_db))
        if span is None or at_s < span[0]:
            self.self_interruptions += 1
            self.early += span is not None
            self.self_as.append(hit.word)
            self.self_hits.append((hit.score_exponent, hit.share_db))
        elif at_s <= span[1] + LATE_S:
            self.hits += 1
            self.by_word[said][0] += 1
            self.latency_ms.append((at_s - span[1]) * 1000)

    def result(self, task: tuple[str, str, float, bool, int], barge: BargeIn) -> dict[str, Any]:
        """The session's figures, as printed and written to ``--out`` (with what ``barge`` refused)."""
        self.refused = {f"{word} {why}": n for (word, why), n in barge.refused_count.items()}
        named = dict(zip(("kind", "echo", "relative_db", "cancel", "trials"), task, strict=True))
        rtf = self.busy / self.audio_s if self.audio_s else float("nan")
        return {**named, **asdict(self), "rtf": rtf, "shifts": list(barge.echo.shifts)}


def session(task: tuple[str, str, float, bool, int]) -> dict[str, Any]:
    """One condition: a room, an echo level, a word level (or none), with or without cancellation."""
    kind, level_name, relative_db, cancel, count = task
    seed: int = STATE["seed"]
    rng = np.random.default_rng([seed, list(ECHO_LEVELS).index(level_name), int(relative_db * 10) + 1000, count])
    config: Config = STATE["config"]
    barge = BargeIn(config.wake.barge_in, config.wake.phrase, STATE["pronunciations"])
    response = room(rng)
    answers: list[np.ndarray] = STATE["answers"]
    words: list[tuple[str, np.ndarray]] = STATE["words"]
    chunk = round(CHUNK_S * SPEECH_RATE)
    tally = Tally()
    for n in range(count):
        said, word_span = "", None
        played = answers[(n * 7 + int(rng.integers(len(answers)))) % len(answers)]
        echo = scaled(np.convolve(played, response)[: len(played)], ECHO_LEVELS[level_name])
        mic = echo + scaled(pink(rng, len(played)), NOISE_FLOOR_DBFS)
        if kind == "detect":
            said, word = words[int(rng.integers(len(words)))]
            tally.said(said)
            at = int(rng.integers(round(EDGE_S * SPEECH_RATE), len(played) - round(EDGE_S * SPEECH_RATE) - len(word)))
            mic[at : at + len(word)] += scaled(word, ECHO_LEVELS[level_name] + relative_db)
            word_span = (at / SPEECH_RATE, (at + len(word)) / SPEECH_RATE)
        mic16 = np.clip(np.round(mic), -32768, 32767).astype(np.int16)
        ref16 = np.clip(np.round(played), -32768, 32767).astype(np.int16) if cancel else np.zeros_like(mic16)
        barge.start()
        began = time.perf_counter()
        found = None
        for i in range(0, len(mic16), chunk):
            found = barge.feed(mic16[i : i + chunk], ref16[i : i + chunk])
            if found is not None:
                break
        tally.busy += time.perf_counter() - began
        tally.audio_s += len(mic16) / SPEECH_RATE
        barge.stop()
        if found is not None:
            tally.interrupted(found, found.at, said, word_span)
    barge.close()
    return tally.result(task, barge)


class Clock:
    """The taps' clock, moved on by the simulated microphone."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class PreRendered(Synthesizer):
    """The skill's voice (pyttsx3 on espeak-ng), each sentence rendered once beforehand; rendering it again
    takes as long on the taps' clock as it took then (the pause before each sentence, as live)."""

    def __init__(self, rendered: dict[str, tuple[Audio, float]], clock: Clock) -> None:
        self.rendered = rendered
        self.clock = clock

    def render(self, text: str, settings: SpeechSettings) -> Audio:
        audio, took_s = self.rendered[text]
        self.clock.now += took_s
        return audio

    def voices(self) -> list[VoiceInfo]:
        return []


def room_microphone(
    tap: PlaybackTap,
    clock: Clock,
    response: np.ndarray,
    floor: np.ndarray,
    word: np.ndarray | None,
    at: int,
    consumed: list[int],
) -> Iterator[np.ndarray]:
    """What the microphone hears, 100 ms a chunk: the room's echo of what the player played, the noise floor,
    and ``word`` from sample ``at``; ``consumed`` holds how many samples it has delivered."""
    chunk = round(CHUNK_S * SPEECH_RATE)
    tail = np.zeros(len(response) - 1)
    position = 0
    while True:
        clock.now += CHUNK_S
        echo = np.convolve(tap.take(chunk).astype(np.float64), response)
        echo[: len(tail)] += tail
        mic, tail = echo[:chunk], echo[chunk:]
        mic += floor[position % len(floor) : position % len(floor) + chunk] if len(floor) >= chunk else 0
        if word is not None:
            lo, hi = max(position, at), min(position + chunk, at + len(word))
            if lo < hi:
                mic[lo - position : hi - position] += word[lo - at : hi - at]
        position += chunk
        consumed[0] = position
        yield np.clip(np.round(mic), -32768, 32767).astype(np.int16)


def live_session(task: tuple[str, str, float, bool, int]) -> dict[str, Any]:
    """One condition through the live path (tap, speaker, duplex loop): one room, one speaker, one BargeIn."""
    kind, level_name, relative_db, _, count = task
    seed: int = STATE["seed"]
    rng = np.random.default_rng([seed, list(ECHO_LEVELS).index(level_name), int(relative_db * 10) + 1000, count])
    config: Config = STATE["config"]
    clock = Clock()
    player = RecordingPlayer(realtime=False)
    speaker = Speaker(PreRendered(STATE["rendered"], clock), player, earcons=False)
    barge = BargeIn(config.wake.barge_in, config.wake.phrase, STATE["pronunciations"])
    duplex = Duplex(speaker, barge, PlaybackTap(clock, keep_s=600.0))
    heard_tap = PlaybackTap(clock, keep_s=600.0)
    player.attach(heard_tap)
    response = room(rng)
    texts: list[str] = STATE["texts"]
    whole: dict[str, np.ndarray] = STATE["whole"]
    words: list[tuple[str, np.ndarray]] = STATE["words"]
    tally = Tally()
    for n in range(count):
        said = ""
        text = texts[(n * 7 + int(rng.integers(len(texts)))) % len(texts)]
        played = whole[text]
        gain = np.sqrt(db_power(ECHO_LEVELS[level_name]) / max(active_power(np.convolve(played, response)), 1e-9))
        floor = scaled(pink(rng, len(played) + SPEECH_RATE), NOISE_FLOOR_DBFS)
        word, at, word_span = None, 0, None
        if kind == "detect":
            said, spoken = words[int(rng.integers(len(words)))]
            tally.said(said)
            at = int(rng.integers(round(EDGE_S * SPEECH_RATE), len(played) - round(EDGE_S * SPEECH_RATE) - len(spoken)))
            word = scaled(spoken, ECHO_LEVELS[level_name] + relative_db)
            word_span = (at / SPEECH_RATE, (at + len(spoken)) / SPEECH_RATE)
        heard_tap.clear()
        consumed = [0]
        chunks = room_microphone(heard_tap, clock, response * gain, floor, word, at, consumed)

        def say(text: str = text) -> None:
            # The microphone's first chunk starts now, for both taps (live, it is being recorded meanwhile).
            duplex.tap.take(0)
            heard_tap.take(0)
            speaker.say(text, SpeechSettings())
            speaker.wait()  # not in real time: the whole answer is played (into the taps) at once

        began = time.perf_counter()
        found = duplex.speak(say, chunks)
        tally.busy += time.perf_counter() - began
        tally.audio_s += consumed[0] / SPEECH_RATE
        if found is not None:
            tally.interrupted(found, consumed[0] / SPEECH_RATE, said, word_span)
    duplex.close()
    speaker.close()
    return tally.result((kind, level_name, relative_db, True, count), barge)


def refused(r: dict[str, Any]) -> str:
    """The hits the gates refused in a session, counted by word and reason; and the echo canceller's shifts."""
    listed = ", ".join(f"{k} {n}" for k, n in sorted(r["refused"].items()))
    shifts = f"; played audio shifted {len(r['shifts'])} times" if r["shifts"] else ""
    return (f"; refused: {listed}" if listed else "") + shifts


PROGRESS_EVERY = 25
"""``--realtime`` prints a progress line every this many answers (a run takes an hour for 300)."""
LATE_LOOP_S = 0.1
"""A listening loop further behind real time than this is more than the player's output buffer behind."""
GATES = ("share", "unsure share")
"""The refusal reasons that are a gate on the share: the nearest refused hit to each is printed."""


@dataclass
class RealtimeTally(Tally):
    """One real-time session of answers of echo alone (:attr:`self_interruptions`: the answers cut)."""

    answers: int = 0
    cut_at: list[float] = field(default_factory=list)
    """Seconds into its answer at which each cut came."""
    cut_answers: list[int] = field(default_factory=list)
    """Which answers (from 0) were cut."""
    short: int = 0
    """Answers that ended before their end with no hit (the player or the loop lost audio)."""
    nearest: dict[str, tuple[str, float, float]] = field(default_factory=dict)
    """Per share gate, the refused hit nearest to it: word, score exponent, share dB."""
    learning: str = ""
    """What the learning answer (not counted) did."""
    wall_s: float = 0.0
    load: list[float] = field(default_factory=list)
    """The 1-minute load average after each answer."""
    late_s: list[float] = field(default_factory=list)
    """Per answer, the most a microphone chunk came after it was due (the listening loop behind real time)."""
    jitter_ms: float = 0.0
    """Each answer's echo delayed by up to this much more (tests/support/duplex_room.py's ``jitter_s``)."""
    shifts: list[int] = field(default_factory=list)
    """Each shift the echo canceller made to the played audio to meet the echo (samples), learning answer included."""

    def weigh(self, refused: list[Refused]) -> None:
        """Note the hits refused in an answer."""
        for r in refused:
            key = f"{r.hit.word} {r.reason}"
            self.refused[key] = self.refused.get(key, 0) + 1
            best = self.nearest.get(r.reason)
            if r.reason in GATES and (best is None or r.hit.share_db > best[2]):
                self.nearest[r.reason] = (r.hit.word, r.hit.score_exponent, r.hit.share_db)


def cut(hit: Interrupted) -> str:
    return f'"{hit.word}" {hit.at:.1f} s in (score 1e{hit.score_exponent:.1f}, share {hit.share_db:.1f} dB)'


def realtime_session(
    config: Config, pronunciations: Path, answers: int, minutes: float | None, jitter_ms: float = 0.0
) -> RealtimeTally:
    """``answers`` answers of echo alone in real time, in one session (after its learning answer), or as many as
    ``minutes`` of wall time allow; each answer's echo delayed by up to ``jitter_ms`` more."""
    from voice_skill.tts.pyttsx3_engine import Pyttsx3Synthesizer

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    began = time.monotonic()
    tally = RealtimeTally(jitter_ms=jitter_ms)
    room = duplex_room.open_room(Pyttsx3Synthesizer(), config, pronunciations, jitter_ms / 1000)
    barge = room.duplex.barge
    try:
        # Only the refused hits of the counted answers: the learning answer's are left out.
        learnt = barge.refused_count.total()
        tally.learning = ", ".join(cut(hit) if hit is not None else "played whole" for hit in room.learnt)
        print(f"learning answer (not counted): {tally.learning}; {learnt} hits refused", flush=True)
        while tally.answers < answers and not stopping.is_set():
            if minutes is not None and time.monotonic() - began > minutes * 60:
                break
            before = barge.refused_count.total()
            hit = room.answer(None)
            tally.answers += 1
            tally.late_s.append(room.microphone.late_s)
            new = barge.refused_count.total() - before
            tally.weigh(list(barge.refused)[-new:] if new else [])
            if hit is not None:
                tally.interrupted(hit, hit.at, "", None)
                tally.cut_at.append(hit.at)
                tally.cut_answers.append(tally.answers - 1)
                print(
                    f"answer {tally.answers}: cut by {cut(hit)}; loop up to {tally.late_s[-1]:.2f} s late", flush=True
                )
            elif not room.played_whole():
                tally.short += 1
                print(f"answer {tally.answers}: ended short with no hit", flush=True)
            tally.load.append(os.getloadavg()[0])
            if tally.answers % PROGRESS_EVERY == 0:
                print(
                    f"{tally.answers} answers, {tally.self_interruptions} cut, {time.monotonic() - began:.0f} s, "
                    f"load {tally.load[-1]:.1f}",
                    flush=True,
                )
    finally:
        tally.shifts = list(barge.echo.shifts)
        room.close()
    tally.wall_s = time.monotonic() - began
    return tally


def print_realtime(tally: RealtimeTally) -> None:
    print(
        f"\nreal time, echo alone at {duplex_room.ECHO_DBFS:g} dBFS"
        + (f", echo up to {tally.jitter_ms:g} ms later per answer" if tally.jitter_ms else "")
        + f": {tally.answers} answers played (after the "
        f"learning answer, not counted: {tally.learning}); cut by the skill's own voice: {tally.self_interruptions} / "
        f"{tally.answers}; ended short with no hit: {tally.short}"
    )
    cut_late = [tally.late_s[n] for n in tally.cut_answers]
    for (word, score, share), at, behind in zip(tally.heard_as, tally.cut_at, cut_late, strict=True):
        print(
            f'  cut: "{word}" {at:.1f} s in, score 1e{score:.1f}, share {share:.1f} dB; loop up to {behind:.2f} s late'
        )
    print(
        "refused: "
        + (", ".join(f"{k} {n}" for k, n in sorted(tally.refused.items())) or "none")
        + "".join(
            f'; nearest to the {why} gate: "{w}" 1e{score:.1f} at {share:.1f} dB'
            for why, (w, score, share) in sorted(tally.nearest.items())
        )
    )
    moved = Counter(tally.shifts)
    print(
        f"echo canceller: played audio shifted {len(tally.shifts)} times to meet the echo (samples: times) "
        + (", ".join(f"{k:+d}: {n}" for k, n in sorted(moved.items())) or "none")
    )
    load = tally.load or [os.getloadavg()[0]]
    print(f"wall {tally.wall_s:.0f} s; load average {min(load):.1f}-{max(load):.1f} (1 min, after each answer)")
    if tally.late_s:
        late = tally.late_s
        print(
            f"listening loop behind real time, per answer at most: p50 {pct(late, 0.5) * 1000:.0f} ms, p95 "
            f"{pct(late, 0.95) * 1000:.0f} ms, max {max(late) * 1000:.0f} ms; answers more than "
            f"{LATE_LOOP_S * 1000:.0f} ms behind: {sum(x > LATE_LOOP_S for x in late)}"
        )


def render_answers(texts: list[str]) -> tuple[dict[str, tuple[Audio, float]], dict[str, np.ndarray]]:
    """Each answer's sentences said by pyttsx3 on espeak-ng (as the skill says them) with the seconds each took,
    and each whole answer at 16 kHz without the pauses (for its level and length)."""
    from voice_skill.tts.pyttsx3_engine import Pyttsx3Synthesizer

    rendered: dict[str, tuple[Audio, float]] = {}
    whole: dict[str, np.ndarray] = {}
    with Pyttsx3Synthesizer() as synth:
        for text in texts:
            parts = []
            for sentence in sentences(text):
                if sentence not in rendered:
                    began = time.perf_counter()
                    audio = synth.render(sentence, SpeechSettings())
                    rendered[sentence] = audio, time.perf_counter() - began
                parts.append(for_speech(rendered[sentence][0]).samples.astype(np.float64))
            whole[text] = np.concatenate(parts)
    return rendered, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer answers and trials, normal echo only")
    parser.add_argument("--answers", type=int, help="answers played with the echo alone (default 300, quick 60)")
    parser.add_argument("--trials", type=int, help="stop words per condition (default 60, quick 30)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--levels", help="comma-separated echo levels (default: quiet,normal,loud; quick: normal)")
    parser.add_argument("--threshold", type=float, help="stop-word threshold exponent (default: the config's)")
    parser.add_argument("--word-thresholds", help='per-phrase threshold exponents, e.g. "stop=-15,hey helper=-20" '
                        "(default: the config's; given, stop words left out use --threshold)")  # fmt: skip
    parser.add_argument("--baseline", action="store_true", help="also run without echo cancellation")
    parser.add_argument("--live", action="store_true", help="through the live path: tap, speaker and duplex loop")
    parser.add_argument("--realtime", action="store_true", help="answers of echo alone in real time, one session")
    parser.add_argument("--minutes", type=float, help="--realtime: stop after the answer under way past this")
    parser.add_argument(
        "--jitter-ms", type=float, default=0.0, help="--realtime: delay each answer's echo by up to this much more"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "voice-skill-wake-bench",
        help="folder for synthesised speech (default: %(default)s); reused between runs",
    )  # fmt: skip
    args = parser.parse_args()
    began = time.perf_counter()
    config = Config()
    barge = config.wake.barge_in
    if args.threshold is not None:
        barge = replace(barge, threshold_exponent=args.threshold)
    if args.word_thresholds is not None:
        pairs = {k.strip(): float(v) for k, v in (item.split("=") for item in args.word_thresholds.split(",") if item)}
        phrase = pairs.pop(config.wake.phrase, barge.phrase_threshold_exponent)
        barge = replace(barge, word_threshold_exponents=pairs, phrase_threshold_exponent=phrase)
    config = replace(config, wake=replace(config.wake, barge_in=barge))
    skill = Skill.load(config)
    answers_n = args.answers or (60 if args.quick else 300)
    if args.realtime:
        print(
            f"real time: {answers_n} answers of echo alone (tests/support/duplex_room.py), "
            f"{'up to ' + format(args.minutes, 'g') + ' min' if args.minutes else 'no time limit'}; "
            f"load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        tally = realtime_session(config, pronunciations_file(skill.intents), answers_n, args.minutes, args.jitter_ms)
        print_realtime(tally)
        if args.out is not None:
            args.out.write_text(json.dumps(asdict(tally), indent=1), encoding="utf-8")
        return
    trials = args.trials or (30 if args.quick else 60)
    levels = args.levels.split(",") if args.levels else ["normal"] if args.quick else list(ECHO_LEVELS)
    speech = SpeechCache(args.cache, max(1, args.jobs))
    texts = sorted({intent.answer for intent in skill.intents.intents.values()})
    stop_words = [*config.wake.barge_in.words, config.wake.phrase]
    speech.prefetch([(t, ANSWER_VOICE, 1.0) for t in texts] + [(w, v, 1.0) for w in stop_words for v in STOP_VOICES])
    answers = [clean_speech(speech, t, ANSWER_VOICE, 1.0) for t in texts]
    answers = [a for a in answers if len(a) > 2 * (EDGE_S + 1) * SPEECH_RATE]
    words = [(w, speech.speak(w, v, 1.0)) for w in stop_words for v in STOP_VOICES]
    STATE.update(
        seed=args.seed, config=config, answers=answers, words=words, pronunciations=pronunciations_file(skill.intents)
    )
    if args.live:
        rendered, whole = render_answers(texts)
        long_enough = [t for t in texts if len(whole[t]) > 2 * (EDGE_S + 1) * SPEECH_RATE]
        STATE.update(rendered=rendered, whole=whole, texts=long_enough)
        minutes = sum(len(whole[t]) for t in long_enough) / SPEECH_RATE / 60
        print(f"live path: {len(long_enough)} answers said by pyttsx3 on espeak-ng ({minutes:.1f} min)")
    print(
        f"{len(answers)} answers ({sum(map(len, answers)) / SPEECH_RATE / 60:.1f} min, espeak-ng); stop words "
        f"{', '.join(stop_words)} x {len(STOP_VOICES)} flite voices; echo levels "
        + ", ".join(f"{k} {ECHO_LEVELS[k]:g} dBFS" for k in levels)
    )
    tasks: list[tuple[str, str, float, bool, int]] = []
    for cancel in (True, False) if args.baseline and not args.live else (True,):
        for level in levels:
            tasks.append(("self", level, 0.0, cancel, answers_n))
            tasks += [("detect", level, rel, cancel, trials) for rel in STOP_RELATIVE_DB]
    run = live_session if args.live else session
    if args.jobs <= 1:
        results = [run(t) for t in tasks]
    else:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = list(pool.imap(run, tasks, chunksize=1))
    print(
        "\ndetection: % of words heard (<= 1 s after they end); stop latency p50 / p95 (ms after the word ends); "
        "self-interruptions: on the echo alone, of the answers played (and before the word, in detection); "
        "refused: hits the gates refused, by word and why\n"
        f"{'AEC':>4} {'echo':>7} | {'word dB':>7} | {'heard':>6} | {'p50':>5} {'p95':>5} ms | {'self':>9} | RTF   "
        "| heard by word"
    )
    for r in results:
        aec = "yes" if r["cancel"] else "no"
        if r["kind"] == "self":
            print(
                f"{aec:>4} {r['echo']:>7} | {'(none)':>7} | {'':>6} | {'':>5} {'':>5}    | "
                f"{r['self_interruptions']:3d} / {r['trials']:<3d} | {r['rtf']:.3f} | "
                + ", ".join(f"{w} {r['self_as'].count(w)}" for w in sorted(set(r["self_as"])))
                + refused(r)
            )
        else:
            lat = r["latency_ms"]
            print(
                f"{aec:>4} {r['echo']:>7} | {r['relative_db']:+7.0f} | {100 * r['hits'] / r['trials']:5.1f}% | "
                f"{pct(lat, 0.5):5.0f} {pct(lat, 0.95):5.0f} ms | {r['early']:3d} early   | {r['rtf']:.3f} | "
                + ", ".join(f"{w} {h}/{n}" for w, (h, n) in sorted(r["by_word"].items()))
                + (f"; early: {', '.join(r['self_as'])}" if r["self_as"] else "")
                + refused(r)
            )
    print(f"runtime {time.perf_counter() - began:.0f} s on {args.jobs} workers; load {os.getloadavg()[0]:.1f}")
    if args.out is not None:
        args.out.write_text(json.dumps({"seed": args.seed, "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
