"""Listen start-up and memory: `voice-skill listen` as a user runs it, per engine, in its own process.

For each engine, runs ``voice-skill listen --no-speak --json --engine E --input FILE`` as a fresh process
(``ROUNDS`` times) on (a) a short silence, which measures the time until the skill is ready to hear (import,
intents, engine load, the first audio block), and (b) a spoken question, which measures the time until its
answer and the process's peak resident memory. Prints medians.

    python benchmarks/listen_startup.py [--engines whisper,pocketsphinx] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.speech import PAD_AFTER_S, join, silence, speak

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "is this cramping normal after my test"
READY_SILENCE_S = 0.3
"""The silence fed to measure readiness: shorter than any utterance, so nothing is decoded."""


def run_once(engine: str, wav: Path) -> tuple[float, float, list[dict]]:
    """(wall seconds, peak RSS in MB, the JSON lines printed) of one ``listen`` process."""
    command = [sys.executable, "-m", "voice_skill", "listen", "--no-speak", "--json", "--engine", engine]
    env = {**os.environ, "XDG_CONFIG_HOME": tempfile.mkdtemp()}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        child = subprocess.Popen([*command, "--input", str(wav)], stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
        wall = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"listen --engine {engine} failed ({child.returncode}): {err.read().strip()[-300:]}")
        lines = [json.loads(line) for line in out.read().splitlines() if line.strip()]
    return wall, usage.ru_maxrss / 1024, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--engines", default="whisper,pocketsphinx")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        quiet = Path(folder) / "quiet.wav"
        silence(READY_SILENCE_S).write_wav(quiet)
        spoken = Path(folder) / "question.wav"
        join(silence(0.3), speak(QUESTION, "slt"), silence(PAD_AFTER_S)).write_wav(spoken)
        print(f"{args.rounds} fresh processes per figure; question: {QUESTION!r} (slt)")
        for engine in args.engines.split(","):
            ready = [run_once(engine, quiet)[0] for _ in range(args.rounds)]
            answers = [run_once(engine, spoken) for _ in range(args.rounds)]
            intents = {line.get("intent") for _, _, lines in answers for line in lines}
            rss = statistics.median(peak for _, peak, _ in answers)
            print(
                f"{engine:13s} ready to hear p50 {statistics.median(ready):.2f} s (max {max(ready):.2f} s); "
                f"start to answer p50 {statistics.median(a[0] for a in answers):.2f} s; "
                f"peak RSS {rss:.0f} MB; answered {sorted(str(i) for i in intents)}"
            )


if __name__ == "__main__":
    main()
