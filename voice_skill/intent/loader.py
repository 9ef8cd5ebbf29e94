"""Reading and validating intent files: every problem collected, with its file and line.

:func:`load_files` reads folders and files, :func:`load_yaml` one YAML stream and :func:`load_dict`
parsed data (the three ``IntentSet.from_*`` entry points). A folder may hold a ``reference.md``:
every topic intent's ``source`` must then name one of the sections of the reference texts loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import ConfigError, Problem
from ..base.schema import build
from ..base.yamlio import YamlDocument, parse_yaml, read_text
from .intents import (
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
from .reference import REFERENCE_FILE, Reference

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = ("language", "intents", "normalize", "responses")
INTENTS_FOLDER = "intents"


@dataclass(frozen=True)
class _FileData:
    """What one file contributed, before the files are combined."""

    doc: YamlDocument
    language: str | None
    intents: dict[str, Intent]
    normalize: dict[str, Any] | None
    responses: dict[str, Any] | None


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
    return _combine(groups, problems, reference)


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
    return _validate_file(doc)


def _validate_file(doc: YamlDocument) -> tuple[_FileData | None, list[Problem]]:
    path = doc.path
    data = doc.data
    if data is None:
        return None, [Problem(path, None, "file is empty")]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "top level must be a mapping with 'language' and 'intents'")]
    problems: list[Problem] = []
    for key in sorted(set(map(str, data)) - set(_TOP_KEYS)):
        problems.append(Problem(path, doc.line(key), f"unknown top-level key '{key}' (known: {', '.join(_TOP_KEYS)})"))
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
    for section in ("normalize", "responses"):
        if section in data and not isinstance(data[section], dict):
            problems.append(Problem(path, doc.line(section), f"'{section}' must be a mapping"))
    if not raw_intents and "normalize" not in data and "responses" not in data:
        problems.append(Problem(path, doc.line(), "file defines no intents"))
    return (
        _FileData(
            doc=doc,
            language=language,
            intents=intents,
            normalize=data.get("normalize") if isinstance(data.get("normalize"), dict) else None,
            responses=data.get("responses") if isinstance(data.get("responses"), dict) else None,
        ),
        problems,
    )


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
    if spec.kind is IntentKind.TOPIC:
        if spec.urgent is None:
            bad("topic intents need 'urgent: true' or 'urgent: false'")
        if not spec.source:
            bad("topic intents need a 'source' (a section title of the reference text)")
        if not spec.detail:
            bad("topic intents need a 'detail' (the longer answer for 'tell me more')")
    elif spec.urgent:
        bad("only topic intents can be urgent", "urgent")
    if spec.urgent and not spec.triggers:
        bad("urgent intents need 'triggers' (warning-sign phrases)")
    if spec.triggers and not spec.urgent:
        bad("'triggers' are only for urgent intents", "triggers")
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
            urgent=bool(spec.urgent),
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
        ),
        problems,
    )


def _combine(groups: Iterable[list[_FileData]], problems: list[Problem], reference: Reference | None) -> IntentSet:
    intents: dict[str, Intent] = {}
    normalize: dict[str, Any] = {}
    responses: dict[str, Any] = {}
    languages: set[str] = set()
    language_doc: YamlDocument | None = None
    for group in groups:
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
            if data.normalize is not None:
                normalize.update(data.normalize)
                language_doc = data.doc
            if data.responses is not None:
                responses.update(data.responses)
                language_doc = language_doc or data.doc
    if len(languages) > 1:
        problems.append(Problem("<intents>", None, f"files mix languages: {', '.join(sorted(languages))}"))
    doc = language_doc or YamlDocument(data={}, path="<intents>")
    spec, spec_problems = build(NormalizeSpec, normalize, doc, ("normalize",))
    problems.extend(spec_problems)
    built_responses, response_problems = build(Responses, responses, doc, ("responses",))
    problems.extend(response_problems)
    if intents and FALLBACK_ID not in intents:
        problems.append(Problem("<intents>", None, f"no '{FALLBACK_ID}' intent is defined"))
    if not intents and not problems:
        problems.append(Problem("<intents>", None, "no intents were loaded"))
    if reference is not None:
        problems.extend(_check_sources(intents.values(), reference))
    if spec is None or built_responses is None or problems:
        raise IntentError(problems)
    normalizer = Normalizer(spec)
    problems.extend(_cross_check(intents.values(), normalizer))
    if problems:
        raise IntentError(problems)
    language = Language(code=next(iter(languages), "en"), normalize=spec, responses=built_responses)
    return IntentSet(language=language, intents=intents, normalizer=normalizer, reference=reference)


def _check_sources(intents: Iterable[Intent], reference: Reference) -> list[Problem]:
    """Every topic names a section of the reference text: "where does that come from?" must be true."""
    problems = []
    for intent in intents:
        if intent.is_topic and intent.source and intent.source not in reference:
            problems.append(
                Problem(
                    intent.path,
                    intent.source_line or intent.line,
                    f"intent '{intent.id}': source '{intent.source}' is not a section of the reference text "
                    f"({', '.join(reference.paths)}); add the section there, or cite one of: "
                    f"{'; '.join(reference.sections)}",
                )
            )
    return problems


def _cross_check(intents: Iterable[Intent], normalizer: Normalizer) -> list[Problem]:
    """Examples shared by two intents; tests that repeat an example; empty examples."""
    problems: list[Problem] = []
    owner: dict[str, tuple[Intent, int]] = {}
    for intent in intents:
        own: set[str] = set()
        for index, example in enumerate(intent.examples):
            key = normalizer.key(example)
            if not key:
                problems.append(
                    Problem(
                        intent.path,
                        intent.example_line(index),
                        f"intent '{intent.id}': example '{example}' is empty once normalised",
                    )
                )
                continue
            own.add(key)
            other = owner.get(key)
            if other is not None and other[0].id != intent.id:
                problems.append(
                    Problem(
                        intent.path,
                        intent.example_line(index),
                        f"example '{example}' of intent '{intent.id}' is also an example of "
                        f"'{other[0].id}' ({other[0].path}:{other[0].example_line(other[1])})",
                    )
                )
            owner.setdefault(key, (intent, index))
        for index, test in enumerate(intent.tests):
            if normalizer.key(test) in own:
                problems.append(
                    Problem(
                        intent.path,
                        intent.test_line(index),
                        f"intent '{intent.id}': test '{test}' says the same as one of its examples "
                        "(tests must be held apart from examples)",
                    )
                )
    return problems
