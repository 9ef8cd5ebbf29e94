"""Reading and validating intent files: every problem collected, with its file and line.

:func:`load_files` reads folders and files, :func:`load_yaml` one YAML stream and :func:`load_dict`
parsed data (the three ``IntentSet.from_*`` entry points). A folder may hold a ``reference.md``:
every topic intent's ``source`` must then name one of the sections of the reference texts loaded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from ..base.errors import ConfigError, Problem
from ..base.schema import build, did_you_mean
from ..base.yamlio import YamlDocument, parse_yaml, read_text
from .checks import (
    check_frame_phrases,
    check_frames,
    check_sign_phrases,
    check_signs,
    check_sources,
    clinic_topics_answer_frames,
    cross_check,
    yield_fallback_examples,
)
from .intents import (
    ANSWER_PLACEHOLDERS,
    FALLBACK_ID,
    MAX_ANSWER_WORDS,
    MIN_EXAMPLES,
    Intent,
    IntentError,
    IntentKind,
    IntentSet,
    IntentSpec,
    Language,
    Responses,
)
from .normalize import Normalizer, NormalizeSpec
from .own_result import OwnResultSpec
from .reference import REFERENCE_FILE, Reference
from .second_opinion import MODEL_FILE, TriageModel
from .signs import TriageSpec
from .unanswered import UnansweredSpec

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGE_SECTIONS = ("normalize", "responses", "triage", "own_result", "unanswered")
"""Language data a file may carry besides intents; later files override earlier ones key by key."""
_TOP_KEYS = ("language", "intents", *LANGUAGE_SECTIONS)
INTENTS_FOLDER = "intents"
COMMON_WORDS_FILE = "common-words.txt"
"""Everyday words of a language folder: taken as meant, never respelled as one of the skill's words."""
T = TypeVar("T")


@dataclass(frozen=True)
class _FileData:
    """What one file contributed, before the files are combined."""

    doc: YamlDocument
    language: str | None
    intents: dict[str, Intent]
    sections: dict[str, dict[str, Any]]
    """The language sections (normalize, responses, triage, own_result, unanswered) this file holds."""


# -- where the shipped intents are --------------------------------------------------------


def _intent_roots() -> list[Path]:
    """``intents/`` inside the wheel (``voice_skill/intents``), or beside the package in a checkout."""
    package = Path(__file__).resolve().parent.parent
    return [package / INTENTS_FOLDER, package.parent / INTENTS_FOLDER]


