"""A second engine on the same audio, for safety only: its hypotheses are searched for warning signs.

Whisper is the better ear, but it can turn "I am bleeding heavily" into "I am leaving heavily". The
biased PocketSphinx decode of the same audio is cheap (it streams, at a tenth of real time) and leans
towards the skill's words, warning signs most of all; what it heard goes into
:attr:`Transcript.second_opinion`, which the pipeline only ever searches for warning signs: it never
answers a question on PocketSphinx's word alone.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .recognizer import Recognizer, Transcript


class SecondOpinion(Recognizer):
    """``primary`` answers; ``second``'s best guesses ride along for the safety check."""

    def __init__(self, primary: Recognizer, second: Recognizer) -> None:
        self.primary = primary
        self.second = second
        self.name = primary.name
        self.notes = (*primary.notes, *second.notes)
        self.missing_words = primary.missing_words

    def start(self) -> None:
        self.primary.start()
        self.second.start()

    def feed(self, samples: np.ndarray) -> Transcript | None:
        self.second.feed(samples)
        return self.primary.feed(samples)

    def pause(self) -> None:
        self.primary.pause()

    def resume(self) -> None:
        self.primary.resume()

    def finish(self) -> Transcript:
        heard = self.primary.finish()
        other = self.second.finish()
        hypotheses = tuple(dict.fromkeys(h for h in (other.text, *other.alternatives) if h.strip()))
        return replace(heard, second_opinion=hypotheses)

    def close(self) -> None:
        self.primary.close()
        self.second.close()
