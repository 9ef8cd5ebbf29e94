"""Intents: loading and validating the YAML intent files.

Loading is split as in hassil: :meth:`IntentSet.from_files` reads files and folders,
:meth:`IntentSet.from_yaml` parses one stream, :meth:`IntentSet.from_dict` validates
data. Every problem is collected, with its file and line, before anything fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IntentError, Problem
from .normalize import Normalizer, NormalizeSpec
from .schema import build
from .yamlio import YamlDocument, parse_yaml, read_text

MAX_ANSWER_WORDS = 45
"""A spoken answer longer than this is an error: long answers are hard to follow by ear."""
MIN_EXAMPLES = {"topic": 15, "control": 3, "fallback": 10}
"""Fewest examples per intent kind."""
KINDS = ("topic", "control", "fallback")
FALLBACK_ID = "fallback"
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = ("language", "intents", "normalize", "responses")


@dataclass(frozen=True)
class Responses:
    """Sentences the dialogue wraps around answers ({placeholders} are filled in)."""

    disclaimer: str
    emergency_line: str
    confirm: str
    confirm_again: str
    suggest: str
    help_topics: str
    source_of_last: str
    rate_slower: str
    rate_faster: str
    rate_slowest: str
    rate_fastest: str
    volume_louder: str
    volume_quieter: str
    volume_loudest: str
    volume_quietest: str
    no_detail: str
    list_or: str
    greeting: str


@dataclass(frozen=True)
class IntentSpec:
    """The schema of one intent in YAML."""

    kind: str = field(metadata={"choices": KINDS})
    title: str
    answer: str
    urgent: bool | None = None
    source: str | None = None
    detail: str | None = None
    triggers: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Intent:
    """One validated intent."""

    id: str
    kind: str
    title: str
    answer: str
    urgent: bool
    source: str | None
    detail: str | None
    triggers: tuple[str, ...]
    examples: tuple[str, ...]
    tests: tuple[str, ...]
    path: str
    line: int | None
    example_lines: tuple[int | None, ...] = ()
    test_lines: tuple[int | None, ...] = ()

    def example_line(self, index: int) -> int | None:
        return self.example_lines[index] if index < len(self.example_lines) else self.line

    def test_line(self, index: int) -> int | None:
        return self.test_lines[index] if index < len(self.test_lines) else self.line

    @property
    def is_topic(self) -> bool:
        return self.kind == "topic"


@dataclass(frozen=True)
class Language:
    """Language-level data: normalisation rules and response sentences."""

    code: str
    normalize: NormalizeSpec
    responses: Responses


@dataclass(frozen=True)
class _FileData:
    """What one file contributed, before the files are combined."""

    doc: YamlDocument
    language: str | None
    intents: dict[str, Intent]
    normalize: dict[str, Any] | None
    responses: dict[str, Any] | None


@dataclass(frozen=True)
class IntentSet:
    """A validated, ordered set of intents and their language data."""

    language: Language
    intents: dict[str, Intent]
    normalizer: Normalizer = field(compare=False, repr=False)

    def __getitem__(self, intent_id: str) -> Intent:
        return self.intents[intent_id]

    def __contains__(self, intent_id: object) -> bool:
        return intent_id in self.intents

    def __iter__(self) -> Iterator[Intent]:
        return iter(self.intents.values())

    def __len__(self) -> int:
        return len(self.intents)

    @property
    def topics(self) -> list[Intent]:
        return [i for i in self.intents.values() if i.is_topic]

    @property
    def urgent(self) -> list[Intent]:
        return [i for i in self.intents.values() if i.urgent]

    # -- loading -------------------------------------------------------------

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> IntentSet:
        """Load intent files and folders (a folder's ``*.yaml`` in name order).

        Within one folder an intent id may appear once; a later folder (or file given
        later) overrides an id from an earlier one.
        """
        problems: list[Problem] = []
        groups: list[list[_FileData]] = []
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
        return _combine(groups, problems)

    @classmethod
    def from_yaml(cls, text: str, path: str = "<string>") -> IntentSet:
        """Load one YAML document (it must hold language data too)."""
        data, problems = _parse_file(text, path)
        return _combine([[data]] if data is not None else [], problems)

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str = "<dict>") -> IntentSet:
        """Validate already-parsed data (lines are unknown)."""
        doc = YamlDocument(data=data, path=path)
        file_data, problems = _validate_file(doc)
        return _combine([[file_data]] if file_data is not None else [], problems)


def builtin_intent_dir(language: str = "en") -> Path:
    """The intents shipped with the package (inside the wheel, or the source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "intents" / language, here.parent / "intents" / language):
        if candidate.is_dir():
            return candidate
    return here.parent / "intents" / language


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
    if spec.kind == "topic":
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
    if spec.kind == FALLBACK_ID and intent_id != FALLBACK_ID:
        bad(f"the fallback intent must have the id '{FALLBACK_ID}'", "kind")
    if intent_id == FALLBACK_ID and spec.kind != "fallback":
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
            source=spec.source,
            detail=" ".join(spec.detail.split()) if spec.detail else None,
            triggers=spec.triggers,
            examples=spec.examples,
            tests=spec.tests,
            path=doc.path,
            line=where,
            example_lines=tuple(doc.line(*key, "examples", i) for i in range(len(spec.examples))),
            test_lines=tuple(doc.line(*key, "tests", i) for i in range(len(spec.tests))),
        ),
        problems,
    )


def _combine(groups: Iterable[list[_FileData]], problems: list[Problem]) -> IntentSet:
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
    if spec is None or built_responses is None or problems:
        raise IntentError(problems)
    normalizer = Normalizer(spec)
    problems.extend(_cross_check(intents.values(), normalizer))
    if problems:
        raise IntentError(problems)
    language = Language(code=next(iter(languages), "en"), normalize=spec, responses=built_responses)
    return IntentSet(language=language, intents=intents, normalizer=normalizer)


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
