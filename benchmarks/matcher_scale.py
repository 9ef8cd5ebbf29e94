"""Matcher at scale, and against a plain rapidfuzz baseline.

1. Latency with 1,000 synthetic intents x 20 examples (target: p99 under 10 ms).
2. The shipped intents: the project's matcher against `rapidfuzz.process.extractOne`
   (WRatio over the same examples, at its best score cutoff) on labelled rows,
   so the gain of the project's matcher is visible.

    python benchmarks/matcher_scale.py [DATA.jsonl]   (default: eval/dev.jsonl, else the held-out test data)

Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from voice_skill import Matcher, Skill
from voice_skill.intent import FALLBACK_ID, IntentSet, builtin_intent_dir

ROOT = Path(__file__).resolve().parent.parent

BASELINE_CUTOFFS = (0.0, 50.0, 60.0, 70.0, 80.0, 90.0)
"""The baseline answers when extractOne's score reaches the cutoff; the best cutoff is reported."""


def synthetic(n_intents: int, n_examples: int, seed: int = 7) -> IntentSet:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ten", "ra", "sul", "po", "vin", "da", "re", "shu", "gal", "ne", "tor", "bi"]
    vocab = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 3))) for _ in range(6000)})
    data = yaml.safe_load((builtin_intent_dir() / "language.yaml").read_text(encoding="utf-8"))
    intents: dict[str, dict] = {}
    seen: set[str] = set()
    for i in range(n_intents):
        core = rng.sample(vocab, 3)
        examples = []
        while len(examples) < n_examples:
            words = core[: rng.randint(1, 3)] + rng.sample(vocab, rng.randint(1, 5))
            rng.shuffle(words)
            text = " ".join(words)
            if text not in seen:
                seen.add(text)
                examples.append(text)
        intents[f"topic_{i}"] = {
            "kind": "topic",
            "urgent": False,
            "title": f"topic {i}",
            "source": "synthetic",
            "answer": "Synthetic.",
            "detail": "Synthetic.",
            "examples": examples,
        }
    intents[FALLBACK_ID] = {
        "kind": "fallback",
        "title": "something else",
        "answer": "No.",
        "examples": [f"zz{n} qq{n}" for n in range(10)],
    }
    data["intents"] = intents
    return IntentSet.from_dict(data)


def latency(matcher: Matcher, queries: list[str], rounds: int = 3) -> tuple[float, float]:
    for q in queries:
        matcher.match(q)
    samples = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter_ns()
            matcher.match(q)
            samples.append((time.perf_counter_ns() - t) / 1e6)
    samples.sort()
    return samples[len(samples) // 2], samples[int(0.99 * len(samples))]


def labelled_rows(path: Path | None) -> tuple[str, list[tuple[str, str]]]:
    if path is None:
        dev = ROOT / "eval" / "dev.jsonl"
        path = dev if dev.is_file() else None
    if path is not None:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), [
            (r["text"], r["label"]) for r in rows if "text" in r
        ]
    data = yaml.safe_load((ROOT / "tests" / "data" / "heldout.yaml").read_text(encoding="utf-8"))
    rows = [(u, k) for group in data.values() for k, us in group.items() for u in us]
    rows += [(u, FALLBACK_ID) for u in yaml.safe_load((ROOT / "tests" / "data" / "out_of_scope.yaml").read_text())]
    return "tests/data (held-out + out-of-scope)", rows


def main() -> None:
    t = time.perf_counter()
    big = synthetic(1000, 20)
    built = time.perf_counter() - t
    t = time.perf_counter()
    matcher = Matcher(big)
    indexed = time.perf_counter() - t
    rng = random.Random(3)
    queries = []
    for intent in rng.sample(list(big), 200):
        words = rng.choice(intent.examples).split()
        rng.shuffle(words)
        queries.append(" ".join([*words, "please", "tell", "me"]))
    p50, p99 = latency(matcher, queries)
    print(f"synthetic: 1000 intents x 20 examples; load {built * 1000:.0f} ms, index {indexed * 1000:.0f} ms")
    print(f"  match p50 {p50:.2f} ms, p99 {p99:.2f} ms (target p99 < 10 ms)")

    skill = Skill.load()
    name, rows = labelled_rows(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    choices, owners = [], []
    for intent in skill.intents:
        for example in intent.examples:
            choices.append(example.lower())
            owners.append(intent.id)
    ours = 0
    base = dict.fromkeys(BASELINE_CUTOFFS, 0)
    ours_ms, base_ms = [], []
    for text, label in rows:
        t = time.perf_counter()
        result = skill.matcher.match(text)
        ours_ms.append((time.perf_counter() - t) * 1000)
        ours += (FALLBACK_ID if result.decision.value == "fallback" else result.intent) == label
        t = time.perf_counter()
        hit = process.extractOne(text.lower(), choices, scorer=fuzz.WRatio)
        base_ms.append((time.perf_counter() - t) * 1000)
        for cutoff in BASELINE_CUTOFFS:
            guess = owners[hit[2]] if hit is not None and hit[1] >= cutoff else FALLBACK_ID
            base[cutoff] += guess == label
    n = len(rows)
    ours_ms.sort()
    base_ms.sort()
    print(f"shipped intents on {name} ({n} rows):")
    print(f"  {'voice-skill matcher:':30} accuracy {100 * ours / n:5.1f}%  p50 {ours_ms[n // 2]:.2f} ms")
    best = max(BASELINE_CUTOFFS, key=lambda c: base[c])
    label = f"extractOne(WRatio) >= {best:.0f}:"
    print(f"  {label:30} accuracy {100 * base[best] / n:5.1f}%  p50 {base_ms[n // 2]:.2f} ms  (best cutoff)")


if __name__ == "__main__":
    main()
