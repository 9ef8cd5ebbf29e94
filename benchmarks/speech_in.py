"""Speech in: what each engine makes of spoken held-out questions, in quiet and in noise.

The spoken set is generated at run time and cached (``--cache``): one held-out question per topic intent
(its shortest ``tests:`` utterance, never an example) and every warning-sign phrasing of
tests/data/warning_signs.yaml, said by four flite voices and two espeak-ng voices, clean and mixed with
babble (other people talking: unrelated everyday sentences) at 15, 10 and 5 dB and pink noise at 10 dB.
Every clip goes through the whole listening pipeline (endpointing, noise reduction, recognition, the
safety choice among hypotheses, the dialogue), as ``voice-skill listen --input`` would.

Per engine and condition: intent accuracy (the first answer has the right intent), wrong answers (an
answer with another intent), reprompts ("Sorry, I didn't catch that"), urgent questions missed, false
alarms, word error rate, the end-of-speech-to-answer time as run (decoding after the utterance closed)
and as it is live (Whisper decodes from the pause on: ``max(0, decode - (trailing - pause))``), the
real-time factor; per engine: load time and resident memory (each engine is measured in a process of
its own). Then the empty room: silence, hum, steady noise, door slams and distant chatter, answered how
often (continuous listening, as the kiosk listens). ``--realtime N`` also plays N clips per condition at
real speed and times the answer from the last spoken word. Prints figures; asserts nothing.

    python benchmarks/speech_in.py [--engines whisper,pocketsphinx,pocketsphinx-unbiased] [--quick]
        [--voices kal16,slt,rms,awb,espeak,espeak-gb] [--conditions clean,babble:15,...] [--out FILE.json]

Engines: ``whisper`` (the default: tiny.en, prompt, alternatives), ``whisper-1best`` (no alternatives),
``whisper+sphinx`` (PocketSphinx's second opinion), ``whisper-silero`` (Silero VAD in the endpointer),
``pocketsphinx`` (biased), ``pocketsphinx-unbiased``, ``vosk`` (when a Vosk model is installed).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import yaml

from tests.support.noise import Noise, babble, mix, pink
from tests.support.speech import PAD_AFTER_S, PAD_BEFORE_S, SpeechCache, clean_speech, to_audio
from voice_skill import Config, Decision, Skill
from voice_skill.asr import Engine, choose_engine, open_recognizer
from voice_skill.asr.models import ModelError
from voice_skill.audio import CHUNK_S, SPEECH_RATE, VadKind, chunked
from voice_skill.evaluation import word_errors
from voice_skill.intent import Normalizer
from voice_skill.wake import Attention, Trigger

ROOT = Path(__file__).resolve().parent.parent
VOICES = ("kal16", "slt", "rms", "awb", "espeak", "espeak-gb")
CONDITIONS = ("clean", "babble:15", "babble:10", "babble:5", "pink:10")
ENGINES = ("whisper", "pocketsphinx", "pocketsphinx-unbiased")
EMPTY_ROOM_S = 8.0


def questions(skill: Skill) -> list[tuple[str, str]]:
    """(intent, text): the shortest test utterance of each topic, and every warning-sign phrasing."""
    found = []
    for intent in skill.intents.topics:
        spoken = sorted(intent.tests, key=lambda t: len(t.split()))
        if spoken:
            found.append((intent.id, spoken[0]))
    warnings = yaml.safe_load((ROOT / "tests" / "data" / "warning_signs.yaml").read_text(encoding="utf-8"))
    found += [(intent, text) for intent, texts in warnings.items() for text in texts]
    return found


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def parse_condition(name: str) -> Noise:
    if name == "clean":
        return Noise("clean")
    kind, _, snr = name.partition(":")
    return Noise(kind, float(snr))


def config_for(engine: str) -> tuple[Config, Engine, bool]:
    """The configuration, engine and biasing an engine name stands for."""
    config = Config()
    listen = config.listen
    if engine == "whisper-1best":
        listen = replace(listen, whisper=replace(listen.whisper, alternatives=0))
    elif engine == "whisper+sphinx":
        listen = replace(listen, second_opinion=True)
    elif engine == "whisper-silero":
        listen = replace(listen, endpoint=replace(listen.endpoint, vad=VadKind.SILERO))
    elif engine == "whisper-denoised":
        listen = replace(listen, denoise=replace(listen.denoise, enabled=True))
    elif engine == "whisper-raw":
        listen = replace(listen, denoise=replace(listen.denoise, enabled=False))
    config = replace(config, listen=listen)
    if engine.startswith("whisper"):
        return config, Engine.WHISPER, True
    if engine.startswith("pocketsphinx"):
        return config, Engine.POCKETSPHINX, engine == "pocketsphinx"
    return config, Engine.VOSK, True


@dataclass
class Tally:
    clips: int = 0
    correct: int = 0
    wrong: int = 0
    reprompts: int = 0
    unanswered: int = 0
    urgent: int = 0
    urgent_missed: int = 0
    false_alarms: int = 0
    errors: int = 0
    words: int = 0
    asr_s: float = 0.0
    audio_s: float = 0.0
    e2a_ms: list[float] = field(default_factory=list)
    live_ms: list[float] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        n = max(1, self.clips)
        return {
            "clips": self.clips,
            "accuracy": self.correct / n,
            "wrong_rate": self.wrong / n,
            "reprompt_rate": self.reprompts / n,
            "unanswered_rate": self.unanswered / n,
            "urgent_missed": self.urgent_missed,
            "urgent": self.urgent,
            "urgent_missed_rate": self.urgent_missed / max(1, self.urgent),
            "false_alarms": self.false_alarms,
            "wer": self.errors / max(1, self.words),
            "rtf": self.asr_s / max(1e-9, self.audio_s),
            "e2a_p50_ms": pct(self.e2a_ms, 0.5),
            "e2a_p95_ms": pct(self.e2a_ms, 0.95),
            "live_e2a_p50_ms": pct(self.live_ms, 0.5),
            "live_e2a_p95_ms": pct(self.live_ms, 0.95),
        }


def score(
    tally: Tally,
    heard: list,
    intent: str,
    text: str,
    urgent: bool,
    seconds: float,
    config: Config,
    early: bool,
    normalizer: Normalizer,
) -> None:
    """Add one clip's outcome: the first answer decides correct / wrong / reprompt / unanswered."""
    tally.clips += 1
    tally.audio_s += seconds
    tally.urgent += urgent
    first = heard[0].response if heard else None
    if first is None or first.decision is Decision.FALLBACK:
        tally.unanswered += 1
    elif first.decision is Decision.REPROMPT:
        tally.reprompts += 1
    elif first.intent == intent:
        tally.correct += 1
    else:
        tally.wrong += 1
    if urgent and not any(h.response.urgent for h in heard):
        tally.urgent_missed += 1
    if not urgent and any(h.response.urgent for h in heard):
        tally.false_alarms += 1
    reference = normalizer.words(text)
    hypothesis = normalizer.words(" ".join(h.transcript.text for h in heard))
    tally.errors += word_errors(reference, hypothesis)
    tally.words += len(reference)
    endpoint = config.listen.endpoint
    head_start_ms = 1000 * max(0.0, endpoint.trailing_silence_s - endpoint.pause_s)
    for h in heard:
        tally.asr_s += h.asr_ms / 1000
        tally.e2a_ms.append(h.end_of_speech_to_answer_ms)
        decode = h.end_of_speech_to_answer_ms - h.match_ms
        tally.live_ms.append((max(0.0, decode - head_start_ms) if early else decode) + h.match_ms)


