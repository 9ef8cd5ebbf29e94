"""Matcher latency and start-up time for the shipped intents.

Prints figures; asserts nothing (targets live here, not in timed tests).
Target: p99 under 1 ms per query on one core.

    python benchmarks/matcher_latency.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def queries() -> list[str]:
    from voice_skill import Skill

    skill = Skill.load()
    texts = [t for intent in skill.intents for t in intent.tests]
    data = ROOT / "tests" / "data"
    for name in ("heldout.yaml", "warning_signs.yaml"):
        loaded = yaml.safe_load((data / name).read_text(encoding="utf-8"))
        stack = [loaded]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                texts.extend(str(x) for x in item)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the query set")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    t0 = time.perf_counter()
    from voice_skill import Skill

    t1 = time.perf_counter()
    skill = Skill.load()
    t2 = time.perf_counter()
    texts = queries()
    for text in texts:  # warm-up (fills the spelling cache as a running skill would)
        skill.matcher.match(text)
    samples: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            start = time.perf_counter_ns()
            skill.matcher.match(text)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()

    def pct(p: float) -> float:
        return samples[min(len(samples) - 1, int(p / 100 * len(samples)))]

    cold = []
    for text in texts[:50]:
        fresh = type(skill.matcher)(skill.intents, skill.config.match)
        start = time.perf_counter_ns()
        fresh.match(text)
        cold.append((time.perf_counter_ns() - start) / 1e6)

    examples = sum(len(i.examples) for i in skill.intents)
    print(f"intents: {len(skill.intents)}  examples: {examples}  queries: {len(texts)} x {args.rounds} rounds")
    print("pinned to one core" if hasattr(os, "sched_setaffinity") else "not pinned")
    print(f"import time:        {(t1 - t0) * 1000:8.1f} ms")
    print(f"load + index time:  {(t2 - t1) * 1000:8.1f} ms")
    print(f"match p50:          {pct(50):8.3f} ms")
    print(f"match p90:          {pct(90):8.3f} ms")
    print(f"match p99:          {pct(99):8.3f} ms   (target < 1 ms)")
    print(f"match max:          {samples[-1]:8.3f} ms")
    print(f"match mean:         {statistics.fmean(samples):8.3f} ms")
    print(f"first query, cold:  {statistics.median(cold):8.3f} ms median")


if __name__ == "__main__":
    main()
