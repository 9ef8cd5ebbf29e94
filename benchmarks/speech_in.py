"""Speech in: intent accuracy, word error rate, speed and memory, per engine, biased and not.

A spoken set is generated at run time: one held-out question per topic intent (its shortest
`tests:` utterance, never an example) plus every warning-sign phrasing of
tests/data/warning_signs.yaml, spoken by three flite voices, clean and mixed with pink noise
at 15 dB and 5 dB SNR. Prints figures; asserts nothing.

    python benchmarks/speech_in.py [--voices kal16,slt,rms] [--limit N]

Vosk is measured only when a real model is installed (see `voice-skill models download`).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

import yaml

from tests.support import join, silence, speak, with_noise
from voice_skill import Config, Skill
from voice_skill.asr import Engine, choose_engine, open_recognizer
from voice_skill.asr.models import ModelError
from voice_skill.audio import chunked
from voice_skill.evaluation import word_errors

ROOT = Path(__file__).resolve().parent.parent

CONDITIONS = (("clean", None), ("15 dB", 15.0), ("5 dB", 5.0))


def questions(skill: Skill) -> list[tuple[str, str]]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voices", default="kal16,slt,rms")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N questions")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here (for plot_accuracy_snr.py)")
    args = parser.parse_args()
    skill = Skill.load()
    config = Config()
    items = questions(skill)[: args.limit or None]
    voices = args.voices.split(",")
    print(f"spoken set: {len(items)} questions x {len(voices)} voices ({', '.join(voices)}) x {len(CONDITIONS)} noise")
    t = time.perf_counter()
    clips = {}
    for n, (_, text) in enumerate(items):
        for voice in voices:
            clean = join(silence(0.6), speak(text, voice), silence(1.0))
            for name, snr in CONDITIONS:
                clips[(n, voice, name)] = clean if snr is None else with_noise(clean, snr, seed=n, kind="pink")
    print(f"synthesis: {time.perf_counter() - t:.1f} s\n")

    engines = [("pocketsphinx", True), ("pocketsphinx", False)]
    try:
        choice = choose_engine(Engine.VOSK, config.listen)
        engines += [("vosk", True), ("vosk", False)]
    except ModelError:
        choice = None
        print("vosk: no model installed; skipped (voice-skill models download vosk-model-small-en-us-0.15)\n")

    results: list[dict[str, object]] = []
    header = (
        f"{'engine':13} {'bias':5} {'cond':6} {'intent acc':>10} {'WER':>6} {'RTF':>6} {'e2a p50':>8} {'e2a p95':>8}"
    )
    for engine, bias in engines:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        selected = choice if engine == "vosk" else choose_engine(Engine.POCKETSPHINX, config.listen)
        recognizer = open_recognizer(selected, skill.intents, config.listen, bias=bias)
        load_s = time.perf_counter() - t
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        grown = (rss_after - rss_before) / 1024
        state = "on" if bias else "off"
        print(
            f"{engine} (bias {state}): load {load_s * 1000:.0f} ms, peak RSS {rss_after / 1024:.0f} MB (+{grown:.0f})"
        )
        print(header)
        for name, _ in CONDITIONS:
            correct = total = errors = words = 0
            asr_s = audio_s = 0.0
            e2a: list[float] = []
            urgent_missed = 0
            for n, (intent, text) in enumerate(items):
                for voice in voices:
                    clip = clips[(n, voice, name)]
                    listener = skill.listener(recognizer)
                    heard = list(listener.run(chunked(clip.samples), voice))
                    best = heard[0] if heard else None
                    total += 1
                    audio_s += clip.duration
                    reference = text.lower().split()
                    hypothesis = " ".join(h.transcript.text for h in heard).split()
                    errors += word_errors(reference, hypothesis)
                    words += len(reference)
                    if best is not None:
                        correct += best.response.intent == intent
                        asr_s += sum(h.asr_ms for h in heard) / 1000
                        e2a += [h.end_of_speech_to_answer_ms for h in heard]
                    if intent.startswith("urgent_") and not (best and best.response.urgent):
                        urgent_missed += 1
            results.append(
                {"engine": engine, "bias": bias, "condition": name, "snr": dict(CONDITIONS)[name],
                 "accuracy": correct / total, "wer": errors / max(1, words), "rtf": asr_s / audio_s,
                 "e2a_p50_ms": pct(e2a, 0.5), "e2a_p95_ms": pct(e2a, 0.95), "urgent_missed": urgent_missed,
                 "load_ms": load_s * 1000, "peak_rss_mb": rss_after / 1024}
            )  # fmt: skip
            print(
                f"{engine:13} {'on' if bias else 'off':5} {name:6} {100 * correct / total:9.1f}% "
                f"{100 * errors / max(1, words):5.1f}% {asr_s / audio_s:6.3f} "
                f"{pct(e2a, 0.5):7.0f}ms {pct(e2a, 0.95):7.0f}ms   urgent missed: {urgent_missed}"
            )
        trailing = config.listen.endpoint.trailing_silence_s
        print(
            f"last word to answer text (real time) ~ trailing silence {trailing * 1000:.0f} ms + e2a "
            f"(+ up to {100:.0f} ms of chunking)\n"
        )
        recognizer.close()
    print(f"median clip length: {statistics.median(c.duration for c in clips.values()):.1f} s")
    if args.out is not None:
        args.out.write_text(json.dumps({"questions": len(items), "voices": voices, "results": results}, indent=1))


if __name__ == "__main__":
    main()