def clip_audio(cache: SpeechCache, text: str, voice: str, noise: Noise, seed: int) -> np.ndarray:
    speech = clean_speech(cache, text, voice)
    return to_audio(mix(speech, noise, np.random.default_rng(seed), cache)).samples


def empty_room(cache: SpeechCache) -> dict[str, np.ndarray]:
    """Sounds with nobody speaking to the skill, over a quiet room's floor (about -60 dBFS)."""
    rng = np.random.default_rng(99)
    n = round(EMPTY_ROOM_S * SPEECH_RATE)
    floor = rng.standard_normal(n) * 30
    t = np.arange(n) / SPEECH_RATE
    doors = floor.copy()
    for at in (1.0, 3.5, 6.0):
        k, start = 5000, int(at * SPEECH_RATE)
        doors[start : start + k] += rng.standard_normal(k) * 15000 * np.exp(-np.arange(k) / 700)
    sounds = {
        "silence": floor,
        "hum": floor + np.sin(2 * np.pi * 50 * t) * 3000 + np.sin(2 * np.pi * 150 * t) * 1000,
        "steady noise": floor + pink(rng, n) / np.sqrt(np.mean(pink(rng, n) ** 2)) * 1500,
        "door slams": doors,
        "distant chatter": floor + babble(rng, n, cache) * 500,
    }
    return {name: to_audio(x).samples for name, x in sounds.items()}


