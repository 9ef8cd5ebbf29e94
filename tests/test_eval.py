"""voice-skill eval: figures, safety counts, gates, sweep, audio rows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from voice_skill import Config, Skill
from voice_skill.evaluation import EvalError, EvalRow, Prediction, read_rows, report, sweep, word_errors

from .conftest import ROOT
from .support import join, silence, speak


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


ROWS = [
    {"text": "is this cramping normal", "label": "cramping"},
    {"text": "what is an h s g", "label": "what_is_hsg"},
    {"text": "is it normal to have cramps and a fever", "label": "urgent_fever_infection"},
    {"text": "what is the weather tomorrow", "label": "fallback"},
    {"text": "tell me a joke", "label": "fallback"},
]


def test_report_counts_safety_exactly() -> None:
    def p(label: str, intent: str, decision: str = "answer", urgent: bool = False) -> Prediction:
        return Prediction(EvalRow((label,), label.startswith("urgent_"), text="x"), intent, decision, urgent)

    predictions = [
        p("cramping", "cramping"),
        p("cramping", "fallback", "fallback"),
        p("urgent_fever_infection", "urgent_fever_infection", urgent=True),
        p("urgent_heavy_bleeding", "spotting_bleeding"),  # a false reassurance
        p("urgent_severe_pain", "fallback", "fallback"),  # missed, but not reassured
        p("what_is_hsg", "urgent_severe_pain", urgent=True),  # a false alarm
        p("fallback", "fallback", "fallback"),
        p("fallback", "ivf"),  # a false accept
    ]
    r = report(predictions)
    assert r.rows == 8 and r.accuracy == pytest.approx(3 / 8)
    assert r.false_reassurances == 1 and r.false_alarms == 1
    assert r.urgent_recall == pytest.approx(1 / 3)
    assert r.fallback_rate == pytest.approx(2 / 6) and r.false_accept_rate == pytest.approx(1 / 2)
    cramping = next(s for s in r.per_intent if s.intent == "cramping")
    assert (cramping.precision, cramping.recall, cramping.support) == (1.0, 0.5, 2)
    assert ("urgent_heavy_bleeding", "spotting_bleeding", 1) in r.confusions


def test_per_intent_figures_with_rows_that_accept_several_outcomes() -> None:
    def p(accept: tuple[str, ...], intent: str) -> Prediction:
        return Prediction(EvalRow(accept, False, text="x"), intent, "answer", False)

    predictions = [
        p(("cramping",), "cramping"),
        p(("recovery_time", "cramping"), "cramping"),  # good, counted under recovery_time's recall
        p(("cramping",), "ivf"),  # wrong
        p(("recovery_time",), "recovery_time"),
    ]
    scores = {s.intent: s for s in report(predictions).per_intent}
    assert (scores["cramping"].precision, scores["cramping"].recall, scores["cramping"].support) == (1.0, 0.5, 2)
    assert (scores["recovery_time"].precision, scores["recovery_time"].recall) == (1.0, 1.0)
    assert scores["ivf"].precision == 0.0
    assert all(0.0 <= s.precision <= 1.0 and 0.0 <= s.recall <= 1.0 for s in scores.values())


def test_word_errors() -> None:
    assert word_errors(["is", "this", "normal"], ["is", "this", "not", "normal"]) == 1
    assert word_errors([], ["a", "b"]) == 2 and word_errors(["a", "b"], []) == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", r"x.jsonl:2: invalid JSON"),
        ('{"text": "hi", "label": "nope"}', r"x.jsonl:2: 'label' must be an intent id"),
        ('{"label": "cramping"}', r"x.jsonl:2: give 'text'"),
        ('{"text": "hi", "label": "cramping", "urgent": "yes"}', r"x.jsonl:2: 'urgent' must be true or false"),
        ("[1, 2]", r"x.jsonl:2: each line must be a JSON object"),
    ],
)
def test_bad_rows_name_their_line(tmp_path: Path, skill: Skill, line: str, message: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        read_rows(path, skill.intents)


def test_eval_command_prints_the_report_and_gates(cli, tmp_path: Path) -> None:
    data = write_rows(tmp_path / "d.jsonl", ROWS)
    ok = cli("eval", str(data), "--min-accuracy", "0.8", "--max-false-reassurance", "0")
    assert ok.code == 0
    assert "top-1 accuracy:       100.0%" in ok.out and "false reassurances:   0" in ok.out
    as_json = json.loads(cli("eval", str(data), "--json").out)
    assert as_json["accuracy"] == 1.0 and as_json["urgent_recall"] == 1.0 and as_json["false_reassurances"] == 0
    wrong = write_rows(tmp_path / "w.jsonl", [*ROWS, {"text": "is this cramping normal", "label": "ivf"}])
    failed = cli("eval", str(wrong), "--min-accuracy", "0.99")
    assert failed.code == 1 and "below --min-accuracy 0.99" in failed.err and failed.err.count("\n") == 1
    reassured = write_rows(tmp_path / "r.jsonl", [{"text": "is cramping normal", "label": "cramping", "urgent": True}])
    gate = cli("eval", str(reassured), "--max-false-reassurance", "0")
    assert gate.code == 1 and "1 false reassurances" in gate.err


def test_sweep_trades_accuracy_for_false_accepts(skill: Skill, tmp_path: Path, cli) -> None:
    rows = read_rows(write_rows(tmp_path / "d.jsonl", ROWS), skill.intents)
    points = sweep(skill.intents, skill.config.match, rows, [10, 45, 95])
    assert points[0].false_accept_rate >= points[-1].false_accept_rate
    assert points[0].accuracy >= points[-1].accuracy and points[-1].accuracy < 1
    table = cli("eval", str(tmp_path / "d.jsonl"), "--sweep").out
    assert table.splitlines()[0].split() == ["THRESHOLD", "ACCURACY", "FALSE-ACCEPT"] and "<- current" in table


@pytest.mark.slow
def test_the_sweep_at_the_configured_threshold_agrees_with_eval(cli) -> None:
    data = str(ROOT / "eval" / "dev.jsonl")
    figures = json.loads(cli("eval", data, "--json").out)
    points = json.loads(cli("eval", data, "--sweep", "--json").out)
    current = [p for p in points if p["threshold"] == Config().match.answer_threshold]
    assert len(current) == 1
    assert round(current[0]["accuracy"], 4) == figures["accuracy"], "one accuracy, however it is asked for"
    assert round(current[0]["false_accept_rate"], 4) == figures["false_accept_rate"]


@pytest.mark.engine
def test_audio_rows_are_recognised_with_word_error_rate(cli, tmp_path: Path) -> None:
    audio = join(silence(0.5), speak("is it normal to have cramps and a fever", "kal16"), silence(1.0))
    audio.write_wav(tmp_path / "q.wav")
    row = {"audio": "q.wav", "text": "is it normal to have cramps and a fever", "label": "urgent_fever_infection"}
    data = write_rows(tmp_path / "a.jsonl", [row])
    result = json.loads(cli("eval", str(data), "--json", "--engine", "pocketsphinx").out)
    assert result["accuracy"] == 1.0 and result["word_error_rate"] is not None and result["word_error_rate"] < 0.5


def test_missing_data_file_is_one_line(cli, tmp_path: Path) -> None:
    result = cli("eval", str(tmp_path / "none.jsonl"))
    assert result.code == 8 and result.err.count("\n") == 1 and "file not found" in result.err


def test_urgency_comes_from_the_intent_set_not_from_the_label(tmp_path: Path) -> None:
    from voice_skill import IntentSet
    from voice_skill.intent import builtin_intent_dir

    folder = tmp_path / "clinic"
    folder.mkdir()
    examples = "\n".join(f"      - parking question number {n}" for n in range(15))
    (folder / "p.yaml").write_text(
        "language: en\nintents:\n  urgent_parking:\n    kind: topic\n    urgent: false\n    title: parking\n"
        "    source: Monitoring for Concerns\n    answer: Park behind the building.\n    detail: Behind it.\n"
        f"    examples:\n{examples}\n",
        encoding="utf-8",
    )
    intents = IntentSet.from_files([builtin_intent_dir(), folder])
    rows = read_rows(
        write_rows(
            tmp_path / "d.jsonl", [{"text": "x", "label": "urgent_parking"}, {"text": "y", "label": "cramping"}]
        ),
        intents,
    )
    assert [r.urgent for r in rows] == [False, False], "a calm intent is calm whatever its name"
    fever = read_rows(write_rows(tmp_path / "f.jsonl", [{"text": "z", "label": "urgent_fever_infection"}]), intents)
    assert fever[0].urgent


def test_a_row_may_accept_several_outcomes_and_wrong_answers_are_counted_apart(tmp_path: Path, skill: Skill) -> None:
    rows = read_rows(
        write_rows(
            tmp_path / "d.jsonl",
            [
                {"text": "what does blocked mean and why", "label": ["results_blocked_meaning", "blockage_causes"]},
                {"text": "x", "accept": ["fallback"]},
            ],
        ),
        skill.intents,
    )
    assert rows[0].accept == ("results_blocked_meaning", "blockage_causes") and rows[0].answerable
    assert not rows[1].answerable
    predictions = [
        Prediction(rows[0], "blockage_causes", "answer", False),
        Prediction(rows[1], "ivf", "answer", False),
    ]
    r = report(predictions)
    assert r.accuracy == pytest.approx(1 / 2) and r.wrong_answer_rate == pytest.approx(1 / 2)
    assert r.fallback_when_answerable == 0.0 and r.false_accept_rate == 1.0
    reprompted = report([Prediction(rows[0], "fallback", "reprompt", False)])
    assert reprompted.reprompt_rate == 1.0 and reprompted.wrong_answer_rate == 0.0 and reprompted.accuracy == 0.0


def test_rows_writes_each_rows_outcome_with_its_verdict(cli, tmp_path: Path) -> None:
    rows = [
        {"text": "is this cramping normal", "label": "cramping"},
        {"text": "is this cramping normal", "label": "spotting_bleeding"},
        {"text": "what is the weather tomorrow", "label": "cramping"},
        {"text": "is this cramping normal", "label": "fallback"},
        {"text": "is spotting normal after an hsg", "label": "spotting_bleeding", "urgent": True},
        {"text": "i have a fever and chills", "label": "fallback", "urgent": False},
    ]
    data = write_rows(tmp_path / "d.jsonl", rows)
    result = cli("eval", str(data), "--rows", str(tmp_path / "out.jsonl"))
    assert result.code == 0
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["text"], r["expected"], r["got"], r["verdict"]) for r in written] == [
        (1, "is this cramping normal", ["cramping"], "cramping", "good"),
        (2, "is this cramping normal", ["spotting_bleeding"], "cramping", "wrong"),
        (3, "what is the weather tomorrow", ["cramping"], "fallback", "fallback"),
        (4, "is this cramping normal", ["fallback"], "cramping", "false_accept"),
        (5, "is spotting normal after an hsg", ["spotting_bleeding"], "spotting_bleeding", "false_reassurance"),
        (6, "i have a fever and chills", ["fallback"], "urgent_fever_infection", "false_alarm"),
    ]
    assert written[4]["expected_urgent"] is True and written[4]["urgent"] is False


def test_rows_that_cannot_be_written_is_one_line(cli, tmp_path: Path) -> None:
    data = write_rows(tmp_path / "d.jsonl", ROWS)
    result = cli("eval", str(data), "--rows", str(tmp_path / "missing" / "out.jsonl"))
    assert result.code == 8 and result.err.count("\n") == 1 and "cannot write --rows" in result.err
    assert cli("eval", str(data), "--sweep", "--rows", str(tmp_path / "o.jsonl")).code == 2


def test_a_missing_audio_file_names_the_data_file_and_line(cli, tmp_path: Path) -> None:
    data = write_rows(tmp_path / "d.jsonl", [ROWS[0], {"audio": "gone.wav", "label": "cramping"}])
    result = cli("eval", str(data))
    assert result.code == 8 and result.err.count("\n") == 1
    assert f"{data}:2: audio file {tmp_path / 'gone.wav'} not found" in result.err


def test_an_audio_file_that_is_not_audio_names_the_data_file_and_line(tmp_path: Path, skill: Skill) -> None:
    from voice_skill.asr import Recognizer, Transcript
    from voice_skill.evaluation import predict

    class Unused(Recognizer):
        """A unit seam: the file is refused before anything is recognised."""

        name = "unused"

        def start(self) -> None:
            pass

        def feed(self, samples: object) -> Transcript | None:
            return None

        def finish(self) -> Transcript:
            return Transcript("")

    (tmp_path / "notes.wav").write_text("not a wav file", encoding="utf-8")
    data = write_rows(tmp_path / "d.jsonl", [ROWS[0], ROWS[1], {"audio": "notes.wav", "label": "cramping"}])
    rows = read_rows(data, skill.intents)
    with pytest.raises(EvalError, match=rf"^{re.escape(str(data))}:3: .*notes\.wav"):
        predict(skill.matcher, rows, lambda: skill.listener(Unused()))
