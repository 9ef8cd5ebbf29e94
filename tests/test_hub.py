"""Downloading Whisper models from a model hub, against a local hub on 127.0.0.1: resumable, checksummed, atomic."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from voice_skill.asr.models import ModelError, download_whisper
from voice_skill.asr.models.hub import HUB_URL_ENV, WHISPER_MODELS
from voice_skill.asr.models.whisper import builtin_whisper_model, whisper_model_problem

from .support.local_http import LocalServer, no_proxies, server

FIXTURES = (no_proxies, server)  # pytest finds them by name in this module
NAME = "whisper-tiny.en"
REPO = WHISPER_MODELS[NAME]
TIMEOUT = 5.0


def model_files() -> dict[str, bytes]:
    """A small stand-in for a Whisper folder: a real config and tokenizer, and a made-up model.bin."""
    builtin = builtin_whisper_model().path
    return {
        "config.json": (builtin / "config.json").read_bytes(),
        "tokenizer.json": b'{"version": "1.0"}',
        "vocabulary.txt": b"a\nb\n",
        "model.bin": bytes(range(256)) * 800,
    }


def publish(server: LocalServer, files: dict[str, bytes], *, lfs: tuple[str, ...] = ("model.bin",)) -> None:
    """Serve ``files`` as the hub does: a listing with sizes and checksums, and each file under resolve/main."""
    listing = [{"type": "directory", "path": "sub", "oid": "0" * 40, "size": 0}]
    for path, data in files.items():
        if path in lfs:
            lfs_entry = {"oid": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 130}
            entry = {"type": "file", "path": path, "oid": "1" * 40, "size": 130, "lfs": lfs_entry}
        else:
            blob = hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()
            entry = {"type": "file", "path": path, "oid": blob, "size": len(data)}
        listing.append(entry)
        server.serve(f"/{REPO}/resolve/main/{path}", data)
    listing.append({"type": "file", "path": "README.md", "oid": "2" * 40, "size": 10})
    server.serve(f"/api/models/{REPO}/tree/main", json.dumps(listing).encode())


@pytest.fixture
def hub(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> LocalServer:
    monkeypatch.setenv(HUB_URL_ENV, server.base)
    return server


def test_a_whisper_model_is_downloaded_checked_and_installed(hub: LocalServer, tmp_path: Path) -> None:
    files = model_files()
    publish(hub, files)
    calls: list[tuple[int, int]] = []
    path = download_whisper(NAME, tmp_path, progress=lambda d, t: calls.append((d, t)), timeout=TIMEOUT)
    assert path == tmp_path / NAME and whisper_model_problem(path) is None
    assert {p.name: p.read_bytes() for p in path.iterdir()} == files
    assert [p.name for p in tmp_path.iterdir()] == [NAME], "nothing else is left behind"
    assert calls[-1] == (sum(map(len, files.values())), sum(map(len, files.values())))
    assert all(not r.path.endswith("README.md") for r in hub.state.requests), "only the files a model needs"


def test_an_interrupted_download_resumes_where_it_stopped(hub: LocalServer, tmp_path: Path) -> None:
    files = model_files()
    publish(hub, files)
    hub.state.cut_after[f"/{REPO}/resolve/main/model.bin"] = 50_000
    with pytest.raises(ModelError, match=r"interrupted after .* run it again to resume"):
        download_whisper(NAME, tmp_path, timeout=TIMEOUT)
    assert not (tmp_path / NAME).exists(), "no half model in place"
    path = download_whisper(NAME, tmp_path, timeout=TIMEOUT)
    assert (path / "model.bin").read_bytes() == files["model.bin"]
    ranges = [r.range for r in hub.state.requests if r.path.endswith("model.bin")]
    assert ranges[-1] == "bytes=50000-"


def test_a_checksum_mismatch_deletes_the_file_and_installs_nothing(hub: LocalServer, tmp_path: Path) -> None:
    files = model_files()
    publish(hub, files)
    hub.serve(f"/{REPO}/resolve/main/model.bin", b"X" * len(files["model.bin"]))  # same size, other bytes
    with pytest.raises(ModelError, match=r"checksum check failed for model\.bin"):
        download_whisper(NAME, tmp_path, timeout=TIMEOUT)
    assert not (tmp_path / NAME).exists()
    partial = tmp_path / f".{NAME}.partial"
    assert not (partial / "model.bin").exists() and not (partial / "model.bin.part").exists()


def test_a_small_file_is_checked_by_its_git_blob_id(hub: LocalServer, tmp_path: Path) -> None:
    files = model_files()
    publish(hub, files)
    hub.serve(f"/{REPO}/resolve/main/vocabulary.txt", b"a\nc\n")
    with pytest.raises(ModelError, match=r"checksum check failed for vocabulary\.txt"):
        download_whisper(NAME, tmp_path, timeout=TIMEOUT)


def test_a_repository_that_is_not_a_whisper_model_is_refused(hub: LocalServer, tmp_path: Path) -> None:
    files = model_files()
    del files["tokenizer.json"]
    publish(hub, files)
    with pytest.raises(ModelError, match=r"is not a CTranslate2 Whisper model \(no tokenizer\.json\)"):
        download_whisper(NAME, tmp_path, timeout=TIMEOUT)
    assert list(tmp_path.iterdir()) == [], "nothing was created"


def test_an_existing_folder_is_never_overwritten(hub: LocalServer, tmp_path: Path) -> None:
    mine = tmp_path / NAME
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(ModelError, match="already exists but is not a Whisper model"):
        download_whisper(NAME, tmp_path, timeout=TIMEOUT)
    assert (mine / "notes.txt").read_text() == "mine"
    assert hub.state.requests == [], "refused before any network"
    shutil.rmtree(mine)
    shutil.copytree(builtin_whisper_model().path, mine)
    assert download_whisper(NAME, tmp_path, timeout=TIMEOUT) == mine, "an installed model is used as it is"


def test_an_unknown_name_is_refused_before_the_network(hub: LocalServer, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"unknown Whisper model 'whisper-giant'; known: whisper-tiny\.en"):
        download_whisper("whisper-giant", tmp_path, timeout=TIMEOUT)
    assert hub.state.requests == []


def test_the_command_downloads_and_says_how_to_use_it(hub: LocalServer, tmp_path: Path, cli) -> None:
    publish(hub, model_files())
    result = cli("models", "download", NAME, "--dir", str(tmp_path))
    assert result.code == 0 and result.out.strip() == str(tmp_path / NAME)
    assert f"--model {tmp_path / NAME}" in result.err
    listed = cli("models", "list", "--json")
    assert any(m["kind"] == "whisper" and m["name"].endswith("(built-in)") for m in json.loads(listed.out)["installed"])


def test_the_command_with_no_network_for_an_unknown_name_says_unknown(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VOICE_SKILL_MODEL_LIST_URL", "http://127.0.0.1:9/none.json")
    result = cli("models", "download", "smallish-model", "--dir", str(tmp_path))
    assert result.code == 7 and "unknown model 'smallish-model'" in result.err and "127.0.0.1" not in result.err


def test_a_failed_download_leaves_no_folder_behind(hub: LocalServer, tmp_path: Path) -> None:
    files = model_files()
    publish(hub, files)
    del hub.state.files[f"/{REPO}/resolve/main/config.json"]  # the first file: nothing to resume from
    dest = tmp_path / "cache" / "whisper"
    with pytest.raises(ModelError, match="HTTP 404"):
        download_whisper(NAME, dest, timeout=TIMEOUT)
    assert list(tmp_path.iterdir()) == [], "no model folder, no partial folder, no folder made for nothing"


def test_the_command_names_the_model_it_could_not_look_up(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VOICE_SKILL_MODEL_LIST_URL", "http://127.0.0.1:9/none.json")
    result = cli("models", "download", "vosk-model-small-en-us-0.15", "--dir", str(tmp_path / "models"))
    assert result.code == 7 and result.err.count("\n") == 1
    assert "cannot look up the model 'vosk-model-small-en-us-0.15': cannot fetch the model list from" in result.err
    assert not (tmp_path / "models").exists()


def test_an_unknown_vosk_name_points_to_the_list_of_models_to_download(server: LocalServer, cli, monkeypatch) -> None:
    entry = {"name": "vosk-model-small-en-us-0.15", "url": server.url("/m.zip"), "size": 1, "md5": "0" * 32}
    monkeypatch.setenv("VOICE_SKILL_MODEL_LIST_URL", server.serve("/list.json", json.dumps([entry]).encode()))
    result = cli("models", "download", "vosk-model-zz-9")
    assert result.code == 7 and "unknown model 'vosk-model-zz-9'" in result.err
    assert "'voice-skill models list --available'" in result.err