def run_engine(engine: str, clips: dict, items: list, room: dict, realtime: int) -> dict[str, object]:
    """Measure one engine (in this process: its memory is its own)."""
    skill = Skill.load()
    config, kind, bias = config_for(engine)
    skill = Skill.from_intents(skill.intents, config)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        choice = choose_engine(kind, config.listen)
    except ModelError as exc:
        return {"engine": engine, "skipped": str(exc)}
    recognizer = open_recognizer(choice, skill.intents, config.listen, bias=bias)
    load_ms = (time.perf_counter() - started) * 1000
    tallies: dict[str, Tally] = {}
    misses: list[dict[str, object]] = []
    for (n, voice, condition), samples in clips.items():
        intent, text = items[n]
        heard = list(skill.listener(recognizer).run(chunked(samples), voice))
        urgent = skill.intents[intent].urgent
        tally = tallies.setdefault(condition, Tally())
        seconds = len(samples) / SPEECH_RATE
        score(tally, heard, intent, text, urgent, seconds, config, kind is Engine.WHISPER, skill.intents.normalizer)
        first = heard[0].response if heard else None
        if first is None or first.intent != intent or first.decision is not Decision.ANSWER:
            said = [h.transcript.text for h in heard]
            outcome = first.decision.value if first is not None else "nothing"
            misses.append({"condition": condition, "voice": voice, "wanted": intent, "text": text, "heard": said,
                           "got": first.intent if first is not None else None, "decision": outcome})  # fmt: skip
    answered_in_room = {}
    for name, samples in room.items():
        heard = list(skill.listener(recognizer, attention=Attention(Trigger.ALWAYS)).run(chunked(samples), name))
        answered_in_room[name] = [h.response.decision.value for h in heard]
    live = realtime_e2a(skill, recognizer, clips, items, realtime, config) if realtime else {}
    recognizer.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "engine": engine,
        "load_ms": load_ms,
        "peak_rss_mb": peak / 1024,
        "model_rss_mb": (peak - before) / 1024,
        "conditions": {c: t.figures() for c, t in tallies.items()},
        "empty_room": answered_in_room,
        "realtime": live,
        "misses": misses,
    }


def realtime_e2a(skill: Skill, recognizer, clips: dict, items: list, count: int, config: Config) -> dict:
    """Play ``count`` clips per condition at real speed: the time from the last spoken word to the answer."""
    found: dict[str, list[float]] = {}
    for condition in dict.fromkeys(c for _, _, c in clips):
        chosen = [key for key in clips if key[2] == condition][:count]
        for key in chosen:
            samples = clips[key]
            speech_end = len(samples) / SPEECH_RATE - PAD_AFTER_S
            listener = skill.listener(recognizer)
            listener.reset()
            t0 = time.perf_counter()
            answered_at = None
            for i, chunk in enumerate(chunked(samples)):
                due = t0 + (i + 1) * CHUNK_S
                time.sleep(max(0.0, due - time.perf_counter()))
                if listener.feed(chunk, "live") and answered_at is None:
                    answered_at = time.perf_counter() - t0
            if answered_at is not None:
                found.setdefault(condition, []).append(1000 * (answered_at - speech_end))
    return {c: {"p50_ms": pct(v, 0.5), "p95_ms": pct(v, 0.95), "clips": len(v)} for c, v in found.items()}


