"""Matcher latency and start-up time for the shipped intents.

Prints figures; asserts nothing (targets live here, not in timed tests).
Target: p99 under 1 ms per query on one core. Two query sets: the intents' own tests and the test data's
held-out and warning-sign phrasings (short), and the development splits of typed questions under ``eval/``
(``*-dev*.jsonl``: real questions copied from public pages and warning signs in people's words, longer).
The loaded skill is set out of the garbage collector's reach first, as ``listen`` and ``kiosk`` do
(``--no-freeze``: not).

    python benchmarks/matcher_latency.py [--rounds N] [--no-freeze]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import time
from collections.abc import Callable
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


def typed_questions() -> list[str]:
    """The development splits' questions (never the test splits)."""
    return [
        json.loads(line)["text"]
        for path in sorted((ROOT / "eval").glob("*-dev*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def timed(match: Callable[[str], object], texts: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Milliseconds per query over ``rounds`` passes, sorted: wall-clock time, and the thread's CPU time (which
    leaves out the time other processes had the core: on a shared machine the wall-clock tail is theirs)."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
            match(text)
            cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
            wall.append((time.perf_counter_ns() - start) / 1e6)
    return sorted(wall), sorted(cpu)


def pct(samples: list[float], p: float) -> float:
    return samples[min(len(samples) - 1, int(p / 100 * len(samples)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the query set")
    parser.add_argument("--no-freeze", action="store_true", help="leave the loaded skill to the garbage collector")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    t0 = time.perf_counter()
    from voice_skill import Skill

    t1 = time.perf_counter()
    skill = Skill.load()
    t2 = time.perf_counter()
    texts = queries()
    typed = typed_questions()
    for text in texts + typed:  # warm-up (fills the spelling cache as a running skill would)
        skill.matcher.match(text)
    if not args.no_freeze:
        gc.collect()
        gc.freeze()
    samples, cpu = timed(skill.matcher.match, texts, args.rounds)
    typed_samples, typed_cpu = timed(skill.matcher.match, typed, max(1, args.rounds // 4))

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
    print("garbage collector: " + ("the loaded skill left to it" if args.no_freeze else "the loaded skill frozen"))
    print(f"match p50:          {pct(samples, 50):8.3f} ms")
    print(f"match p90:          {pct(samples, 90):8.3f} ms")
    print(f"match p99:          {pct(samples, 99):8.3f} ms   (target < 1 ms)")
    print(f"match max:          {samples[-1]:8.3f} ms")
    print(f"match mean:         {statistics.fmean(samples):8.3f} ms")
    print(f"  CPU time p50 / p99 / max: {pct(cpu, 50):.3f} / {pct(cpu, 99):.3f} / {cpu[-1]:.3f} ms")
    print(f"typed questions: {len(typed)} x {max(1, args.rounds // 4)} rounds")
    print(
        f"  match p50 / p90 / p99 / max: {pct(typed_samples, 50):.3f} / {pct(typed_samples, 90):.3f} / "
        f"{pct(typed_samples, 99):.3f} / {typed_samples[-1]:.3f} ms"
    )
    print(f"  CPU time p50 / p99 / max: {pct(typed_cpu, 50):.3f} / {pct(typed_cpu, 99):.3f} / {typed_cpu[-1]:.3f} ms")
    print(f"first query, cold:  {statistics.median(cold):8.3f} ms median")


if __name__ == "__main__":
    main()
