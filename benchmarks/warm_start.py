"""Warm start: is the first wake after start-up as likely as later ones?

"hey helper, <question>" (every fourth question of benchmarks/speech_in.py, flite kal16, slt and rms) in
pink noise at 15 and 10 dB SNR, each heard by the PocketSphinx spotter (at ``wake.threshold_exponent``, or
``--threshold``; ``--confirm score`` or ``whisper``: with that second look, as the skill opens it)

- cold: a fresh decoder from the model's own initial cepstral mean (before the warm start);
- warm: a fresh spotter as the skill opens it, from the stored typical mean (``TYPICAL_CMN``);
- later: a spotter that has already heard three other wake-phrase questions in the same room.

Deterministic; prints figures, asserts nothing.

    python benchmarks/warm_start.py [--confirm none|score|whisper] [--threshold -30]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.speech_in import questions
from tests.support.noise import Noise, mix
from tests.support.speech import SpeechCache, clean_speech, to_audio
from voice_skill import Config, Skill
from voice_skill.audio import chunked
from voice_skill.wake import Confirm, ConfirmedSpotter, PhraseCheck, WakeHit, WakeSettings, WakeSpotter
from voice_skill.wake.engines import open_checker
from voice_skill.wake.pocketsphinx_spotter import PocketSphinxSpotter

MODEL_CMN = "40,3,-1,0,0,0,0,0,0,0,0,0,0"
"""The en-us model's initial cepstral mean (feat.params), where a decoder starts without a warm start."""
SNRS = (15.0, 10.0)
VOICES = ("kal16", "slt", "rms")
EARLIER = 3
PHRASE = "hey helper"


def hear(spotter: WakeSpotter, samples: np.ndarray) -> WakeHit | None:
    spotter.start()
    for chunk in chunked(samples):
        spotter.feed(chunk)
    return spotter.finish()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--confirm", default="none", help="the second look: none (default), score or whisper")
    parser.add_argument("--threshold", type=float, help="spotter threshold exponent (default: the config's)")
    args = parser.parse_args()
    confirm = Confirm(args.confirm)
    exponent = Config().wake.threshold_exponent if args.threshold is None else args.threshold
    threshold = 10.0**exponent
    checker: PhraseCheck | None = None
    if confirm is not Confirm.NONE:
        checker = open_checker(WakeSettings(phrase=PHRASE, confirm=confirm))

    def looked(spotter: PocketSphinxSpotter) -> WakeSpotter:
        return spotter if checker is None else ConfirmedSpotter(spotter, checker)

    skill = Skill.load()
    speech = SpeechCache(Path(tempfile.gettempdir()) / "voice-skill-wake-bench", 2)
    items = questions(skill)[::4]
    speech.prefetch([(f"{PHRASE}, {text}", v, 1.0) for _, text in items for v in VOICES])

    def said(i: int, voice: str, snr: float, rng: np.random.Generator) -> np.ndarray:
        clean = clean_speech(speech, f"{PHRASE}, {items[i % len(items)][1]}", voice, 1.0)
        return to_audio(mix(clean, Noise("pink", snr), rng, speech)).samples

    at = f"'{PHRASE}' at 1e{exponent:g}"
    print(f"{len(items)} questions x {len(VOICES)} voices, {at}, second look {confirm}; woke / clips")
    for snr in SNRS:
        woke = {"cold": 0, "warm": 0, "later": 0}
        clips = 0
        for i in range(len(items)):
            for voice in VOICES:
                rng = np.random.default_rng([i, VOICES.index(voice), int(snr)])
                clip = said(i, voice, snr, rng)
                clips += 1
                cold = PocketSphinxSpotter(PHRASE, threshold)
                cold._decoder.set_cmn(MODEL_CMN)
                woke["cold"] += hear(looked(cold), clip) is not None
                woke["warm"] += hear(looked(PocketSphinxSpotter(PHRASE, threshold)), clip) is not None
                later = PocketSphinxSpotter(PHRASE, threshold)
                for j in range(1, EARLIER + 1):
                    hear(later, said(i + j, voice, snr, rng))
                woke["later"] += hear(looked(later), clip) is not None
        print(
            f"pink {snr:g} dB: first wake, cold {woke['cold']}/{clips} ({100 * woke['cold'] / clips:.1f}%); "
            f"first wake, warm {woke['warm']}/{clips} ({100 * woke['warm'] / clips:.1f}%); "
            f"after {EARLIER} earlier wakes {woke['later']}/{clips} ({100 * woke['later'] / clips:.1f}%)"
        )


if __name__ == "__main__":
    main()
