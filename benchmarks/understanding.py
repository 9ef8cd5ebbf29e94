"""Understanding: real questions, everyday questions from other domains, and warning signs in new words.

Typed text through the matcher and the dialogue's first answer (no speech). Prints, per data set:

Every ``eval/<kind>-dev*.jsonl`` is a tuning split, every ``eval/<kind>-test*.jsonl`` a held-out one, never tuned
on (``-test2`` splits were written later, without looking at the rules).

- real questions (``real-*``, from public pages, each with its acceptable outcomes): the share answered with an
  acceptable outcome, answered wrongly, fallen back although answerable, and, of the questions the guide cannot
  answer, the share answered with a topic anyway;
- other domains (``other-*``): the share answered with an HSG topic (should be the fallback);
- warning signs and emergencies in fresh words (``triage-*``: hurried and transcribed phrasings, and calm near
  misses): the urgent ones missed and the calm near misses answered as urgent, per category; the sets split in
  two are reported by half (``triage-dev3``: rows 1-100 were tuned on, rows 101-200 kept as a check;
  ``triage-dev7`` to ``triage-dev10``: the rows at even line index, counting from 0, were tuned
  on, the odd ones kept as a check;
  ``triage-dev4``, ``triage-dev5``, ``triage-dev6`` and ``triage-dev11`` were split so for a round or two, and are
  now tuned on whole;
  ``--show`` lists the misses of the tuned half only, ``--whole`` reports such sets whole instead);
- signs happening now said beside a clause that holds a clearing cue of its own (``triage-clauses-*.json``: "what
  are the warning signs, my pain is unbearable"; every pairing must stay urgent; ``-dev`` tuned on, ``-test`` not);
- match latency p50 / p99 over all of it (one thread, after a warm-up).

    python benchmarks/understanding.py [--show] [--whole]   # --show lists every miss of the tuning sets (never
                                                            # the held-out ones, nor a check half: they are for
                                                            # measuring only)
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from voice_skill import Decision, Skill
from voice_skill.evaluation import outcome_label

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"


def rows(name: str) -> list[dict]:
    path = EVAL / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def accepted(row: dict) -> list[str]:
    label = row.get("accept", row.get("label"))
    return [label] if isinstance(label, str) else list(label or ())


@dataclass(frozen=True)
class RealFigures:
    """How one set of real questions was answered."""

    n: int
    answerable: int
    good: int
    wrong: int
    fallback_answerable: int
    uncovered_answered: int
    cautioned: int
    """Fallbacks that told the warning signs first (the question spoke of the body or of feeling unwell)."""
    misses: list[tuple[str, list[str], str]]

    def print(self, title: str) -> None:
        uncovered = self.n - self.answerable
        print(f"{title}: {self.n} real questions ({self.answerable} answerable by the guide, {uncovered} not)")
        good, wrong = 100 * self.good / max(1, self.n), 100 * self.wrong / max(1, self.n)
        fallback = 100 * self.fallback_answerable / max(1, self.answerable)
        print(
            f"  good answers {good:5.1f}%   wrong answers {wrong:5.1f}%   "
            f"fallback although answerable {fallback:5.1f}% of those"
        )
        share = 100 * self.uncovered_answered / max(1, uncovered)
        print(f"  not covered by the guide but answered with a topic: {share:5.1f}%")
        print(f"  fallbacks that told the warning signs first: {self.cautioned} of the {self.n} questions")


def real_figures(skill: Skill, data: list[dict]) -> RealFigures:
    good = wrong = fallback_answerable = answerable = uncovered_answered = cautioned = 0
    misses = []
    for row in data:
        result = skill.matcher.match(row["text"])
        cautioned += result.caution
        got = outcome_label(result.intent, result.decision.value)
        accept = accepted(row)
        can = any(a != "fallback" for a in accept)
        answerable += can
        if got in accept:
            good += 1
        else:
            misses.append((row["text"], accept, got))
            if got == "fallback":
                fallback_answerable += can
            else:
                wrong += 1
                uncovered_answered += not can
    return RealFigures(len(data), answerable, good, wrong, fallback_answerable, uncovered_answered, cautioned, misses)


def real_questions(skill: Skill, name: str, show: bool, seen: frozenset[str] = frozenset()) -> None:
    """The figures of one split; for a held-out one, also on its rows no tuning split holds (``seen``: the tuning
    splits' texts, as :func:`key` makes them): a question copied from the same page into a tuning split was tuned
    on, and only the others measure questions never seen."""
    data = rows(name)
    figures = real_figures(skill, data)
    figures.print(name)
    unseen = [row for row in data if key(row["text"]) not in seen]
    if "test" in name and len(unseen) < len(data):
        real_figures(skill, unseen).print(f"{name}, the {len(unseen)} rows in no tuning split")
    if show:
        for text, accept, got in figures.misses:
            print(f"    {got:28} want {'|'.join(accept):40} {text}")


def key(text: str) -> str:
    """A question as compared across splits: lower case, letters and digits only."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def other_domains(skill: Skill, name: str, show: bool) -> None:
    data = rows(name)
    answered = [r["text"] for r in data if skill.matcher.match(r["text"]).decision is not Decision.FALLBACK]
    urgent = [r["text"] for r in data if skill.matcher.match(r["text"]).urgent]
    print(f"{name}: {len(data)} everyday questions from other domains")
    print(f"  answered with an HSG topic: {100 * len(answered) / len(data):5.1f}%  (as urgent: {len(urgent)})")
    if show:
        for text in answered:
            print(f"    {skill.matcher.match(text).intent:28} {text}")


DEV3_HALF = 100
"""``triage-dev3.jsonl``: the rows before this were tuned on, the rest kept as a check."""


@dataclass(frozen=True)
class Split:
    """A tuning set split in two: the rows tuned on and the rows kept as a check (measured, never read)."""

    tuned: slice
    check: slice
    tuned_title: str
    check_title: str


SPLITS = {
    "triage-dev3.jsonl": Split(
        slice(None, DEV3_HALF),
        slice(DEV3_HALF, None),
        f"rows 1-{DEV3_HALF} (tuned on)",
        f"rows {DEV3_HALF + 1}- (kept as a check)",
    ),
    "triage-dev7.jsonl": Split(
        slice(0, None, 2), slice(1, None, 2), "even rows (tuned on)", "odd rows (kept as a check)"
    ),
    "triage-dev8.jsonl": Split(
        slice(0, None, 2), slice(1, None, 2), "even rows (tuned on)", "odd rows (kept as a check)"
    ),
    "triage-dev9.jsonl": Split(
        slice(0, None, 2), slice(1, None, 2), "even rows (tuned on)", "odd rows (kept as a check)"
    ),
    "triage-dev10.jsonl": Split(
        slice(0, None, 2), slice(1, None, 2), "even rows (tuned on)", "odd rows (kept as a check)"
    ),
}
"""The triage sets reported by half (``--whole``: not)."""


def warning_signs(skill: Skill, name: str, show: bool, part: slice = slice(None), title: str = "") -> None:
    data = rows(name)[part]
    total: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    misses = []
    cautioned: Counter[str] = Counter()
    for row in data:
        result = skill.matcher.match(row["text"])
        total[row["category"]] += 1
        cautioned[row["category"]] += result.caution
        if result.urgent != row["urgent"]:
            wrong[row["category"]] += 1
            misses.append((row["category"], row["text"], result.intent))
    urgent = sum(n for c, n in total.items() if c != "calm_near_miss")
    missed = sum(n for c, n in wrong.items() if c != "calm_near_miss")
    calm = total["calm_near_miss"]
    print(f"{title or name}: {urgent} warning signs and emergencies, {calm} calm near misses")
    print(f"  urgent missed: {missed} of {urgent}; calm answered as urgent: {wrong['calm_near_miss']} of {calm} "
          f"({100 * wrong['calm_near_miss'] / max(1, calm):.0f}%)")  # fmt: skip
    print("  " + ", ".join(f"{c} {total[c] - wrong[c]}/{total[c]}" for c in total))
    told = sum(n for c, n in cautioned.items() if c != "calm_near_miss")
    print(f"  of the urgent missed, told the warning signs with the fallback: {told} of {missed}; calm near misses "
          f"told them: {cautioned['calm_near_miss']}")  # fmt: skip
    if show:
        for category, text, intent in misses:
            print(f"    {category:16} -> {intent:28} {text}")


def pairings(name: str) -> list[str]:
    """Every utterance of a ``triage-clauses`` file: each sign joined to each clause in each of its ways."""
    data = json.loads((EVAL / name).read_text(encoding="utf-8"))
    joins, signs, clauses = data["joins"], data["signs"], data["clauses"]
    return [join.format(sign=sign, clause=clause) for sign in signs for clause in clauses for join in joins]


def beside_clauses(skill: Skill, name: str, show: bool) -> None:
    """Signs happening now beside a clause that clears something else: every pairing must be urgent."""
    texts = pairings(name)
    missed = [text for text in texts if not skill.matcher.match(text).urgent]
    print(f"{name}: {len(texts)} signs happening now, each beside a clause with a clearing cue of its own")
    print(f"  urgent missed: {len(missed)} of {len(texts)} ({100 * len(missed) / len(texts):.1f}%)")
    if show:
        for text in missed:
            print(f"    {text}")


def latency(skill: Skill) -> None:
    texts = [r["text"] for f in sorted(EVAL.glob("*.jsonl")) for r in rows(f.name) if "text" in r]
    for text in texts:
        skill.matcher.match(text)
    times = []
    for _ in range(3):
        for text in texts:
            start = time.perf_counter()
            skill.matcher.match(text)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"match latency over {len(texts)} questions x 3: p50 {statistics.median(times):.2f} ms, "
          f"p99 {times[int(0.99 * len(times))]:.2f} ms")  # fmt: skip


