# ruff: noqa: T201
"""Turn a JSONL of questions into a spoken evaluation set for ``voice-skill eval``.

    python scripts/make_spoken_set.py IN.jsonl OUT_DIR [--voices kal16,slt,rms] [--rates 1.0,1.2]
        [--noise clean,white:15,pink:5,babble:15] [--seed 7] [--limit N]

Every row x voice x rate x noise condition becomes one WAV (16 kHz mono 16-bit, 0.5 s of
silence before the speech and 1.0 s after) under ``OUT_DIR/audio/``, and one line of
``OUT_DIR/manifest.jsonl``. Speech comes from flite (or espeak-ng, voice ``espeak``); noise
is white, pink (1/f) or babble (four other flite voices saying unrelated everyday
sentences), mixed at an SNR relative to the speech's active level. The same ``--seed``
gives byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.support.noise import NOISE_KINDS, Noise, mix
from tests.support.speech import VOICES, Synthesiser, SynthesisError, clean_speech, to_audio
from voice_skill import Skill, SkillError
from voice_skill.audio import AudioError
from voice_skill.base.files import atomic_write
from voice_skill.evaluation import read_rows as read_eval_rows


class UsageError(Exception):
    """A problem with the command line or the input: one line, exit 2."""


@dataclass(frozen=True)
class Row:
    text: str
    label: list[str]
    urgent: bool


def parse_noise(spec: str) -> list[Noise]:
    out: list[Noise] = []
    for part in (p.strip() for p in spec.split(",")):
        if part == "clean":
            out.append(Noise("clean"))
            continue
        kind, sep, level = part.partition(":")
        if not sep or kind not in NOISE_KINDS:
            raise UsageError(
                f"bad --noise condition {part!r}: use 'clean' or KIND:SNR with KIND one of {', '.join(NOISE_KINDS)}"
            )
        try:
            snr = float(level)
        except ValueError:
            raise UsageError(f"bad --noise condition {part!r}: SNR {level!r} is not a number") from None
        if not np.isfinite(snr):
            raise UsageError(f"bad --noise condition {part!r}: SNR must be a finite number of dB")
        out.append(Noise(kind, snr))
    if len({n.name for n in out}) != len(out):
        raise UsageError(f"bad --noise {spec!r}: a condition is repeated")
    return out


def parse_voices(spec: str) -> list[str]:
    voices = [v.strip() for v in spec.split(",")]
    for voice in voices:
        if voice not in VOICES:
            raise UsageError(f"unknown voice {voice!r}: choose from {', '.join(VOICES)}")
    if len(set(voices)) != len(voices):
        raise UsageError(f"bad --voices {spec!r}: a voice is repeated")
    return voices


def parse_rates(spec: str) -> list[float]:
    rates: list[float] = []
    for part in (p.strip() for p in spec.split(",")):
        try:
            rate = float(part)
        except ValueError:
            raise UsageError(f"bad --rates value {part!r}: not a number") from None
        if not (0.25 <= rate <= 4.0):
            raise UsageError(f"bad --rates value {part!r}: use a speed factor between 0.25 and 4")
        rates.append(rate)
    if len(set(rates)) != len(rates):
        raise UsageError(f"bad --rates {spec!r}: a rate is repeated")
    return rates


def read_rows(path: Path) -> list[Row]:
    """The questions to speak: the rows with text, read and checked by ``voice-skill eval``'s reader."""
    try:
        rows = read_eval_rows(path, Skill.load().intents)
    except SkillError as exc:
        raise UsageError(str(exc)) from None
    spoken = [Row(" ".join(r.text.split()), list(r.accept), r.urgent) for r in rows if r.text and r.text.strip()]
    if not spoken:
        raise UsageError(f"{path}: no rows with 'text'")
    return spoken


def clip_name(index: int, voice: str, rate: float, noise: Noise) -> str:
    name = f"{index:05d}_{voice}_r{rate:g}_{noise.slug}".replace(".", "p")
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def build(
    rows: Sequence[Row],
    out_dir: Path,
    voices: Sequence[str],
    rates: Sequence[float],
    noises: Sequence[Noise],
    seed: int,
) -> int:
    audio_dir = out_dir / "audio"
    try:
        audio_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{audio_dir}: cannot create: {exc.strerror or exc}") from None
    manifest: list[str] = []
    index = 0
    with tempfile.TemporaryDirectory(prefix="spoken-set-") as work:
        synth = Synthesiser(Path(work))
        for row_number, row in enumerate(rows):
            for voice in voices:
                for rate in rates:
                    try:
                        speech = clean_speech(synth, row.text, voice, rate)
                    except SynthesisError as exc:
                        raise UsageError(str(exc)) from None
                    for noise in noises:
                        rng = np.random.default_rng([seed, index])
                        name = f"{clip_name(index, voice, rate, noise)}.wav"
                        try:
                            to_audio(mix(speech, noise, rng, synth)).write_wav(audio_dir / name)
                        except (AudioError, SynthesisError) as exc:
                            raise UsageError(str(exc)) from None
                        item = {
                            "audio": f"audio/{name}",
                            "text": row.text,
                            "label": row.label if len(row.label) > 1 else row.label[0],
                            "urgent": row.urgent,
                            "voice": voice,
                            "rate": rate,
                            "noise": noise.kind,
                            "snr": noise.snr,
                            "row": row_number,
                        }
                        manifest.append(json.dumps(item, ensure_ascii=False))
                        index += 1
    target = out_dir / "manifest.jsonl"
    try:
        atomic_write(target, "\n".join(manifest) + "\n")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return index


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("input", type=Path, metavar="IN.jsonl", help="questions: rows with text, label, urgent")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="where audio/ and manifest.jsonl go")
    parser.add_argument("--voices", default="kal16,slt,rms", help=f"comma-separated, from {', '.join(VOICES)}")
    parser.add_argument("--rates", default="1.0", help="comma-separated speed factors, e.g. 1.0,1.2")
    parser.add_argument("--noise", default="clean", help="comma-separated: clean, white:SNR, pink:SNR, babble:SNR")
    parser.add_argument("--seed", type=int, default=7, help="seed for noise and babble (default: 7)")
    parser.add_argument("--limit", type=int, metavar="N", help="use only the first N rows")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        voices = parse_voices(args.voices)
        rates = parse_rates(args.rates)
        noises = parse_noise(args.noise)
        if args.limit is not None and args.limit < 1:
            raise UsageError(f"bad --limit {args.limit}: must be at least 1")
        if args.out_dir.exists() and not args.out_dir.is_dir():
            raise UsageError(f"{args.out_dir}: exists and is not a directory")
        rows = read_rows(args.input)[: args.limit]
        count = build(rows, args.out_dir, voices, rates, noises, args.seed)
    except UsageError as exc:
        print(f"make_spoken_set: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("make_spoken_set: interrupted", file=sys.stderr)
        return 130
    print(f"wrote {count} clips and {args.out_dir / 'manifest.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