def available_languages() -> list[str]:
    """The language folders the package ships."""
    found: set[str] = set()
    for root in _intent_roots():
        if root.is_dir():
            found |= {p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml"))}
    return sorted(found)


def builtin_intent_dir(language: str = "en") -> Path:
    """The intents shipped with the package for ``language``; a :class:`ConfigError` names the
    languages that exist when there is none."""
    for root in _intent_roots():
        candidate = root / language
        if candidate.is_dir():
            return candidate
    shipped = ", ".join(available_languages()) or "none"
    raise ConfigError(f"no built-in intents for language '{language}' (available: {shipped})")


# -- loading ------------------------------------------------------------------------------


def load_files(paths: Sequence[Path]) -> IntentSet:
    problems: list[Problem] = []
    groups: list[list[_FileData]] = []
    reference: Reference | None = None
    common: list[str] = []
    model: TriageModel | None = None
    for path in paths:
        files = _yaml_files(path, problems)
        group: list[_FileData] = []
        for file in files:
            text, read_problems = read_text(file)
            problems.extend(read_problems)
            if text is None:
                continue
            data, file_problems = _parse_file(text, str(file))
            problems.extend(file_problems)
            if data is not None:
                group.append(data)
        groups.append(group)
        found = _folder_reference(path, problems)
        if found is not None:
            reference = found if reference is None else reference + found
        common.extend(_folder_words(path, problems))
        model = _folder_model(path, problems) or model
    intents = _combine(groups, problems, reference)
    words = tuple(dict.fromkeys(common))
    if words:
        intents = replace(intents, language=replace(intents.language, common_words=words))
    return replace(intents, triage_model=model) if model is not None else intents


def load_yaml(text: str, path: str, reference: Reference | None) -> IntentSet:
    data, problems = _parse_file(text, path)
    return _combine([[data]] if data is not None else [], problems, reference)


def load_dict(data: dict[str, Any], path: str, reference: Reference | None) -> IntentSet:
    doc = YamlDocument(data=data, path=path)
    file_data, problems = _validate_file(doc)
    return _combine([[file_data]] if file_data is not None else [], problems, reference)


def _folder_reference(path: Path, problems: list[Problem]) -> Reference | None:
    file = path / REFERENCE_FILE if path.is_dir() else None
    if file is None or not file.is_file():
        return None
    text, read_problems = read_text(file)
    problems.extend(read_problems)
    return Reference.from_text(text, str(file)) if text is not None else None


def _folder_words(path: Path, problems: list[Problem]) -> list[str]:
    """The folder's everyday words, commonest first."""
    file = path / COMMON_WORDS_FILE if path.is_dir() else None
    if file is None or not file.is_file():
        return []
    text, read_problems = read_text(file)
    problems.extend(read_problems)
    return [w.strip().lower() for w in (text or "").splitlines() if w.strip() and not w.startswith("#")]


def _folder_model(path: Path, problems: list[Problem]) -> TriageModel | None:
    """The folder's trained second opinion for the triage (``triage-model.npz``), if it has one."""
    file = path / MODEL_FILE if path.is_dir() else None
    if file is None or not file.is_file():
        return None
    try:
        with np.load(file, allow_pickle=False) as arrays:
            return TriageModel.from_arrays(arrays)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        # numpy's own message for a file that is not an archive invites loading it with pickle: not repeated.
        reason = "not a model written by scripts/train_triage_classifier.py" if "pickle" in str(exc) else str(exc)
        problems.append(Problem(str(file), None, f"unreadable triage model: {reason}"))
        return None


def _yaml_files(path: Path, problems: list[Problem]) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            problems.append(Problem(str(path), None, "folder holds no .yaml intent files"))
        return files
    if not path.exists():
        problems.append(Problem(str(path), None, "no such file or folder"))
        return []
    return [path]


def _parse_file(text: str, path: str) -> tuple[_FileData | None, list[Problem]]:
    if not text.strip():
        return None, [Problem(path, None, "file is empty")]
    doc, problems = parse_yaml(text, path)
    if doc is None:
        return None, problems
    data, more = _validate_file(doc)
    return data, [*problems, *more]


def _validate_file(doc: YamlDocument) -> tuple[_FileData | None, list[Problem]]:
    path = doc.path
    data = doc.data
    if data is None:
        return None, [Problem(path, None, "file is empty")]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "top level must be a mapping with 'language' and 'intents'")]
    problems: list[Problem] = []
    for key in sorted(set(map(str, data)) - set(_TOP_KEYS)):
        hint = did_you_mean(key, _TOP_KEYS)
        problems.append(
            Problem(path, doc.line(key), f"unknown top-level key '{key}'{hint} (known: {', '.join(_TOP_KEYS)})")
        )
    language = data.get("language")
    if not isinstance(language, str) or not language:
        problems.append(Problem(path, doc.line("language"), "missing 'language' (e.g. language: en)"))
        language = None
    intents: dict[str, Intent] = {}
    raw_intents = data.get("intents", {})
    if raw_intents is None:
        raw_intents = {}
    if not isinstance(raw_intents, dict):
        problems.append(Problem(path, doc.line("intents"), "'intents' must be a mapping of id to intent"))
        raw_intents = {}
    for intent_id, raw in raw_intents.items():
        intent, intent_problems = _validate_intent(doc, str(intent_id), raw)
        problems.extend(intent_problems)
        if intent is not None:
            intents[intent.id] = intent
    for section in LANGUAGE_SECTIONS:
        if section in data and not isinstance(data[section], dict):
            problems.append(Problem(path, doc.line(section), f"'{section}' must be a mapping"))
    if not raw_intents and not any(section in data for section in LANGUAGE_SECTIONS):
        problems.append(Problem(path, doc.line(), "file defines no intents"))
    sections = {name: data[name] for name in LANGUAGE_SECTIONS if isinstance(data.get(name), dict)}
    return _FileData(doc=doc, language=language, intents=intents, sections=sections), problems


