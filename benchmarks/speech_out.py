"""Speech out: time to first audio for typical answers, and synthesis real-time factor.

Prints figures; asserts nothing. Uses the real pyttsx3 + espeak-ng engine (in its child
process) and a playback seam that records instead of playing, so it runs without a sound card.

    python benchmarks/speech_out.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from voice_skill import Skill
from voice_skill.tts import RecordingPlayer, Speaker, SpeechSettings, sentences
from voice_skill.tts.pyttsx3_engine import Pyttsx3Synthesizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="passes over every answer")
    args = parser.parse_args()
    skill = Skill.load()
    answers = [i.answer for i in skill.intents if i.is_topic]
    settings = SpeechSettings(rate=skill.config.voice.rate, volume=skill.config.voice.volume)

    started = time.perf_counter()
    synth = Pyttsx3Synthesizer()
    engine_start = time.perf_counter() - started

    synth_times, audio_seconds = [], 0.0
    for _ in range(args.rounds):
        for answer in answers:
            t0 = time.perf_counter()
            audio = synth.render(answer, settings)
            synth_times.append(time.perf_counter() - t0)
            audio_seconds += audio.duration

    first_audio = []
    player = RecordingPlayer(realtime=False)
    speaker = Speaker(synth, player)
    for _ in range(args.rounds):
        for answer in answers:
            player.started.clear()
            t0 = time.perf_counter()
            speaker.say(answer, settings)
            player.started.wait(10)
            first_audio.append(time.perf_counter() - t0)
            speaker.wait(30)
    speaker.close()

    def ms(values: list[float], q: float) -> float:
        values = sorted(values)
        return 1000 * values[min(len(values) - 1, int(q * len(values)))]

    words = statistics.fmean(len(a.split()) for a in answers)
    sents = statistics.fmean(len(sentences(a)) for a in answers)
    print(f"answers: {len(answers)} topic answers x {args.rounds} rounds")
    print(f"answer length: {words:.0f} words, {sents:.1f} sentences on average")
    print(f"engine start (child process):       {engine_start * 1000:8.1f} ms")
    print(f"whole-answer synthesis p50 / p95:   {ms(synth_times, 0.5):8.1f} / {ms(synth_times, 0.95):.1f} ms")
    print(f"time to first audio p50 / p95:      {ms(first_audio, 0.5):8.1f} / {ms(first_audio, 0.95):.1f} ms")
    print(f"synthesis real-time factor:         {sum(synth_times) / audio_seconds:8.4f}  (synthesis time / audio time)")


if __name__ == "__main__":
    main()
