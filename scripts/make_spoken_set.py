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
import functools
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from voice_skill import Skill, SkillError, evaluate  # noqa: E402
from voice_skill.audio import SPEECH_RATE, Audio, AudioError, for_speech, read_wav  # noqa: E402
from voice_skill.normalize import Normalizer  # noqa: E402

FLITE_VOICES = ("kal16", "slt", "rms", "awb", "kal")
VOICES = (*FLITE_VOICES, "espeak")
NOISE_KINDS = ("white", "pink", "babble")
BABBLE_VOICES = ("kal16", "slt", "rms", "awb")
ESPEAK_WPM = 160
PAD_BEFORE = 0.5
PAD_AFTER = 1.0
SPEECH_PEAK = 12000.0
"""Speech is scaled to this peak so that noise rarely clips."""

BABBLE_SENTENCES = (
    "The weather should turn sunny by the weekend after a rainy week.",
    "Add a pinch of salt and let the soup simmer for twenty minutes.",
    "Our train leaves the station at half past eight in the morning.",
    "The home team scored twice in the second half and won the match.",
    "It might snow in the mountains tonight so bring a warm coat.",
    "Chop the onions finely and fry them until they turn golden.",
    "We booked a small hotel near the harbour for three nights.",
    "The cyclists climbed the long hill before the final sprint.",
    "A strong wind is blowing from the west across the open fields.",
    "Bake the bread in a hot oven until the crust sounds hollow.",
    "The flight was delayed because of fog at the airport.",
    "She swam ten lengths of the pool before breakfast every day.",
    "Bring an umbrella because the clouds are getting darker.",
    "The market sells fresh tomatoes, peppers and sweet apples.",
    "He packed his suitcase and checked the map one more time.",
    "The tennis final went to five sets and lasted four hours.",
)


class UsageError(Exception):
    """A problem with the command line or the input: one line, exit 2."""


@dataclass(frozen=True)
class Noise:
    kind: str  # "clean", "white", "pink" or "babble"
    snr: float | None = None

    @property
    def name(self) -> str:
        if self.snr is None:
            return self.kind
        return f"{self.kind}:{self.snr:g}"

    @property
    def slug(self) -> str:
        if self.snr is None:
            return self.kind
        return f"{self.kind}{self.snr:g}".replace("-", "m").replace(".", "p")


@dataclass(frozen=True)
class Row:
    text: str
    label: str
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
        rows = evaluate.read_rows(path, set(Skill.load().intents.intents))
    except SkillError as exc:
        raise UsageError(str(exc)) from None
    spoken = [Row(" ".join(r.text.split()), r.label, r.urgent) for r in rows if r.text and r.text.strip()]
    if not spoken:
        raise UsageError(f"{path}: no rows with 'text'")
    return spoken


@functools.cache
def _normalizer() -> Normalizer:
    return Skill.load().intents.normalizer


def as_spoken(text: str) -> str:
    """What the synthesiser is given for ``text``: initialisms spelled out as people say them
    ("i u i"), since the synthesisers read "iui" as a word."""
    return _normalizer().spell_initialisms(text)


class Synthesiser:
    """flite / espeak-ng speech (of :func:`as_spoken` text) as float samples at 16 kHz, cached."""

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._cache: dict[tuple[str, str, float], np.ndarray] = {}

    def speak(self, text: str, voice: str, rate: float = 1.0) -> np.ndarray:
        key = (as_spoken(text), voice, rate)
        if key not in self._cache:
            self._cache[key] = self._run(*key)
        return self._cache[key]

    def _run(self, text: str, voice: str, rate: float) -> np.ndarray:
        out = self._workdir / "speech.wav"
        out.unlink(missing_ok=True)
        if voice == "espeak":
            command = ["espeak-ng", "-v", "en-us", "-s", str(round(ESPEAK_WPM * rate)), "-w", str(out), text]
        else:
            command = ["flite", "--setf", f"duration_stretch={1 / rate:.6f}", "-voice", voice, "-t", text]
            command += ["-o", str(out)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=120)
        except FileNotFoundError:
            raise UsageError(f"{command[0]} is not installed (needed for voice {voice!r})") from None
        except subprocess.CalledProcessError as exc:
            message = exc.stderr.decode(errors="replace").strip().splitlines()
            raise UsageError(f"{command[0]} failed for voice {voice!r}: {message[-1] if message else exc}") from None
        except subprocess.TimeoutExpired:
            raise UsageError(f"{command[0]} timed out for voice {voice!r}") from None
        try:
            audio = for_speech(read_wav(out))
        except AudioError as exc:
            raise UsageError(f"{command[0]} gave unusable audio for voice {voice!r}: {exc}") from None
        return audio.samples.astype(np.float64)


