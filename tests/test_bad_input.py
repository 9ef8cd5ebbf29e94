"""Hostile and mistaken input: every case is one line on standard error, a non-zero exit, and no file lost."""

from __future__ import annotations

import io
import os
import shutil
import stat
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voice_skill.audio import SPEECH_RATE, Audio, AudioError, for_speech, read_wav
from voice_skill.base.files import atomic_write
from voice_skill.cli import main
from voice_skill.cli.text_input import input_lines
from voice_skill.devices import file_chunks

from .conftest import ROOT, _FakeStdin

MAX_STREAMING_MIB = 200
"""The issue's bound on the memory ``listen --input`` may take for a three-hour file."""
READ_ONLY = stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH


def unprivileged(command: list[str]) -> list[str]:
    """``command`` run so that file permissions apply to it: as root, without the capabilities that bypass them."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: no folder is read-only to this process")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- say --out ----------------------------------------------------------------------------


def test_atomic_write_never_replaces_a_file_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"yours")
    with pytest.raises(FileExistsError):
        atomic_write(target, b"mine", replace=False)
    assert target.read_bytes() == b"yours" and leftovers(tmp_path) == ["a.txt"]
    atomic_write(target, b"mine")
    assert target.read_bytes() == b"mine" and leftovers(tmp_path) == ["a.txt"]
    atomic_write(tmp_path / "new.txt", "new", replace=False)
    assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "new"


def test_a_failed_rename_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_bytes(b"x")
    with pytest.raises(OSError, match="directory"):
        atomic_write(target, b"data")
    assert leftovers(tmp_path) == ["taken"] and leftovers(target) == ["inside"]


def test_say_never_replaces_an_existing_wav_without_force(cli, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    mine = folder / "mine.wav"
    Audio.silence(0.1, 16000).write_wav(mine)
    before = mine.read_bytes()
    result = cli("say", "--out", str(mine), "Hello.")
    assert result.code == 5 and result.out == "", "refused before anything is said or synthesised"
    assert result.err.count("\n") == 1 and "already exists; --force replaces it" in result.err
    assert mine.read_bytes() == before and leftovers(folder) == ["mine.wav"]


def test_say_never_replaces_a_file_that_is_not_a_wav_even_with_force(cli, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    notes = folder / "mine.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    empty = folder / "empty.wav"
    empty.touch()
    for target in (notes, empty):
        result = cli("say", "--force", "--out", str(target), "Hello.")
        assert result.code == 5 and result.err.count("\n") == 1 and "is not a WAV file" in result.err
    assert notes.read_text(encoding="utf-8") == "my notes\n" and empty.read_bytes() == b""
    assert leftovers(folder) == ["empty.wav", "mine.txt"]


def test_force_without_out_is_a_usage_error(cli) -> None:
    result = cli("say", "--force", "Hello.")
    assert result.code == 2 and "--force only applies with --out" in result.err


def test_a_wav_written_by_the_library_into_an_existing_non_wav_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.wav"
    notes.write_bytes(b"not audio")
    with pytest.raises(AudioError, match="is not a WAV file"):
        Audio.silence(0.1, 16000).write_wav(notes, replace=True)
    assert notes.read_bytes() == b"not audio"
    wav = tmp_path / "old.wav"
    Audio.silence(0.1, 16000).write_wav(wav)
    Audio.silence(0.5, 16000).write_wav(wav, replace=True)
    assert read_wav(wav).duration == pytest.approx(0.5)


@pytest.mark.slow
def test_say_into_a_read_only_folder_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(READ_ONLY)
    try:
        done = subprocess.run(
            unprivileged([sys.executable, "-m", "voice_skill", "say", "--out", str(folder / "a.wav"), "Hello."]),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        direct = subprocess.run(
            unprivileged(
                [
                    sys.executable,
                    "-c",
                    "import sys; from pathlib import Path; from voice_skill.base.files import atomic_write\n"
                    "try:\n    atomic_write(Path(sys.argv[1]), b'x')\nexcept PermissionError:\n    print('refused')",
                    str(folder / "b.wav"),
                ]
            ),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        folder.chmod(stat.S_IRWXU)
    assert done.returncode == 5, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1 and "not writable" in done.stderr
    assert direct.stdout == "refused\n", direct.stderr
    assert leftovers(folder) == []


# -- text on standard input -----------------------------------------------------------------


def as_python_reads_it(data: bytes) -> str:
    """``data`` as Python's standard input decodes it (undecodable bytes kept as lone surrogates)."""
    return data.decode("utf-8", errors="surrogateescape")


BINARY = Path(sys.executable).resolve().read_bytes()[:4096]
"""The start of a real program file (an ELF or Mach-O header: NUL bytes, bytes that are not UTF-8)."""


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_binary_standard_input_is_refused_before_anything_is_answered(cli, command: str) -> None:
    result = cli(command, "--no-speak", stdin=as_python_reads_it(BINARY))
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "line 1 of standard input holds" in result.err and "not text" in result.err


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("\x00\x00\x00", "a NUL byte"),
        (as_python_reads_it(b"caf\xe9"), "bytes that are not UTF-8"),
        ("\x01\x02", "control characters"),
    ],
)
def test_a_line_that_is_not_text_stops_a_batch(cli, bad: str, reason: str) -> None:
    result = cli("ask", "--no-speak", "--json", stdin=f"what is an hsg\n{bad}\nis cramping normal\n")
    assert result.code == 2 and len(result.out.splitlines()) == 1, "the text before it was answered, nothing after"
    assert result.err.count("\n") == 1 and f"line 2 of standard input holds {reason}" in result.err


