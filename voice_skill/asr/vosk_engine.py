"""Vosk (Kaldi): the primary engine, with a model the user installs (see ``voice-skill models``).

Biased mode passes the skill's phrases as a runtime grammar with ``[unk]`` (Vosk builds a
small language model from them); words the model does not know are left out and reported.
The model is never fetched by vosk itself: ``Model(lang=...)`` and ``Model(model_name=...)``
go to the network and exit the process, so only ``Model(path)`` is used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from .bias import DomainText
from .recognizer import Recognizer, RecognizerError, Transcript, Word, require_module


class VoskRecognizer(Recognizer):
    """libvosk through the ``vosk`` package, on a model folder."""

    name = "vosk"

    def __init__(self, model_path: Path, domain: DomainText | None = None, model: Any = None) -> None:
        require_module("vosk", "vosk")
        import vosk

        vosk.SetLogLevel(-1)
        self.model_path = model_path
        if model is None:
            try:
                model = vosk.Model(str(model_path))
            except Exception as exc:  # noqa: BLE001 - vosk raises a bare Exception on any load failure
                raise RecognizerError(f"the Vosk model at {model_path} failed to load: {exc}") from None
        self.model = model
        """The loaded ``vosk.Model`` (a wake-phrase spotter shares it)."""
        self.grammar: list[str] | None = None
        if domain is not None:
            known = {w for w in domain.vocabulary if self.knows(w)}
            self.missing_words = domain.unexpectedly_missing([w for w in domain.vocabulary if w not in known])
            phrases = sorted({" ".join(w for w in s if w in known) for s in domain.sentences} - {""})
            self.grammar = [*phrases, "[unk]"]
        self._vosk = vosk
        self._rec: Any = None
        self._carry: list[Word] = []
        self._new_recognizer()

    def _new_recognizer(self) -> None:
        args: list[Any] = [self.model, float(self.sample_rate)]
        if self.grammar is not None:
            args.append(json.dumps(self.grammar))
        try:
            self._rec = self._vosk.KaldiRecognizer(*args)
        except Exception as exc:  # noqa: BLE001 - vosk raises a bare Exception when creation fails
            raise RecognizerError(f"Vosk could not create a recogniser: {exc}") from None
        self._rec.SetWords(True)

    def start(self) -> None:
        self._carry = []
        self._rec.Reset()

    def knows(self, word: str) -> bool:
        """Whether the model's vocabulary has ``word``."""
        return bool(self.model.vosk_model_find_word(word) >= 0)

    def feed(self, samples: np.ndarray) -> Transcript | None:
        try:
            accepted = self._rec.AcceptWaveform(samples.astype("<i2").tobytes())
        except Exception as exc:  # noqa: BLE001 - vosk raises a bare Exception when decoding fails
            raise RecognizerError(f"Vosk failed while decoding: {exc}") from None
        if accepted:
            # Vosk's own endpointer closed a segment inside our utterance: keep its words.
            self._carry += self._words(json.loads(self._rec.Result()))
        partial = json.loads(self._rec.PartialResult()).get("partial", "")
        return Transcript(partial, final=False) if partial else None

    def finish(self) -> Transcript:
        words = self._carry + self._words(json.loads(self._rec.FinalResult()))
        self._carry = []
        self._rec.Reset()
        words = [w for w in words if w.word != "[unk]"]
        confs = [w.confidence for w in words if w.confidence is not None]
        return Transcript(" ".join(w.word for w in words), tuple(words), min(confs) if confs else None)

    @staticmethod
    def _words(result: dict[str, Any]) -> list[Word]:
        return [
            Word(str(w["word"]), float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
            for w in result.get("result", [])
        ]
