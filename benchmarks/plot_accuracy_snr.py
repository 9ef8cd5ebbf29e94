"""Plot intent accuracy against SNR per engine, from benchmarks/speech_in.py --out JSON.

python benchmarks/plot_accuracy_snr.py docs/speech_in.json docs/accuracy_vs_snr.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

CLEAN_AT = 30.0
"""Where "clean" is drawn on the SNR axis."""


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit("usage: plot_accuracy_snr.py RESULTS.json OUT.png")
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    series: dict[str, list[tuple[float, float]]] = {}
    for row in data["results"]:
        name = f"{row['engine']} ({'biased' if row['bias'] else 'unbiased'})"
        snr = CLEAN_AT if row["snr"] is None else float(row["snr"])
        series.setdefault(name, []).append((snr, 100 * row["accuracy"]))
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    for name, points in sorted(series.items()):
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", linewidth=2, label=name)
    ax.axhline(95, color="grey", linestyle=":", linewidth=1)
    ax.axhline(85, color="grey", linestyle="--", linewidth=1)
    ax.set_xticks([5, 15, CLEAN_AT], ["5 dB", "15 dB", "clean"])
    ax.set_xlabel("signal-to-noise ratio (pink noise)")
    ax.set_ylabel("intent accuracy (%)")
    ax.set_ylim(0, 100)
    voices = ", ".join(data["voices"])
    ax.set_title(f"Spoken questions: {data['questions']} held-out x {len(data['voices'])} voices ({voices})")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(sys.argv[2])


if __name__ == "__main__":
    main()
