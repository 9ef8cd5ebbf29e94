"""Kiosk soak: thousands of spoken questions through a running kiosk; memory and latency.

Starts `voice-skill kiosk --input -` as its own process (real PocketSphinx, the caption page
served with a live client reading its event stream), writes a stream of spoken questions to
its standard input as a microphone would deliver them (questions separated by pauses, and
now and then a long quiet spell so that visitors change), and reads the kiosk's own log.
Prints the resident memory after a warm-up and at the end, the growth, the distribution
of the kiosk's timings, and which questions went unanswered (found by lining up the intents
the kiosk logged with the questions' own). Asserts nothing.

    python benchmarks/kiosk_soak.py [--questions 2000] [--voices kal16,slt,rms]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

import numpy as np

from benchmarks.speech_in import pct, questions
from tests.support import silence, speak, with_noise
from voice_skill import Skill

ROOT = Path(__file__).resolve().parent.parent

PAUSE_S = 1.2
"""Quiet between two questions of one visitor."""
VISITOR_EVERY = 6
"""Questions per visitor; then a quiet spell longer than kiosk.new_visitor_after_s."""
VISITOR_GAP_S = 50.0
WARM_UP = 50
"""Questions answered before the first memory reading (model and caches loaded, pools full)."""
TURN = re.compile(r"turn intent=(\S+) .*asr_ms=([\d.]+) match_ms=([\d.]+) answer_ms=([\d.]+)")


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    return rss, hwm


@dataclass(frozen=True)
class Clip:
    """One spoken question of the pool."""

    intent: str
    text: str
    voice: str
    noisy: bool
    samples: np.ndarray


def spoken_pool(voices: list[str]) -> list[Clip]:
    """Each held-out question in each voice, some with pink noise at 15 dB."""
    pool = []
    for i, (intent, text) in enumerate(questions(Skill.load())):
        for j, voice in enumerate(voices):
            audio = speak(text, voice)
            noisy = (i + j) % 3 == 0
            if noisy:
                audio = with_noise(audio, 15.0, seed=i, kind="pink")
            pool.append(Clip(intent, text, voice, noisy, audio.samples))
    return pool


ALIGN_BAND = 60
"""How far (in questions) the answered turns may drift from the questions asked when aligning."""


def unanswered(expected: list[str], answered: list[str]) -> list[int]:
    """Which questions (by position) got no turn, from the order of the intents answered.

    The log holds no words, so the answered intents are aligned with the questions' own
    (edit distance within a band: the pool repeats, so a free alignment could slip by a whole
    cycle). A question lined up against no turn was not answered; a wrong intent still lines up.
    """
    n, m = len(expected), len(answered)
    band = max(ALIGN_BAND, abs(n - m) + 1)
    inf = n + m + 1
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0
    for i in range(n + 1):
        for j in range(max(0, i - band), min(m, i + band) + 1):
            if i == j == 0:
                continue
            best = inf
            if i and j:
                best = cost[i - 1][j - 1] + (expected[i - 1] != answered[j - 1])
            if i:
                best = min(best, cost[i - 1][j] + 1)
            if j:
                best = min(best, cost[i][j - 1] + 1)
            cost[i][j] = best
    missing, i, j = [], n, m
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (expected[i - 1] != answered[j - 1]):
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
            missing.append(i)
        else:
            j -= 1
    return sorted(missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--voices", default="kal16,slt,rms")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    t0 = time.perf_counter()
    pool = spoken_pool(args.voices.split(","))
    print(f"spoken pool: {len(pool)} clips, synthesised in {time.perf_counter() - t0:.0f} s", flush=True)
    pause = silence(PAUSE_S).samples.tobytes()
    gap = silence(VISITOR_GAP_S).samples.tobytes()

    kiosk = subprocess.Popen(
        [sys.executable, "-m", "voice_skill", "kiosk", "--input", "-", "--fast", "--captions-port", "0", "--no-speak"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=False,
        cwd=ROOT,
    )
    turns: list[tuple[str, float, float, float]] = []
    url: list[str] = []
    lines: list[str] = []
    ready = threading.Event()

    def read_log() -> None:
        assert kiosk.stderr is not None
        for raw in kiosk.stderr:
            line = raw.decode(errors="replace").rstrip()
            lines.append(line)
            if "captions at " in line:
                url.append(line.rsplit("captions at ", 1)[1])
                ready.set()
            if m := TURN.search(line):
                turns.append((m.group(1), float(m.group(2)), float(m.group(3)), float(m.group(4))))
        ready.set()

    def watch_captions() -> None:  # a caption screen stays connected all the time
        with urllib.request.urlopen(url[0] + "events", timeout=600) as stream:
            for _ in stream:
                pass

    threading.Thread(target=read_log, daemon=True).start()
    ready.wait(120)
    if url:
        threading.Thread(target=watch_captions, daemon=True).start()

    start_mem: tuple[float, float] | None = None
    audio_s = 0.0
    t_feed = time.perf_counter()
    assert kiosk.stdin is not None
    clips = cycle(pool)
    for n in range(1, args.questions + 1):
        clip = next(clips).samples.tobytes()
        kiosk.stdin.write(clip + pause)
        audio_s += (len(clip) + len(pause)) / 32000
        if n % VISITOR_EVERY == 0:
            kiosk.stdin.write(gap)
            audio_s += VISITOR_GAP_S
        if n == WARM_UP:
            while len(turns) < WARM_UP * 0.8 and kiosk.poll() is None:
                time.sleep(0.1)
            start_mem = rss_mb(kiosk.pid)
            print(f"after {WARM_UP} questions: RSS {start_mem[0]:.1f} MB", flush=True)
        if n % 250 == 0:
            print(f"  fed {n} questions, {len(turns)} answered, RSS {rss_mb(kiosk.pid)[0]:.1f} MB", flush=True)
    kiosk.stdin.flush()
    last, stable_since = -1, time.perf_counter()
    while time.perf_counter() - stable_since < 3.0 and kiosk.poll() is None:
        if len(turns) != last:
            last, stable_since = len(turns), time.perf_counter()
        time.sleep(0.2)
    end_mem = rss_mb(kiosk.pid)
    elapsed = time.perf_counter() - t_feed
    kiosk.stdin.close()
    kiosk.wait(60)

    answer = [t[3] for t in turns]
    asr = [t[1] for t in turns]
    match = [t[2] for t in turns]
    fallbacks = sum(t[0] == "fallback" for t in turns)
    asked = [pool[n % len(pool)] for n in range(args.questions)]
    lost = unanswered([c.intent for c in asked], [t[0] for t in turns])
    assert start_mem is not None
    figures = {
        "questions": args.questions,
        "answered": len(turns),
        "fallbacks": fallbacks,
        "audio_hours": round(audio_s / 3600, 2),
        "wall_s": round(elapsed, 1),
        "rss_start_mb": round(start_mem[0], 1),
        "rss_end_mb": round(end_mem[0], 1),
        "rss_growth_mb": round(end_mem[0] - start_mem[0], 1),
        "rss_peak_mb": round(end_mem[1], 1),
        "answer_ms": {q: round(pct(answer, p), 1) for q, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
        "answer_ms_max": round(max(answer), 1) if answer else None,
        "asr_ms_p50": round(pct(asr, 0.5), 1),
        "match_ms_p95": round(pct(match, 0.95), 2),
        "exit_code": kiosk.returncode,
        "errors_logged": sum(" ERROR: " in line for line in lines),
        "unanswered": [
            {"question": n + 1, "intent": asked[n].intent, "voice": asked[n].voice, "noisy": asked[n].noisy}
            for n in lost
        ],
    }
    print(json.dumps(figures, indent=2))
    print(
        f"\n{len(turns)} of {args.questions} questions answered ({fallbacks} fell back) over "
        f"{audio_s / 3600:.2f} h of audio in {elapsed / 60:.1f} min; memory {start_mem[0]:.1f} MB after warm-up, "
        f"{end_mem[0]:.1f} MB at the end (growth {end_mem[0] - start_mem[0]:+.1f} MB, peak {end_mem[1]:.1f} MB); "
        f"end of speech to answer p50 {figures['answer_ms']['p50']} ms, p95 {figures['answer_ms']['p95']} ms, "
        f"p99 {figures['answer_ms']['p99']} ms"
    )
    for n in lost:
        q = asked[n]
        print(f"  unanswered: question {n + 1}, {q.intent} ({q.voice}{', 15 dB' if q.noisy else ''}): {q.text!r}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
