"""Vosk model resolution, the model list and downloads, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import ast
import hashlib
import io
import itertools
import json
import os
import random
import re
import socket
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from voice_skill.asr import models
from voice_skill.asr.models import (
    DEFAULT_MODEL_LIST_URL,
    InstalledModel,
    ModelError,
    ModelInfo,
    download_model,
    fetch_model_list,
    find_model,
    installed_models,
    model_list_url,
    resolve_model,
)
from voice_skill.audio import Audio
from voice_skill.base.errors import SkillError

from .support.local_http import LocalServer, Seen, no_proxies, server

NAME = "vosk-model-test-en-0.1"
TIMEOUT = 5.0

FIXTURES = (no_proxies, server)  # pytest finds them by name in this module


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that is bound but not listening: connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


# -- archives and model folders -----------------------------------------------------------


def model_files(prefix: str) -> dict[str, bytes]:
    rng = random.Random(7)
    return {
        f"{prefix}am/final.mdl": rng.randbytes(300_000),
        f"{prefix}conf/model.conf": b"--min-active=200\n--max-active=3000\n",
        f"{prefix}conf/mfcc.conf": b"--sample-frequency=16000\n",
        f"{prefix}graph/words.txt": b"<eps> 0\nhello 1\ncramping 2\n",
        f"{prefix}graph/phones/word_boundary.int": b"1 nonword\n",
        f"{prefix}ivector/final.ie": rng.randbytes(1000),
        f"{prefix}README": b"A fake Vosk model for tests.\n",
    }


def make_zip(files: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


MODEL_ZIP = make_zip(model_files(f"{NAME}/"))


def info_for(url: str, data: bytes, *, name: str = NAME, size: int | None = None, md5: str | None = None) -> ModelInfo:
    return ModelInfo(
        name=name,
        url=url,
        size=len(data) if size is None else size,
        md5=hashlib.md5(data).hexdigest() if md5 is None else md5,
        lang="en-us",
        lang_text="US English",
        type="small",
        version="0.1",
        size_text="0.3MiB",
    )


def make_model(path: Path, *, skip: str | None = None) -> Path:
    for relative in ("am/final.mdl", "conf/model.conf", "graph/words.txt"):
        if relative != skip:
            (path / relative).parent.mkdir(parents=True, exist_ok=True)
            (path / relative).write_bytes(b"x" * 10)
    return path


def one_line(exc: pytest.ExceptionInfo[ModelError]) -> str:
    text = str(exc.value)
    assert "\n" not in text and text.strip() == text
    return text


def list_entry(name: str, url: str, data: bytes, **extra: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "lang": "en-us",
        "lang_text": "US English",
        "md5": hashlib.md5(data).hexdigest(),
        "name": name,
        "obsolete": "false",
        "size": len(data),
        "size_text": "0.3MiB",
        "type": "small",
        "url": url,
        "version": "0.1",
    }
    entry.update(extra)
    return entry


# -- the module itself --------------------------------------------------------------------


def test_model_error_is_a_skill_error_with_exit_code_7() -> None:
    assert issubclass(ModelError, SkillError)
    assert ModelError("x").exit_code == 7


def test_the_module_never_imports_vosk() -> None:
    tree = ast.parse(Path(models.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not any(name.split(".")[0] == "vosk" for name in imported)


# -- the model list -----------------------------------------------------------------------


def test_model_list_url_default_and_environment_override() -> None:
    assert model_list_url({}) == DEFAULT_MODEL_LIST_URL
    assert model_list_url({"VOICE_SKILL_MODEL_LIST_URL": "  "}) == DEFAULT_MODEL_LIST_URL
    mirror = "http://127.0.0.1:9/list.json"
    assert model_list_url({"VOICE_SKILL_MODEL_LIST_URL": mirror}) == mirror


def test_fetch_model_list_parses_every_field(server: LocalServer) -> None:
    entries = [
        list_entry(NAME, server.url("/models/a.zip"), MODEL_ZIP),
        list_entry("vosk-model-old-0.3", "old.zip", b"old", obsolete="true", type="big", version="0.3"),
    ]
    url = server.serve("/models/model-list.json", json.dumps(entries).encode())
    found = fetch_model_list(url, TIMEOUT)
    assert found[0] == ModelInfo(
        name=NAME,
        url=server.url("/models/a.zip"),
        size=len(MODEL_ZIP),
        md5=hashlib.md5(MODEL_ZIP).hexdigest(),
        lang="en-us",
        lang_text="US English",
        type="small",
        version="0.1",
        size_text="0.3MiB",
        obsolete=False,
    )
    old = found[1]
    assert old.obsolete is True and old.type == "big" and old.size == 3
    assert old.url == server.url("/models/old.zip"), "relative URLs are relative to the list"
    assert server.state.requests == [Seen("/models/model-list.json", None)]


def test_fetch_model_list_bad_json_names_the_url(server: LocalServer) -> None:
    url = server.serve("/model-list.json", b'[{"name": "x",')
    with pytest.raises(ModelError) as exc:
        fetch_model_list(url, TIMEOUT)
    assert url in one_line(exc) and "not valid JSON" in str(exc.value)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"models": []}, "expected a JSON array"),
        (["vosk-model-x"], "entry 1 is a string"),
        ([{"url": "a.zip", "size": 1, "md5": "0" * 32}], "has no 'name'"),
        ([{"name": "../evil", "url": "a.zip", "size": 1, "md5": "0" * 32}], "not a plain folder name"),
        ([{"name": "m", "size": 1, "md5": "0" * 32}], "(m) has no 'url'"),
        ([{"name": "m", "url": "ftp://host/a.zip", "size": 1, "md5": "0" * 32}], "http:// or https://"),
        ([{"name": "m", "url": "a.zip", "size": "big", "md5": "0" * 32}], "'size'"),
        ([{"name": "m", "url": "a.zip", "size": True, "md5": "0" * 32}], "'size'"),
        ([{"name": "m", "url": "a.zip", "size": 1, "md5": "xyz"}], "'md5'"),
        ([{"name": "m", "url": "a.zip", "size": 1, "md5": "0" * 32, "obsolete": "maybe"}], "'obsolete'"),
        ([{"name": "m", "url": "a.zip", "size": 1, "md5": "0" * 32, "lang": 5}], "'lang'"),
    ],
)
def test_fetch_model_list_wrong_shape(server: LocalServer, document: object, expected: str) -> None:
    url = server.serve("/model-list.json", json.dumps(document).encode())
    with pytest.raises(ModelError) as exc:
        fetch_model_list(url, TIMEOUT)
    assert expected in one_line(exc) and url in str(exc.value)


def test_fetch_model_list_http_error_names_the_url(server: LocalServer) -> None:
    url = server.url("/missing.json")
    with pytest.raises(ModelError) as exc:
        fetch_model_list(url, TIMEOUT)
    assert url in one_line(exc) and "404" in str(exc.value)


def test_fetch_model_list_unreachable_server(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/model-list.json"
    with pytest.raises(ModelError) as exc:
        fetch_model_list(url, TIMEOUT)
    text = one_line(exc)
    assert text.startswith(f"cannot fetch the model list from {url}: ")
    assert "refused" in text.lower()


def test_fetch_model_list_cut_short(server: LocalServer) -> None:
    url = server.serve("/model-list.json", json.dumps([list_entry(NAME, "a.zip", MODEL_ZIP)] * 20).encode())
    server.state.cut_after["/model-list.json"] = 100
    with pytest.raises(ModelError) as exc:
        fetch_model_list(url, TIMEOUT)
    assert one_line(exc) == f"cannot fetch the model list from {url}: connection closed early"


def test_other_url_schemes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="http:// or https://"):
        fetch_model_list("file:///etc/passwd", TIMEOUT)
    with pytest.raises(ModelError, match="http:// or https://"):
        download_model(info_for("file:///etc/passwd", b"x"), tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


# -- finding a model by name --------------------------------------------------------------


def _catalogue() -> list[ModelInfo]:
    names = ["vosk-model-small-en-us-0.15", "vosk-model-en-us-0.22", "vosk-model-small-de-0.15", "vosk-model-spk-0.4"]
    return [info_for(f"http://127.0.0.1:9/{n}.zip", b"x", name=n) for n in names]


def test_find_model_exact_case_and_zip_suffix() -> None:
    catalogue = _catalogue()
    assert find_model(catalogue, "vosk-model-en-us-0.22") is catalogue[1]
    assert find_model(catalogue, "VOSK-Model-Small-DE-0.15") is catalogue[2]
    assert find_model(catalogue, "vosk-model-small-en-us-0.15.zip") is catalogue[0]


def test_find_model_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(ModelError) as exc:
        find_model(_catalogue(), "vosk-model-smal-en-us-0.15")
    text = one_line(exc)
    assert text.startswith("unknown model 'vosk-model-smal-en-us-0.15'; did you mean 'vosk-model-small-en-us-0.15'")
    with pytest.raises(ModelError, match=re.escape("did you mean 'vosk-model-small-de-0.15'")):
        find_model(_catalogue(), "small-de")


def test_find_model_unknown_name_without_close_ones() -> None:
    with pytest.raises(ModelError, match="'voice-skill models list --available' shows the models to download"):
        find_model(_catalogue(), "whisper-large")
    with pytest.raises(ModelError, match="empty"):
        find_model([], "anything")


# -- downloading --------------------------------------------------------------------------


def assert_installed(path: Path) -> None:
    for name, data in model_files("").items():
        assert (path / name).read_bytes() == data


def test_download_verifies_and_unpacks_end_to_end(server: LocalServer, tmp_path: Path) -> None:
    zip_url = server.serve(f"/models/{NAME}.zip", MODEL_ZIP)
    list_url = server.serve("/model-list.json", json.dumps([list_entry(NAME, zip_url, MODEL_ZIP)]).encode())
    info = find_model(fetch_model_list(list_url, TIMEOUT), NAME)
    dest = tmp_path / "cache" / "vosk"
    path = download_model(info, dest, timeout=TIMEOUT)
    assert path == dest / NAME
    assert models.is_vosk_model(path)
    assert_installed(path)
    assert [p.name for p in dest.iterdir()] == [NAME], "no .part file, zip or temporary folder is left"
    assert server.state.requests[-1] == Seen(f"/models/{NAME}.zip", None)


def test_download_of_an_archive_without_a_top_folder(server: LocalServer, tmp_path: Path) -> None:
    data = make_zip(model_files(""))
    path = download_model(info_for(server.serve("/flat.zip", data), data), tmp_path, timeout=TIMEOUT)
    assert path == tmp_path / NAME
    assert_installed(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


def test_progress_rises_to_the_total(server: LocalServer, tmp_path: Path) -> None:
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP)
    calls: list[tuple[int, int]] = []
    download_model(info, tmp_path, progress=lambda done, total: calls.append((done, total)), timeout=TIMEOUT)
    assert len(calls) > 3
    assert {total for _, total in calls} == {len(MODEL_ZIP)}
    done = [d for d, _ in calls]
    assert done[0] == 0 and done[-1] == len(MODEL_ZIP)
    assert all(a < b for a, b in itertools.pairwise(done))


def test_an_interrupted_download_resumes_with_a_range_request(server: LocalServer, tmp_path: Path) -> None:
    url = server.serve("/m.zip", MODEL_ZIP)
    info = info_for(url, MODEL_ZIP)
    server.state.cut_after["/m.zip"] = 100_000
    with pytest.raises(ModelError) as exc:
        download_model(info, tmp_path, timeout=TIMEOUT)
    text = one_line(exc)
    assert url in text and "interrupted" in text and "resume" in text
    part = tmp_path / f"{NAME}.zip.part"
    assert part.stat().st_size == 100_000, "the partial download is kept"
    assert not (tmp_path / NAME).exists()

    calls: list[tuple[int, int]] = []
    path = download_model(info, tmp_path, progress=lambda d, t: calls.append((d, t)), timeout=TIMEOUT)
    assert server.state.requests[-1] == Seen("/m.zip", "bytes=100000-")
    assert calls[0] == (100_000, len(MODEL_ZIP)) and calls[-1] == (len(MODEL_ZIP), len(MODEL_ZIP))
    assert_installed(path)
    assert not part.exists()


def test_a_server_ignoring_range_restarts_from_scratch(server: LocalServer, tmp_path: Path) -> None:
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP)
    (tmp_path / f"{NAME}.zip.part").write_bytes(b"garbage that is not the archive")
    server.state.ignore_range = True
    path = download_model(info, tmp_path, timeout=TIMEOUT)
    assert server.state.requests[-1].range == "bytes=31-"
    assert_installed(path)


def test_an_exception_from_progress_passes_through_and_the_part_is_kept(server: LocalServer, tmp_path: Path) -> None:
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP)

    def stop_after_some(done: int, total: int) -> None:
        if done >= 100_000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        download_model(info, tmp_path, progress=stop_after_some, timeout=TIMEOUT)
    kept = (tmp_path / f"{NAME}.zip.part").stat().st_size
    assert 100_000 <= kept < len(MODEL_ZIP)
    assert_installed(download_model(info, tmp_path, timeout=TIMEOUT))
    assert server.state.requests[-1].range == f"bytes={kept}-"


def test_range_not_satisfiable_starts_over(server: LocalServer, tmp_path: Path) -> None:
    shorter = MODEL_ZIP[:50_000]
    info = info_for(server.serve("/m.zip", shorter), MODEL_ZIP)  # the file on the server changed
    (tmp_path / f"{NAME}.zip.part").write_bytes(MODEL_ZIP[:60_000])
    with pytest.raises(ModelError) as exc:
        download_model(info, tmp_path, timeout=TIMEOUT)
    assert "size check failed" in one_line(exc)
    assert [r.range for r in server.state.requests] == ["bytes=60000-", None]
    assert list(tmp_path.iterdir()) == []


def test_a_complete_part_file_needs_no_request(server: LocalServer, tmp_path: Path) -> None:
    info = info_for(server.url("/m.zip"), MODEL_ZIP)
    (tmp_path / f"{NAME}.zip.part").write_bytes(MODEL_ZIP)
    assert_installed(download_model(info, tmp_path, timeout=TIMEOUT))
    assert server.state.requests == []


def test_checksum_mismatch_leaves_nothing(server: LocalServer, tmp_path: Path) -> None:
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP, md5="0" * 32)
    with pytest.raises(ModelError) as exc:
        download_model(info, tmp_path / "dest", timeout=TIMEOUT)
    assert "checksum (MD5) check failed" in one_line(exc)
    assert not (tmp_path / "dest").exists(), "not even the folder made for it"


def test_a_bad_partial_file_fails_the_checksum_then_downloads_cleanly(server: LocalServer, tmp_path: Path) -> None:
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP)
    part = tmp_path / f"{NAME}.zip.part"
    part.write_bytes(b"\0" * 1000)
    with pytest.raises(ModelError, match="MD5"):
        download_model(info, tmp_path, timeout=TIMEOUT)
    assert not part.exists(), "a part file that fails the check is deleted"
    assert_installed(download_model(info, tmp_path, timeout=TIMEOUT))


@pytest.mark.parametrize("delta", [100, -100])
def test_size_mismatch_leaves_nothing(server: LocalServer, tmp_path: Path, delta: int) -> None:
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP, size=len(MODEL_ZIP) + delta)
    with pytest.raises(ModelError) as exc:
        download_model(info, tmp_path / "dest", timeout=TIMEOUT)
    assert "size check failed" in one_line(exc)
    assert not (tmp_path / "dest").exists(), "not even the folder made for it"


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("../../evil.txt", "leaves the folder"),
        (f"{NAME}/../../../evil.txt", "leaves the folder"),
        ("ABSOLUTE", "absolute path"),
        ("C:/evil.txt", "drive letter"),
        ("..\\..\\evil.txt", "backslash"),
        ("LINK", "symbolic link"),
    ],
)
def test_unsafe_archives_are_refused_and_nothing_is_written(
    server: LocalServer, tmp_path: Path, member: str, expected: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "a" / "dest"
    files = model_files(f"{NAME}/")
    links: dict[str, str] = {}
    if member == "LINK":
        links[f"{NAME}/graph/evil.txt"] = str(outside / "evil.txt")
    else:
        files[str(outside / "evil.txt") if member == "ABSOLUTE" else member] = b"owned"
    data = make_zip(files, links)
    with pytest.raises(ModelError) as exc:
        download_model(info_for(server.serve("/evil.zip", data), data), dest, timeout=TIMEOUT)
    text = one_line(exc)
    assert text.startswith(f"refusing to unpack {NAME}: archive member") and expected in text
    assert "nothing was extracted" in text
    assert not dest.exists() and not dest.parent.exists(), "no model, no temporary folder, no part file, no folder"
    assert [p for p in tmp_path.rglob("*evil*")] == []


def test_an_archive_without_a_model_is_refused(server: LocalServer, tmp_path: Path) -> None:
    data = make_zip({f"{NAME}/README": b"hello", f"{NAME}/conf/model.conf": b"x"})
    with pytest.raises(ModelError) as exc:
        download_model(info_for(server.serve("/m.zip", data), data), tmp_path, timeout=TIMEOUT)
    assert "missing am/final.mdl" in one_line(exc)
    assert list(tmp_path.iterdir()) == []


def test_an_installed_model_is_not_downloaded_again(server: LocalServer, tmp_path: Path) -> None:
    existing = make_model(tmp_path / NAME)
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP)
    assert download_model(info, tmp_path, timeout=TIMEOUT) == existing
    assert server.state.requests == []
    assert (existing / "am" / "final.mdl").read_bytes() == b"x" * 10


def test_an_existing_folder_that_is_not_a_model_is_left_alone(server: LocalServer, tmp_path: Path) -> None:
    mine = tmp_path / NAME
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    info = info_for(server.serve("/m.zip", MODEL_ZIP), MODEL_ZIP)
    with pytest.raises(ModelError) as exc:
        download_model(info, tmp_path, timeout=TIMEOUT)
    text = one_line(exc)
    assert str(mine) in text and "not a Vosk model" in text and "remove" in text
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert server.state.requests == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


def test_download_from_an_unreachable_server(closed_port: int, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port}/m.zip"
    with pytest.raises(ModelError) as exc:
        download_model(info_for(url, MODEL_ZIP), tmp_path, timeout=TIMEOUT)
    assert one_line(exc).startswith(f"cannot download {url}: ")
    assert not (tmp_path / NAME).exists()


@pytest.mark.parametrize("failure", ["refused", "not found", "closed before any byte", "bad checksum"])
def test_a_failed_download_leaves_no_folder_and_no_empty_file_behind(
    server: LocalServer, closed_port: int, tmp_path: Path, failure: str
) -> None:
    url = server.serve("/m.zip", MODEL_ZIP)
    info = info_for(url, MODEL_ZIP)
    if failure == "refused":
        info = info_for(f"http://127.0.0.1:{closed_port}/m.zip", MODEL_ZIP)
    elif failure == "not found":
        info = info_for(server.url("/gone.zip"), MODEL_ZIP)
    elif failure == "closed before any byte":
        server.state.cut_after["/m.zip"] = 0
    else:
        info = info_for(url, MODEL_ZIP, md5="0" * 32)
    dest = tmp_path / "new" / "cache" / "vosk"
    with pytest.raises(ModelError) as exc:
        download_model(info, dest, timeout=TIMEOUT)
    one_line(exc)
    assert list(tmp_path.iterdir()) == [], "the folders made for the download are gone again"


def test_a_failed_download_keeps_a_folder_that_was_there(closed_port: int, tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        download_model(info_for(f"http://127.0.0.1:{closed_port}/m.zip", MODEL_ZIP), tmp_path, timeout=TIMEOUT)
    assert tmp_path.is_dir() and list(tmp_path.iterdir()) == []


def test_download_http_error_names_the_url(server: LocalServer, tmp_path: Path) -> None:
    url = server.url("/gone.zip")
    with pytest.raises(ModelError) as exc:
        download_model(info_for(url, MODEL_ZIP), tmp_path, timeout=TIMEOUT)
    assert one_line(exc) == f"cannot download {url}: HTTP 404 Not Found"


# -- resolving the model to use -----------------------------------------------------------


@dataclass
class Places:
    explicit: Path
    configured: Path
    env: Path
    models_dir: Path
    cache_dir: Path


@pytest.fixture
def places(tmp_path: Path) -> Places:
    return Places(
        explicit=make_model(tmp_path / "explicit"),
        configured=make_model(tmp_path / "configured"),
        env=make_model(tmp_path / "env"),
        models_dir=make_model(tmp_path / "project-models" / "vosk-model-a").parent,
        cache_dir=make_model(tmp_path / "cache" / "vosk-model-b").parent,
    )


def test_resolution_order(places: Places) -> None:
    def resolve(explicit: Path | None, configured: Path | None, env: Path | None) -> Path:
        environ = {"VOSK_MODEL_PATH": str(env)} if env else {}
        return resolve_model(
            explicit, configured, models_dir=places.models_dir, cache_dir=places.cache_dir, environ=environ
        )

    assert resolve(places.explicit, places.configured, places.env) == places.explicit
    assert resolve(None, places.configured, places.env) == places.configured
    assert resolve(None, None, places.env) == places.env
    assert resolve(None, None, None) == places.models_dir / "vosk-model-a"
    (places.models_dir / "vosk-model-a" / "am" / "final.mdl").unlink()
    assert resolve(None, None, None) == places.cache_dir / "vosk-model-b"


@pytest.mark.parametrize("which", ["explicit", "configured", "env"])
def test_a_given_path_that_is_broken_is_an_error(places: Places, which: str) -> None:
    broken = getattr(places, which)
    (broken / "conf" / "model.conf").unlink()
    explicit = places.explicit if which == "explicit" else None
    configured = places.configured if which in ("explicit", "configured") else None
    with pytest.raises(ModelError) as exc:
        resolve_model(
            explicit,
            configured,
            models_dir=places.models_dir,
            cache_dir=places.cache_dir,
            environ={"VOSK_MODEL_PATH": str(places.env)},
        )
    label = {"explicit": "--model", "configured": "configured model", "env": "$VOSK_MODEL_PATH"}[which]
    text = one_line(exc)
    assert text.startswith(f"{label} {broken}: not a Vosk model (missing conf/model.conf)")
    if which == "env":
        assert text.endswith("and holds no model folder"), "$VOSK_MODEL_PATH may also name a folder of models"


def test_a_given_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as exc:
        resolve_model(tmp_path / "nope", None, models_dir=tmp_path, cache_dir=tmp_path, environ={})
    assert one_line(exc) == f"--model {tmp_path / 'nope'}: folder does not exist"


def test_a_given_folder_holding_a_model_gets_a_hint(tmp_path: Path) -> None:
    inner = make_model(tmp_path / "models" / "vosk-model-x")
    with pytest.raises(ModelError, match=f"did you mean {re.escape(str(inner))}"):
        resolve_model(inner.parent, None, models_dir=tmp_path, cache_dir=tmp_path, environ={})


def test_vosk_model_path_may_name_a_folder_of_models(tmp_path: Path) -> None:
    make_model(tmp_path / "shared" / "vosk-model-small-en-us-0.15")
    newest = make_model(tmp_path / "shared" / "vosk-model-small-en-us-0.22")
    environ = {"VOSK_MODEL_PATH": str(tmp_path / "shared")}
    assert resolve_model(None, None, models_dir=tmp_path / "m", cache_dir=tmp_path / "c", environ=environ) == newest


def test_several_models_in_a_folder_pick_the_last_in_natural_order(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    for version in ("0.4", "0.22", "0.15"):
        make_model(folder / f"vosk-model-small-en-us-{version}")
    make_model(folder / ".vosk-model-small-en-us-9.9")  # hidden: ignored
    make_model(folder / "vosk-model-small-en-us-0.99", skip="am/final.mdl")  # broken: ignored
    found = resolve_model(None, None, models_dir=folder, cache_dir=tmp_path / "none", environ={})
    assert found == folder / "vosk-model-small-en-us-0.22"


def test_nothing_found_lists_every_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    models_dir = tmp_path / "project" / "models"
    models_dir.mkdir(parents=True)
    with pytest.raises(ModelError) as exc:
        resolve_model(None, None, models_dir=models_dir, cache_dir=home / ".cache" / "vosk", environ={})
    assert one_line(exc) == (
        f"no Vosk model found (looked in: --model, config, $VOSK_MODEL_PATH, {models_dir}, ~/.cache/vosk); "
        "get one with 'voice-skill models download vosk-model-small-en-us-0.15' or use --engine pocketsphinx"
    )
    assert exc.value.exit_code == 7


def test_nothing_found_mentions_a_broken_model_folder(tmp_path: Path) -> None:
    broken = make_model(tmp_path / "models" / "vosk-model-half", skip="conf/model.conf")
    with pytest.raises(ModelError) as exc:
        resolve_model(None, None, models_dir=broken.parent, cache_dir=tmp_path / "cache", environ={})
    assert f"{broken} is not a usable model (missing conf/model.conf)" in one_line(exc)


# -- listing installed models -------------------------------------------------------------


def test_installed_models_lists_valid_and_invalid_folders(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    cache_dir = tmp_path / "cache"
    good = make_model(models_dir / "vosk-model-b")
    bad = make_model(models_dir / "vosk-model-a", skip="am/final.mdl")
    cached = make_model(cache_dir / "vosk-model-c")
    (models_dir / "README.md").write_text("not a folder", encoding="utf-8")
    (models_dir / f"{NAME}.zip.part").write_bytes(b"partial")
    make_model(models_dir / ".hidden")
    found = installed_models([models_dir, tmp_path / "missing", cache_dir, models_dir])
    assert found == [
        InstalledModel("vosk-model-a", bad, 20, False, "missing am/final.mdl"),
        InstalledModel("vosk-model-b", good, 30, True, None),
        InstalledModel("vosk-model-c", cached, 30, True, None),
    ]


def test_installed_models_lists_a_directory_that_is_itself_a_model(tmp_path: Path) -> None:
    model = make_model(tmp_path / "my-model")
    assert installed_models([model]) == [InstalledModel("my-model", model, 30, True, None)]


# -- the command line, end to end with a real (tiny) Vosk model -----------------------------


@pytest.mark.engine
def test_cli_downloads_a_model_that_listen_then_uses(server: LocalServer, tmp_path: Path) -> None:
    import subprocess
    import sys

    from .conftest import ROOT
    from .support.vosk_model import make_tiny_model, silence, word_audio

    words = ("yes", "no", "hello", "cramping", "fever")
    built = make_tiny_model(tmp_path / "build" / "vosk-model-tiny-0.1", words)
    files = {str(p.relative_to(built.parent)): p.read_bytes() for p in sorted(built.rglob("*")) if p.is_file()}
    archive = make_zip(files)
    zip_url = server.serve("/models/vosk-model-tiny-0.1.zip", archive)
    list_url = server.serve(
        "/model-list.json", json.dumps([list_entry("vosk-model-tiny-0.1", zip_url, archive)]).encode()
    )
    env = {**os.environ, "VOICE_SKILL_MODEL_LIST_URL": list_url, "HOME": str(tmp_path), "no_proxy": "*"}
    env.pop("VOSK_MODEL_PATH", None)
    dest = tmp_path / "models"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "voice_skill", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
        )

    listed = cli("models", "list", "--available")
    assert listed.returncode == 0 and "vosk-model-tiny-0.1" in listed.stdout
    got = cli("models", "download", "vosk-model-tiny-0.1", "--dir", str(dest))
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == str(dest / "vosk-model-tiny-0.1")
    assert "100%" in got.stderr
    wrong = cli("models", "download", "vosk-model-tiny-0.2", "--dir", str(dest))
    assert wrong.returncode == 7 and wrong.stderr.count("\n") == 1 and "vosk-model-tiny-0.1" in wrong.stderr

    clip = tmp_path / "q.wav"
    Audio(np.frombuffer(silence(0.5) + word_audio("fever", words) + silence(1.0), "<i2").copy(), 16000).write_wav(clip)
    heard = cli("listen", "--model", str(dest / "vosk-model-tiny-0.1"), "--input", str(clip), "--json", "--no-speak")
    assert heard.returncode == 0, heard.stderr
    assert json.loads(heard.stdout)["transcript"] == "fever"