def splits(kind: str) -> list[str]:
    """The files of one kind in eval/: the tuning splits (``<kind>-dev*.jsonl``) first, then the held-out ones
    (``<kind>-test*.jsonl``)."""
    return [p.name for part in ("dev", "test") for p in sorted(EVAL.glob(f"{kind}-{part}*.jsonl"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--show", action="store_true", help="list every miss of the tuning sets (tuned halves only)")
    parser.add_argument("--whole", action="store_true", help="report the triage sets split in two as one set each")
    args = parser.parse_args()
    skill = Skill.load()
    seen = frozenset(key(row["text"]) for name in splits("real") if "dev" in name for row in rows(name))
    for name in splits("real"):
        real_questions(skill, name, args.show and "test" not in name, seen)
    for name in splits("other"):
        other_domains(skill, name, args.show and "test" not in name)
    for name in splits("triage"):
        split = SPLITS.get(name)
        if split is not None and not args.whole:
            warning_signs(skill, name, args.show, split.tuned, f"{name} {split.tuned_title}")
            warning_signs(skill, name, False, split.check, f"{name} {split.check_title}")
        elif split is not None:
            warning_signs(skill, name, False, title=f"{name} (whole)")
        else:
            warning_signs(skill, name, args.show and "test" not in name)
    for name in ("triage-clauses-dev.json", "triage-clauses-test.json"):
        beside_clauses(skill, name, args.show and "test" not in name)
    latency(skill)


if __name__ == "__main__":
    main()
