"""scripts/make_spoken_set.py: a JSONL of questions becomes a spoken, noisy evaluation set."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_spoken_set.py"


ROWS = [
    {"text": "what is an hsg", "label": "what_is_hsg"},
    {"text": "is it normal to have cramps after the test", "label": "cramping", "urgent": False},
    {"text": "i have a high fever and shaking chills", "label": "urgent_fever_infection", "urgent": True},
]
VOICES = "kal16,espeak"
NOISE = "clean,pink:15,babble:15"


def run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_manifest(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def read_samples(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
        return np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(np.float64)


def active_power(samples: np.ndarray) -> float:
    active = samples[np.abs(samples) > 0.05 * np.abs(samples).max()]
    return float(np.mean(active**2))


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("spoken")
    questions = write_jsonl(base / "questions.jsonl", ROWS)
    out: dict[str, Path] = {}
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        out[name] = base / name
        result = run(questions, out[name], "--voices", VOICES, "--noise", NOISE, "--seed", seed)
        assert result.returncode == 0, result.stderr
    return out


def test_one_manifest_row_per_clip(sets: dict[str, Path]) -> None:
    rows = read_manifest(sets["a"])
    assert len(rows) == 3 * 2 * 3
    assert len({r["audio"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) >= {"audio", "text", "label", "urgent", "voice", "rate", "noise", "snr"}
        assert str(row["audio"]).startswith("audio/")
        assert (sets["a"] / str(row["audio"])).is_file()
    assert {(r["voice"], r["noise"], r["snr"]) for r in rows} == {
        (v, n, s) for v in ("kal16", "espeak") for n, s in (("clean", None), ("pink", 15.0), ("babble", 15.0))
    }
    urgency = {r["label"]: r["urgent"] for r in rows}
    assert urgency == {"what_is_hsg": False, "cramping": False, "urgent_fever_infection": True}


def test_every_clip_is_padded_speech_at_16k(sets: dict[str, Path]) -> None:
    for row in read_manifest(sets["a"]):
        samples = read_samples(sets["a"] / str(row["audio"]))
        assert len(samples) > 1.5 * 16000 + 0.5 * 16000
        assert np.sqrt(np.mean(samples**2)) > 300
        if row["noise"] == "clean":
            assert not np.any(samples[:8000]), "0.5 s of silence before the speech"
            assert not np.any(samples[-16000:]), "1.0 s of silence after the speech"
            assert np.any(samples[8000:-16000])


def test_noise_is_mixed_at_the_target_snr(sets: dict[str, Path]) -> None:
    rows = read_manifest(sets["a"])
    clean = {(r["text"], r["voice"], r["rate"]): r for r in rows if r["noise"] == "clean"}
    noisy = [r for r in rows if r["noise"] != "clean"]
    assert noisy
    for row in noisy:
        reference = read_samples(sets["a"] / str(clean[(row["text"], row["voice"], row["rate"])]["audio"]))
        mixed = read_samples(sets["a"] / str(row["audio"]))
        assert len(mixed) == len(reference)
        difference = mixed - reference
        assert np.any(difference)
        snr = 10 * np.log10(active_power(reference) / np.mean(difference**2))
        assert abs(snr - float(row["snr"])) <= 3, (row["audio"], snr)


def test_same_seed_same_bytes_other_seed_other_noise(sets: dict[str, Path]) -> None:
    rows = read_manifest(sets["a"])
    assert (sets["a"] / "manifest.jsonl").read_bytes() == (sets["b"] / "manifest.jsonl").read_bytes()
    for row in rows:
        name = str(row["audio"])
        assert (sets["a"] / name).read_bytes() == (sets["b"] / name).read_bytes()
        if row["noise"] == "clean":
            assert (sets["a"] / name).read_bytes() == (sets["c"] / name).read_bytes()
        else:
            assert (sets["a"] / name).read_bytes() != (sets["c"] / name).read_bytes()


def test_other_files_in_out_dir_are_left_alone(tmp_path: Path) -> None:
    questions = write_jsonl(tmp_path / "q.jsonl", ROWS[:1])
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = run(questions, out, "--voices", "kal16")
    assert result.returncode == 0, result.stderr
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["audio", "manifest.jsonl", "notes.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "out"], "missing.jsonl: file not found"),
        (["q.jsonl", "out", "--noise", "clean,pink"], "bad --noise condition 'pink'"),
        (["q.jsonl", "out", "--noise", "hum:10"], "bad --noise condition 'hum:10'"),
        (["q.jsonl", "out", "--noise", "white:loud"], "is not a number"),
        (["q.jsonl", "out", "--voices", "kal16,hal9000"], "unknown voice 'hal9000'"),
        (["bad.jsonl", "out"], "bad.jsonl:1: invalid JSON"),
        (["nolabel.jsonl", "out"], "nolabel.jsonl:1: 'label' must be"),
    ],
)
def test_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    write_jsonl(tmp_path / "q.jsonl", ROWS[:1])
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    write_jsonl(tmp_path / "nolabel.jsonl", [{"text": "hello"}])
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_voice_skill_eval_reads_the_generated_set(tmp_path: Path) -> None:
    questions = write_jsonl(tmp_path / "q.jsonl", ROWS[:1])
    out = tmp_path / "out"
    made = run(questions, out, "--voices", "kal16", "--noise", "clean")
    assert made.returncode == 0, made.stderr
    command = ["eval", str(out / "manifest.jsonl"), "--engine", "pocketsphinx", "--json"]
    result = subprocess.run(
        [sys.executable, "-m", "voice_skill", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 1
    assert report["accuracy"] == 1.0
