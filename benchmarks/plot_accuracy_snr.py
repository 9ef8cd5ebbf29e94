"""Plot intent accuracy against SNR, one line per engine, from benchmarks/speech_in.py --out JSON.

Babble (other people talking) is drawn as lines; pink noise, when measured, as single markers in the
engine's colour. The dotted and dashed lines are the issue's targets for the default engine.

python benchmarks/plot_accuracy_snr.py benchmarks/results/speech_in.json docs/accuracy_vs_snr.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

CLEAN_AT = 25.0
"""Where "clean" is drawn on the SNR axis."""
TARGETS = {"clean": 96.0, "babble:15": 90.0, "babble:10": 80.0}
"""Accuracy targets (%) for the default engine."""


def snr_of(condition: str) -> tuple[str, float]:
    """(noise kind, SNR on the plot's axis) of a condition name such as ``babble:10`` or ``clean``."""
    if condition == "clean":
        return "clean", CLEAN_AT
    kind, _, snr = condition.partition(":")
    return kind, float(snr)


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit("usage: plot_accuracy_snr.py RESULTS.json OUT.png")
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=120)
    for result in data["results"]:
        line: list[tuple[float, float]] = []
        pink: list[tuple[float, float]] = []
        for condition, figures in result["conditions"].items():
            kind, snr = snr_of(condition)
            point = (snr, 100 * figures["accuracy"])
            (pink if kind == "pink" else line).append(point)
        line.sort()
        drawn = ax.plot([p[0] for p in line], [p[1] for p in line], marker="o", linewidth=2, label=result["engine"])
        if pink:
            ax.scatter([p[0] for p in pink], [p[1] for p in pink], marker="s", color=drawn[0].get_color(), zorder=3)
    for condition, target in TARGETS.items():
        _, snr = snr_of(condition)
        ax.plot([snr], [target], marker="_", markersize=22, color="black", linestyle="none")
    ax.plot([], [], marker="_", markersize=12, color="black", linestyle="none", label="target (default engine)")
    ax.scatter([], [], marker="s", color="grey", label="pink noise (others: babble)")
    ticks = sorted({snr_of(c)[1] for r in data["results"] for c in r["conditions"]})
    ax.set_xticks(ticks, ["clean" if t == CLEAN_AT else f"{t:g} dB" for t in ticks])
    ax.set_xlabel("signal-to-noise ratio")
    ax.set_ylabel("intent accuracy (%)")
    ax.set_ylim(0, 100)
    voices = ", ".join(data["voices"])
    title = f"Spoken held-out questions: {data['questions']} x {len(data['voices'])} voices ({voices})"
    ax.set_title(title, fontsize=9)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(sys.argv[2])


if __name__ == "__main__":
    main()
