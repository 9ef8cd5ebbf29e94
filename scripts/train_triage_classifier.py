# ruff: noqa: T201
"""Train the triage's second opinion and write it beside the built-in intents (``intents/en/triage-model.npz``).

    PYTHONPATH=. python scripts/train_triage_classifier.py [--out PATH]

The data is TRAIN of ``tests/support/triage_data.py`` (never the CHECK rows, never a ``-test`` file); its checksum
is written into the model, so ``tests/test_second_opinion.py`` fails when the data changed and the model was not
trained again. The features and settings are the ones ``benchmarks/triage_second_opinion.py`` chose by
cross-validation on TRAIN. Training is deterministic (full-batch, from zero weights): the same data gives the same
weights.
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path
from typing import Any

import numpy as np

from tests.support.triage_data import checksum, train_rows
from voice_skill.base.files import atomic_write
from voice_skill.intent import IntentSet, builtin_intent_dir
from voice_skill.intent.second_opinion import MODEL_FILE, FeatureSpec, TrainSettings, features, fit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", help=f"where to write the model (default: the built-in intents' {MODEL_FILE})")
    args = parser.parse_args()
    start = time.perf_counter()
    folder = builtin_intent_dir("en")
    intents = IntentSet.from_files([folder])
    rows = train_rows(intents)
    spec, settings = FeatureSpec(), TrainSettings()
    feats = [features(intents.normalizer(row.text).words, spec) for row in rows]
    model = fit(feats, np.array([row.urgent for row in rows]), spec, settings, checksum(rows))
    buffer = io.BytesIO()
    arrays: dict[str, Any] = model.to_arrays()  # the stubs read any keyword as savez's allow_pickle
    np.savez_compressed(buffer, **arrays)
    out = args.out or str(folder / MODEL_FILE)

    atomic_write(Path(out), buffer.getvalue())
    urgent = sum(row.urgent for row in rows)
    print(f"{len(rows)} rows ({urgent} urgent), {np.count_nonzero(model.weights)} weights in use, "
          f"{len(buffer.getvalue()) / 1024:.0f} KiB -> {out} ({time.perf_counter() - start:.1f} s)")  # fmt: skip
    print(f"training data checksum {model.checksum}")


if __name__ == "__main__":
    main()