def _validate_intent(doc: YamlDocument, intent_id: str, raw: Any) -> tuple[Intent | None, list[Problem]]:
    key = ("intents", intent_id)
    where = doc.line(*key)
    problems: list[Problem] = []
    if not _ID_PATTERN.match(intent_id):
        problems.append(Problem(doc.path, where, f"intent id '{intent_id}' must be lower_case_with_underscores"))
    spec, spec_problems = build(IntentSpec, raw, doc, key)
    problems.extend(spec_problems)
    if spec is None:
        return None, problems

    def bad(message: str, *sub: str | int) -> None:
        problems.append(Problem(doc.path, doc.line(*key, *sub), f"intent '{intent_id}': {message}"))

    for name in ("title", "answer", "detail", "source"):
        value = getattr(spec, name)
        if value is not None and not value.strip():
            bad(f"'{name}' is empty", name)
    words = len(spec.answer.split())
    if words > MAX_ANSWER_WORDS:
        bad(f"answer has {words} words; the limit is {MAX_ANSWER_WORDS}", "answer")
    emergency = spec.kind is IntentKind.EMERGENCY
    urgent = bool(spec.urgent) or emergency
    if spec.kind is IntentKind.TOPIC:
        if spec.urgent is None:
            bad("topic intents need 'urgent: true' or 'urgent: false'")
        if not spec.source:
            bad("topic intents need a 'source' (a section title of the reference text)")
        if not spec.detail:
            bad("topic intents need a 'detail' (the longer answer for 'tell me more')")
    elif emergency:
        if spec.urgent is False:
            bad("emergency intents are always urgent", "urgent")
    elif spec.urgent:
        bad("only topic and emergency intents can be urgent", "urgent")
    if urgent and not spec.triggers:
        bad("urgent intents need 'triggers' (warning-sign phrases)")
    if spec.triggers and not urgent:
        bad("'triggers' are only for urgent intents", "triggers")
    if not spec.answers_own_result and (spec.kind is not IntentKind.TOPIC or urgent):
        bad("'answers_own_result' is only for calm topic intents", "answers_own_result")
    named = set(re.findall(r"{(\w*)}", spec.answer))
    if named and (not emergency or named - set(ANSWER_PLACEHOLDERS)):
        allowed = ", ".join(f"{{{p}}}" for p in ANSWER_PLACEHOLDERS)
        bad(f"an answer may name {allowed} only, and only in an emergency intent", "answer")
    if spec.kind is IntentKind.FALLBACK and intent_id != FALLBACK_ID:
        bad(f"the fallback intent must have the id '{FALLBACK_ID}'", "kind")
    if intent_id == FALLBACK_ID and spec.kind is not IntentKind.FALLBACK:
        bad("the intent 'fallback' must have 'kind: fallback'", "kind")
    least = MIN_EXAMPLES[spec.kind]
    if len(spec.examples) < least:
        bad(f"has {len(spec.examples)} examples; {spec.kind} intents need at least {least}", "examples")
    for field_name in ("examples", "tests", "triggers"):
        for index, text in enumerate(getattr(spec, field_name)):
            if not text.strip():
                bad(f"{field_name} item {index + 1} is empty", field_name, index)
    if problems:
        return None, problems
    return (
        Intent(
            id=intent_id,
            kind=spec.kind,
            title=spec.title.strip(),
            answer=" ".join(spec.answer.split()),
            urgent=urgent,
            source=spec.source.strip() if spec.source else None,
            detail=" ".join(spec.detail.split()) if spec.detail else None,
            triggers=spec.triggers,
            examples=spec.examples,
            tests=spec.tests,
            path=doc.path,
            line=where,
            example_lines=tuple(doc.line(*key, "examples", i) for i in range(len(spec.examples))),
            test_lines=tuple(doc.line(*key, "tests", i) for i in range(len(spec.tests))),
            source_line=doc.line(*key, "source"),
            answers_own_result=spec.answers_own_result,
        ),
        problems,
    )