def active_power(samples: np.ndarray) -> float:
    """Mean power of the samples above 5 % of the peak (the speech, not the pauses)."""
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    if peak == 0:
        return 0.0
    active = samples[np.abs(samples) > 0.05 * peak]
    return float(np.mean(active**2))


def white(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.standard_normal(n)


def pink(rng: np.random.Generator, n: int) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.maximum(1, np.arange(len(spectrum))))
    spectrum[0] = 0
    return np.fft.irfft(spectrum, n)


def babble(rng: np.random.Generator, n: int, synth: Synthesiser) -> np.ndarray:
    """Four flite voices, each saying a shuffled run of unrelated sentences, summed."""
    total = np.zeros(n)
    gap = np.zeros(round(0.15 * SPEECH_RATE))
    for voice in BABBLE_VOICES:
        order = rng.permutation(len(BABBLE_SENTENCES))
        pieces: list[np.ndarray] = []
        length, i = 0, 0
        offset = int(rng.integers(0, SPEECH_RATE))  # start each talker somewhere inside its stream
        while length < n + offset:
            speech = synth.speak(BABBLE_SENTENCES[order[i % len(order)]], voice)
            speech = speech / np.sqrt(max(active_power(speech), 1e-9))
            pieces += [speech, gap]
            length += len(speech) + len(gap)
            i += 1
        total += np.concatenate(pieces)[offset : offset + n]
    return total


def mix(speech: np.ndarray, noise: Noise, rng: np.random.Generator, synth: Synthesiser) -> np.ndarray:
    if noise.snr is None:
        return speech
    n = len(speech)
    if noise.kind == "white":
        sound = white(rng, n)
    elif noise.kind == "pink":
        sound = pink(rng, n)
    else:
        sound = babble(rng, n, synth)
    sound_power = float(np.mean(sound**2))
    if sound_power <= 0:
        return speech
    sound *= np.sqrt(active_power(speech) / (10 ** (noise.snr / 10)) / sound_power)
    return speech + sound


def to_audio(samples: np.ndarray) -> Audio:
    return Audio(np.clip(np.round(samples), -32768, 32767).astype(np.int16), SPEECH_RATE)


def clean_speech(synth: Synthesiser, text: str, voice: str, rate: float) -> np.ndarray:
    speech = synth.speak(text, voice, rate)
    peak = float(np.abs(speech).max()) if len(speech) else 0.0
    if peak == 0:
        raise UsageError(f"voice {voice!r} produced silence for {text!r}")
    speech = np.round(speech * (SPEECH_PEAK / peak))
    before, after = np.zeros(round(PAD_BEFORE * SPEECH_RATE)), np.zeros(round(PAD_AFTER * SPEECH_RATE))
    return np.concatenate([before, speech, after])


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
                    speech = clean_speech(synth, row.text, voice, rate)
                    for noise in noises:
                        rng = np.random.default_rng([seed, index])
                        name = f"{clip_name(index, voice, rate, noise)}.wav"
                        try:
                            to_audio(mix(speech, noise, rng, synth)).write_wav(audio_dir / name)
                        except AudioError as exc:
                            raise UsageError(str(exc)) from None
                        item = {
                            "audio": f"audio/{name}",
                            "text": row.text,
                            "label": row.label,
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
    tmp = out_dir / ".manifest.jsonl.partial"
    try:
        tmp.write_text("\n".join(manifest) + "\n", encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
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
