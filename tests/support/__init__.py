"""What tests, benchmarks and scripts share: speech synthesis (:mod:`.speech`), noise (:mod:`.noise`),
a tiny real Vosk model (:mod:`.vosk_model`) and real Chromium (:mod:`.browser`, a pytest plugin).

Importable as ``tests.support`` from a checkout installed with ``pip install -e`` (the editable
install puts the checkout on ``sys.path``), so nothing edits ``sys.path``.
"""

from .noise import Noise, active_power, babble, mix, pink, white, with_noise
from .speech import Synthesiser, SynthesisError, as_spoken, join, silence, speak, to_audio

__all__ = [
    "Noise",
    "SynthesisError",
    "Synthesiser",
    "active_power",
    "as_spoken",
    "babble",
    "join",
    "mix",
    "pink",
    "silence",
    "speak",
    "to_audio",
    "white",
    "with_noise",
]