def _merge(into: dict[str, Any], values: dict[str, Any]) -> None:
    """A later file's settings over an earlier one's, key by key: a clinic adding one modifier group keeps the
    others; a list is replaced whole."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merged = dict(into[key])
            _merge(merged, value)
            into[key] = merged
        else:
            into[key] = value


def _combine(groups: Iterable[list[_FileData]], problems: list[Problem], reference: Reference | None) -> IntentSet:
    intents: dict[str, Intent] = {}
    merged: dict[str, dict[str, Any]] = {name: {} for name in LANGUAGE_SECTIONS}
    docs: dict[str, YamlDocument] = {}
    languages: set[str] = set()
    origin: dict[str, int] = {}
    for index, group in enumerate(groups):
        seen: dict[str, Intent] = {}
        for data in group:
            if data.language:
                languages.add(data.language)
            for intent in data.intents.values():
                if intent.id in seen:
                    first = seen[intent.id]
                    problems.append(
                        Problem(
                            intent.path,
                            intent.line,
                            f"duplicate intent id '{intent.id}' (also at {first.path}:{first.line})",
                        )
                    )
                    continue
                seen[intent.id] = intent
                intents[intent.id] = intent
                origin[intent.id] = index
            for name, values in data.sections.items():
                _merge(merged[name], values)
                docs[name] = data.doc
    if len(languages) > 1:
        problems.append(Problem("<intents>", None, f"files mix languages: {', '.join(sorted(languages))}"))

    def build_section(cls: type[T], name: str) -> T | None:
        built, found = build(cls, merged[name], docs.get(name, YamlDocument(data={}, path="<intents>")), (name,))
        problems.extend(found)
        return built

    spec = build_section(NormalizeSpec, "normalize")
    built_responses = build_section(Responses, "responses")
    triage = build_section(TriageSpec, "triage")
    own_result = build_section(OwnResultSpec, "own_result")
    unanswered = build_section(UnansweredSpec, "unanswered")
    if intents and FALLBACK_ID not in intents:
        problems.append(Problem("<intents>", None, f"no '{FALLBACK_ID}' intent is defined"))
    if not intents and not problems:
        problems.append(Problem("<intents>", None, "no intents were loaded"))
    if reference is not None:
        problems.extend(check_sources(intents.values(), reference))
    if triage is not None:
        problems.extend(check_signs(triage, intents, docs.get("triage")))
    if unanswered is not None:
        problems.extend(check_frames(unanswered, intents, docs.get("unanswered")))
    if spec is None or built_responses is None or triage is None or own_result is None or unanswered is None:
        raise IntentError(problems)  # a section that could not be built has said why
    if problems:
        raise IntentError(problems)
    normalizer = Normalizer(spec)
    yield_fallback_examples(intents, origin, normalizer)
    unanswered = clinic_topics_answer_frames(unanswered, intents, origin)
    problems.extend(cross_check(intents.values(), normalizer))
    problems.extend(check_sign_phrases(triage, normalizer, docs.get("triage")))
    problems.extend(check_frame_phrases(unanswered, normalizer, docs.get("unanswered")))
    if problems:
        raise IntentError(problems)
    code = next(iter(languages), "en")
    language = Language(
        code=code,
        normalize=spec,
        responses=built_responses,
        triage=triage,
        own_result=own_result,
        unanswered=unanswered,
    )
    return IntentSet(language=language, intents=intents, normalizer=normalizer, reference=reference)