def _worker(args: tuple) -> dict[str, object]:
    return run_engine(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--voices", default=",".join(VOICES))
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("--limit", type=int, default=0, help="use only the first N questions")
    parser.add_argument("--quick", action="store_true", help="every third question, three voices")
    parser.add_argument("--realtime", type=int, default=0, metavar="N", help="also play N clips per condition live")
    parser.add_argument("--jobs", type=int, default=2, help="parallel synthesis")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "voice-skill-speech-cache")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here (for plot_accuracy_snr.py)")
    parser.add_argument("--misses", type=Path, help="write every clip not answered correctly here (JSON lines)")
    args = parser.parse_args()
    skill = Skill.load()
    items = questions(skill)
    voices = args.voices.split(",")
    if args.quick:
        items, voices = items[::3], voices[::2]
    items = items[: args.limit or None]
    conditions = args.conditions.split(",")
    cache = SpeechCache(args.cache, args.jobs)
    t = time.perf_counter()
    cache.prefetch((text, voice, 1.0) for _, text in items for voice in voices)
    clips = {
        (n, voice, condition): clip_audio(cache, text, voice, parse_condition(condition), seed=n)
        for n, (_, text) in enumerate(items)
        for voice in voices
        for condition in conditions
    }
    room = empty_room(cache)
    seconds = statistics.median(len(c) for c in clips.values()) / SPEECH_RATE
    print(f"spoken set: {len(items)} held-out questions x {len(voices)} voices ({', '.join(voices)})")
    print(f"conditions: {', '.join(conditions)}; {len(clips)} clips, median {seconds:.1f} s (with {PAD_BEFORE_S:g} s")
    print(f"before and {PAD_AFTER_S:g} s after the speech); synthesis {time.perf_counter() - t:.0f} s\n")
    results = []
    context = multiprocessing.get_context("spawn")
    for engine in args.engines.split(","):
        with context.Pool(1) as pool:  # a process per engine: its memory is measured alone
            result = pool.apply(_worker, ((engine, clips, items, room, args.realtime),))
        if args.misses is not None:
            with args.misses.open("a", encoding="utf-8") as out:
                out.writelines(json.dumps({"engine": engine, **miss}) + "\n" for miss in result.pop("misses"))
        else:
            result.pop("misses")
        results.append(result)
        report(result)
    if args.out is not None:
        meta = {"questions": len(items), "voices": voices, "conditions": conditions}
        args.out.write_text(json.dumps({**meta, "results": results}, indent=1, default=_jsonable))


def _jsonable(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)  # type: ignore[arg-type]
    return str(value)


def report(result: dict) -> None:
    if "skipped" in result:
        print(f"{result['engine']}: skipped ({result['skipped']})\n")
        return
    print(f"{result['engine']}: load {result['load_ms']:.0f} ms, peak RSS {result['peak_rss_mb']:.0f} MB")
    print(
        f"{'condition':10} {'acc':>6} {'wrong':>6} {'reprompt':>8} {'none':>6} {'urgent missed':>14} "
        f"{'false al.':>9} {'WER':>6} {'RTF':>6} {'e2a p50/p95':>13} {'live p50/p95':>13}"
    )
    for condition, f in result["conditions"].items():
        rates = " ".join(
            f"{100 * f[k]:{w}.1f}%"
            for k, w in (("accuracy", 5), ("wrong_rate", 5), ("reprompt_rate", 7), ("unanswered_rate", 5))
        )
        missed = f"{f['urgent_missed']:4d}/{f['urgent']:<3d} ({100 * f['urgent_missed_rate']:4.1f}%)"
        times = (
            f"{f['e2a_p50_ms']:5.0f}/{f['e2a_p95_ms']:5.0f}ms {f['live_e2a_p50_ms']:5.0f}/{f['live_e2a_p95_ms']:5.0f}ms"
        )
        print(f"{condition:10} {rates} {missed} {f['false_alarms']:9d} {100 * f['wer']:5.1f}% {f['rtf']:6.3f} {times}")
    room = ", ".join(f"{name}: {len(v)}" for name, v in result["empty_room"].items())
    print(f"empty room, answers given (continuous listening): {room}")
    for condition, live in result.get("realtime", {}).items():
        print(f"live, last spoken word to answer text ({condition}, {live['clips']} clips): "
              f"p50 {live['p50_ms']:.0f} ms, p95 {live['p95_ms']:.0f} ms")  # fmt: skip
    print()


if __name__ == "__main__":
    main()