def test_text_with_tabs_and_windows_line_ends_is_text(cli) -> None:
    result = cli("ask", "--no-speak", "--json", stdin="what\tis an hsg\r\nis cramping normal\r\n")
    assert result.code == 0 and len(result.out.splitlines()) == 2


def test_a_question_or_a_text_to_say_that_is_not_utf8_is_refused(cli) -> None:
    assert "the question holds bytes that are not UTF-8" in cli("ask", as_python_reads_it(b"fi\xe8vre")).err
    said = cli("say", stdin=as_python_reads_it(BINARY))
    assert said.code == 2 and said.out == "" and "standard input holds" in said.err


def test_interactive_chat_says_a_line_was_not_text_and_goes_on(capsys) -> None:
    code = main(["chat", "--no-speak"], stdin=_FakeStdin("\x00\x01\nwhat is an hsg\n", tty=True))
    out, err = capsys.readouterr()
    assert code == 1 and "so it was not text" in err and "hysterosalpingogram" in out


def test_a_line_longer_than_the_limit_is_cut_and_the_rest_dropped() -> None:
    stream = io.StringIO("a" * 1050 + "\nnext question\n")
    assert list(input_lines(stream, limit=100)) == ["a" * 100, "next question\n"]


@pytest.mark.slow
def test_a_real_binary_file_on_standard_input(tmp_path: Path) -> None:
    program = tmp_path / "program"
    program.write_bytes(BINARY)
    for command, environment in (("ask", {}), ("chat", {"PYTHONIOENCODING": "utf-8:strict"})):
        with program.open("rb") as stdin:
            done = subprocess.run(
                [sys.executable, "-m", "voice_skill", command, "--no-speak"],
                stdin=stdin,
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=60,
                env={**os.environ, **environment},
            )
        assert done.returncode == 2 and done.stdout == "", done.stderr
        assert done.stderr.count("\n") == 1 and "not text" in done.stderr and "Traceback" not in done.stderr


# -- audio files ------------------------------------------------------------------------------


def wav_header(rate: int, data_bytes: int) -> bytes:
    """The 44-byte header of a 16-bit mono WAV file holding ``data_bytes`` of samples."""
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<I", 16)
        + fmt
        + b"data"
        + (struct.pack("<I", data_bytes))
    )


def test_a_file_cut_short_fails_before_its_first_chunk(tmp_path: Path) -> None:
    cut = tmp_path / "cut.wav"
    cut.write_bytes(wav_header(16000, 32000) + bytes(16000))
    chunks = file_chunks(cut)
    with pytest.raises(AudioError, match=r"cut short: its header promises 1.00 s of audio, it holds 0.50 s"):
        next(chunks)


def test_a_sample_width_below_eight_bits_is_unsupported_not_a_crash(tmp_path: Path) -> None:
    four_bit = tmp_path / "adpcm.wav"
    four_bit.write_bytes(
        wav_header(16000, 100).replace(struct.pack("<HH", 2, 16), struct.pack("<HH", 1, 4)) + bytes(100)
    )
    with pytest.raises(AudioError, match=r"unsupported WAV encoding \(format 1, 4-bit\)"):
        read_wav(four_bit)


def test_a_streamed_file_gives_what_the_whole_file_gives(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    path = tmp_path / "noise.wav"
    Audio((rng.standard_normal(44100 * 3) * 3000).astype(np.int16), 44100).write_wav(path)
    whole = for_speech(read_wav(path)).samples
    streamed = np.concatenate(list(file_chunks(path)))
    assert len(streamed) == len(whole) == 3 * SPEECH_RATE
    assert np.abs(streamed.astype(np.int32) - whole).max() <= 2, "the same filter, block by block"


MEMORY_PROBE = """
import resource, sys
from pathlib import Path
from voice_skill.devices import file_chunks
samples = sum(len(chunk) for chunk in file_chunks(Path(sys.argv[1])))
print(samples, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.slow
def test_three_hours_of_audio_are_read_in_constant_memory(tmp_path: Path) -> None:
    hours, rate = 3, SPEECH_RATE  # the 345 MB of the issue; resampling block by block is tested above
    data_bytes = hours * 3600 * rate * 2
    path = tmp_path / "three-hours.wav"
    with path.open("wb") as file:
        file.write(wav_header(rate, data_bytes))
        file.truncate(file.tell() + data_bytes)  # sparse: silence that takes no disk space
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    samples, peak_mib = map(int, done.stdout.split())
    assert samples == pytest.approx(hours * 3600 * SPEECH_RATE, abs=SPEECH_RATE)
    assert peak_mib < MAX_STREAMING_MIB, f"{peak_mib} MiB for a {data_bytes / 2**20:.0f} MiB file"
