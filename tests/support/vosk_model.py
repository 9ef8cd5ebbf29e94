"""A tiny but valid Vosk (Kaldi nnet3) model, written in pure Python, for tests that run the real libvosk.

    model_dir = make_tiny_model(tmp_path / "model")          # lookahead layout: runtime grammars work
    model = vosk.Model(str(model_dir))                       # vosk.Model wants str; a Path raises AttributeError
    rec = vosk.KaldiRecognizer(model, 16000)
    rec.SetWords(True)
    for chunk in chunks(silence(0.3) + word_audio("fever") + silence(1.0)):
        if rec.AcceptWaveform(chunk):
            print(rec.Result())                              # {"result": [{"word": "fever", ...}], "text": "fever"}

How it hears: phone 1 is silence, every word (plus "[unk]", always added, last word id) has one phone, and the
acoustic model is one FixedAffineComponent on MFCC c0 (raw log energy, --use-energy=true, --dither=0) that scores
loudness bands. So the word heard depends only on the RMS level of a steady sound, not on its frequency or on tone
vs noise: word_levels(words) gives the level of each word ([unk] quietest at RMS 100, then `words` in order up to
RMS 8000, geometric steps); below SILENCE_RMS (50) is silence. word_audio(word) makes a 440 Hz tone at that level.
A word lasts at least 3 output frames (90 ms); entering a word costs 5 in the graph, so one steady sound is one word.
Recognition content is meaningless; it is deterministic.

Verified with vosk 0.3.45 (Python 3.11), both layouts unless noted:
- Generation 1-2 ms (first call ~5 ms), vosk.Model load 1-2 ms, 60 s of audio decodes in 0.06-0.1 s.
- Every band is heard as its word for tones of 150-6000 Hz and for white noise, in both layouts; RMS 0-45 gives
  "" (silence), 55-70 gives "[unk]", 20000-32000 gives the loudest word. Also checked with num_ceps 1, 13 and 40,
  and a 30-word vocabulary with non-ASCII words. Same audio twice gives identical JSON.
- AcceptWaveform, Result, PartialResult ("partial" text follows the audio within ~0.25 s), FinalResult.
- SetWords(True): "result" has word/start/end/conf; times are seconds from the start of the stream, within one
  30 ms frame of the true sound edges (MBR averaging adds ~0.001 s to starts, e.g. 0.300989 for a sound at 0.3);
  conf is 1.0 for clean sounds. Consecutive different-level sounds give consecutive words with adjacent times.
- SetPartialWords(True): "partial_result" (word/start/end/conf) appears, but only for audio about 1 s old (vosk
  determinizes the lattice in chunks); earlier, PartialResult is {"partial": ""}.
- SetMaxAlternatives(3): {"alternatives": [{"confidence", "result", "text"}, ...]}; here 2-3 alternatives, the
  extra ones split a word in two ("cramping cramping"); "result" times in alternatives are exact frame multiples.
- Reset(): drops the utterance; right after it PartialResult() and FinalResult() return {"text" : ""} (vosk's
  empty answer, no "partial" key). The recognizer is reusable after FinalResult().
- Endpointing (vosk defaults, restated in conf/model.conf, silence phone 1): AcceptWaveform returns True about
  0.5-0.75 s after a sound stops (1 s tone + silence: True on the chunk ending at 1.75 s); silence gaps of 0.5 s are
  too short. Pure silence gives True with {"text": ""} every 5 s; a sound without a pause gives True after 20 s
  (a word is then split across the two results). Call Result() after True: otherwise AcceptWaveform keeps
  returning True while the endpoint condition holds.
- Runtime grammars (lookahead layout): KaldiRecognizer(model, 16000, '["yes no", "[unk]"]') and SetGrammar(...)
  work, with no "Runtime graphs are not supported" log. vosk 0.3.45 turns the phrases into a bigram LM, so phrase
  order is not enforced. An out-of-grammar sound comes out as the allowed word of the nearest band (not "[unk]");
  "[unk]" needs [unk]-level sound. vosk does not need "[unk]" in a grammar; grammar words missing from words.txt
  are dropped with WARNING "Ignoring word missing in vocabulary" (only unknown words: text ""). Static layout
  (runtime_grammar=False): WARNING "Runtime graphs are not supported by this model" (at creation or SetGrammar)
  and the grammar is ignored.
- Word lookup: the Python binding has no `find_word`; it is model.vosk_model_find_word(word): ids 1..N in `words`
  order, "[unk]" N+1, "<eps>" 0, unknown (also other case, "YES") -1.
- Sample rates: a 48000 Hz recognizer works (vosk downsamples). An 8000 Hz recognizer is created fine, but its
  AcceptWaveform raises Exception("Failed to process waveform") and libvosk logs ERROR "Sampling frequency
  mismatch, expected 16000, got 8000"; FinalResult() afterwards returns {"text" : ""}.
- libvosk logs to C-level stderr: pytest needs capfd (not capsys) to see it; vosk.SetLogLevel(-1) silences it.

Does NOT work / beware:
- With the lookahead layout, a grammar string that is not a non-empty JSON array ("[]", "", "not json",
  '{"a": 1}') kills the process with SIGSEGV inside libvosk (vosk bug, real models too: kaldi-asr/kaldi#4925);
  run such a case in a subprocess if you must. The static layout just ignores it.
- It is not speech recognition: speech or other varying sounds come out as a few words picked by loudness (2 s of
  syllable-modulated noise peaking at 3000 gave "hello").
- conf is ~1.0 almost always; alternatives' "confidence" values are large (thousands), not probabilities.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
UNK = "[unk]"
DEFAULT_WORDS = ("yes", "no", "hello", "cramping", "fever")

# Loudness bands (RMS in int16 units of a stationary sound): below SILENCE_RMS the model hears silence; the
# band centres run geometrically from _LOWEST_RMS ([unk]) to _LOUDEST_RMS (the last word).
SILENCE_RMS = 50.0
_LOWEST_RMS = 100.0
_LOUDEST_RMS = 8000.0

_SIL_PHONE = 1
_WORD_MIN_FRAMES = 3  # a word lasts at least 3 output frames (90 ms): one-frame transients never become words
_WORD_COST = 5.0  # graph cost of entering a word (keeps one long sound one word)
_SIL_COST = 1.0
_SCALE = 1.0  # log-likelihood scale of the acoustic "model"
_FST_MAGIC = 2125659606

_MODEL_CONF = """\
--min-active=200
--max-active=3000
--beam=10.0
--lattice-beam=6.0
--acoustic-scale=1.0
--frame-subsampling-factor=3
--endpoint.silence-phones=1
--endpoint.rule2.min-trailing-silence=0.5
--endpoint.rule3.min-trailing-silence=1.0
--endpoint.rule4.min-trailing-silence=2.0
"""


def vocabulary(words: Sequence[str] = DEFAULT_WORDS) -> list[str]:
    """The words of a model made from `words`, in word-id order (id 1 first): `words`, then `[unk]` if absent."""
    vocab: list[str] = []
    for word in words:
        if not word or any(ch.isspace() for ch in word) or word == "<eps>" or word.startswith("#"):
            raise ValueError(f"bad word for a Vosk model: {word!r}")
        if word in vocab:
            raise ValueError(f"duplicate word: {word!r}")
        vocab.append(word)
    if UNK not in vocab:
        vocab.append(UNK)
    return vocab


def word_levels(words: Sequence[str] = DEFAULT_WORDS) -> dict[str, float]:
    """RMS level (int16 units) of a steady sound (tone or noise) that the model made from `words` hears as each word.

    `[unk]` is the quietest band, then `words` in order, louder and louder; anything below SILENCE_RMS is silence.
    Any steady sound works (frequency does not matter); only the level picks the word.
    """
    bands = [UNK, *(w for w in vocabulary(words) if w != UNK)]
    if len(bands) == 1:
        return {UNK: _LOWEST_RMS}
    step = math.log(_LOUDEST_RMS / _LOWEST_RMS) / (len(bands) - 1)
    return {word: _LOWEST_RMS * math.exp(i * step) for i, word in enumerate(bands)}


def tone(seconds: float, rms: float, freq: float = 440.0, rate: int = SAMPLE_RATE) -> bytes:
    """A sine tone of the given RMS level as 16-bit little-endian mono PCM."""
    t = np.arange(round(seconds * rate)) / rate
    samples = np.sin(2 * np.pi * freq * t) * rms * math.sqrt(2)
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


def silence(seconds: float, rate: int = SAMPLE_RATE) -> bytes:
    """Digital silence as 16-bit mono PCM."""
    return bytes(2 * round(seconds * rate))


def word_audio(word: str, words: Sequence[str] = DEFAULT_WORDS, seconds: float = 0.5, freq: float = 440.0) -> bytes:
    """A tone that the model made from `words` recognises as `word`."""
    return tone(seconds, word_levels(words)[word], freq)


def chunks(data: bytes, size: int = 4000) -> Iterator[bytes]:
    """`data` in pieces of `size` bytes, as a microphone stream would deliver it."""
    for i in range(0, len(data), size):
        yield data[i : i + size]


def make_tiny_model(
    path: Path,
    words: Sequence[str] = DEFAULT_WORDS,
    *,
    runtime_grammar: bool = True,
    num_ceps: int = 13,
) -> Path:
    """Write a tiny Vosk model into `path` (created if needed) and return `path`.

    runtime_grammar=True writes the lookahead layout (graph/HCLr.fst + graph/Gr.fst + graph/disambig_tid.int, no
    HCLG.fst) so vosk accepts runtime grammars; runtime_grammar=False writes a static graph/HCLG.fst.
    """
    if num_ceps < 1:
        raise ValueError("num_ceps must be at least 1")
    path = Path(path)
    vocab = vocabulary(words)
    levels = word_levels(words)
    (path / "am").mkdir(parents=True, exist_ok=True)
    (path / "conf").mkdir(exist_ok=True)
    (path / "graph" / "phones").mkdir(parents=True, exist_ok=True)
    for stale in ("HCLG.fst", "HCLr.fst", "Gr.fst", "disambig_tid.int"):
        (path / "graph" / stale).unlink(missing_ok=True)

    num_phones = 1 + len(vocab)  # phone 1 is silence, phone w+1 belongs to word id w; pdf = phone - 1
    (path / "am" / "final.mdl").write_text(
        _transition_model(num_phones) + _nnet(vocab, levels, num_ceps), encoding="utf-8"
    )
    (path / "conf" / "model.conf").write_text(_MODEL_CONF)
    mel_bins = max(23, num_ceps)
    (path / "conf" / "mfcc.conf").write_text(
        f"--sample-frequency={SAMPLE_RATE}\n--use-energy=true\n--dither=0\n--num-ceps={num_ceps}\n"
        f"--num-mel-bins={mel_bins}\n--allow-downsample=true\n"
    )
    (path / "graph" / "words.txt").write_text(
        "<eps> 0\n" + "".join(f"{word} {i}\n" for i, word in enumerate(vocab, start=1)), encoding="utf-8"
    )
    (path / "graph" / "phones" / "word_boundary.int").write_text(
        f"{_SIL_PHONE} nonword\n" + "".join(f"{p} singleton\n" for p in range(2, num_phones + 1))
    )
    graph = _fst_bytes(_word_loop(num_phones))
    if runtime_grammar:
        (path / "graph" / "HCLr.fst").write_bytes(graph)
        grammar = [(0.0, [(w, w, 0.0, 0) for w in range(1, len(vocab) + 1)])]
        (path / "graph" / "Gr.fst").write_bytes(_fst_bytes(grammar))
        (path / "graph" / "disambig_tid.int").write_text("")
    else:
        (path / "graph" / "HCLG.fst").write_bytes(graph)
    return path


def _transition_model(num_phones: int) -> str:
    # One emitting state per phone: transition 0 is the self-loop, 1 the exit, so phone p owns transition-ids
    # 2p-1 (self-loop) and 2p (exit); pdf p-1.
    phones = " ".join(str(p) for p in range(1, num_phones + 1))
    triples = "".join(f"{p} 0 {p - 1}\n" for p in range(1, num_phones + 1))
    log_half = math.log(0.5)
    log_probs = " ".join(["0", *([f"{log_half:.9g}"] * (2 * num_phones))])
    return (
        "<TransitionModel> \n<Topology> \n<TopologyEntry> \n"
        f"<ForPhones> \n{phones} \n</ForPhones> \n"
        "<State> 0 <PdfClass> 0 <Transition> 0 0.5 <Transition> 1 0.5 </State> \n<State> 1 </State> \n"
        "</TopologyEntry> \n</Topology> \n"
        f"<Triples> {num_phones} \n{triples}</Triples> \n"
        f"<LogProbs> \n [ {log_probs} ]\n</LogProbs> \n</TransitionModel> \n"
    )


def _nnet(vocab: list[str], levels: dict[str, float], num_ceps: int) -> str:
    # With --use-energy=true feature 0 is the raw log energy of a 400-sample frame: x = log(400 * rms^2).
    # Each pdf scores x like a Gaussian log-likelihood around its centre c: scale * (c*x - c^2/2) (the common
    # -x^2/2 term is left out; it cancels between paths). The nearest centre wins.
    def centre(rms: float) -> float:
        return math.log(400.0 * rms * rms)

    first_band = centre(_LOWEST_RMS)
    centres = [2 * centre(SILENCE_RMS) - first_band, *(centre(levels[w]) for w in vocab)]
    ref = sum(centres) / len(centres)  # subtracting one common line keeps the numbers small
    rows, biases = [], []
    for c in centres:
        weights = [0.0] * num_ceps
        weights[0] = _SCALE * (c - ref)
        rows.append(" ".join(f"{v:.9g}" for v in weights))
        biases.append(f"{-_SCALE * (c * c - ref * ref) / 2:.9g}")
    return (
        "<Nnet3> \n"
        f"input-node name=input dim={num_ceps}\n"
        "component-node name=affine component=affine input=input\n"
        "output-node name=output input=affine objective=linear\n"
        "\n"
        "<NumComponents> 1 \n<ComponentName> affine <FixedAffineComponent> <LinearParams>  [\n  "
        + "\n  ".join(rows)
        + " ]\n"
        f"<BiasParams>  [ {' '.join(biases)} ]\n"
        "</FixedAffineComponent> \n</Nnet3> \n"
        "<LeftContext> 0 <RightContext> 0 <Priors>  [ ]\n"
    )


_State = tuple[float, list[tuple[int, int, float, int]]]


def _word_loop(num_phones: int) -> list[_State]:
    """Hub state 0 (start, final); each phone: exit transition (with the word label), then its self-loops."""
    states: list[_State] = [(0.0, [])]
    for phone in range(1, num_phones + 1):
        self_loop, exit_ = 2 * phone - 1, 2 * phone
        word = 0 if phone == _SIL_PHONE else phone - 1
        min_frames = 1 if phone == _SIL_PHONE else _WORD_MIN_FRAMES
        first = len(states)
        states[0][1].append((exit_, word, _SIL_COST if word == 0 else _WORD_COST, first))
        for i in range(min_frames):
            states.append((math.inf, []))
            if i + 1 < min_frames:
                states[first + i][1].append((self_loop, 0, 0.0, first + i + 1))
        last = first + min_frames - 1
        states[last][1].extend([(self_loop, 0, 0.0, last), (0, 0, 0.0, 0)])
    return states


def _fst_bytes(states: list[_State], start: int = 0) -> bytes:
    """OpenFst binary "vector" FST (standard arc type, little-endian), claiming no properties but expanded|mutable."""
    out = bytearray(struct.pack("<i", _FST_MAGIC))
    for name in (b"vector", b"standard"):
        out += struct.pack("<i", len(name)) + name
    num_arcs = sum(len(arcs) for _, arcs in states)
    out += struct.pack("<iiQqqq", 2, 0, 3, start, len(states), num_arcs)
    for final, arcs in states:
        out += struct.pack("<fq", final, len(arcs))
        for ilabel, olabel, weight, nextstate in arcs:
            out += struct.pack("<iifi", ilabel, olabel, weight, nextstate)
    return bytes(out)
