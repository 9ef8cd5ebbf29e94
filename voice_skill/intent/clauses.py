"""Reading an utterance's clauses for the warning-sign rules: where another clause starts (a word such as "but", or
punctuation), whether a sign is said to go on, and what was said in the words as typed. Shared by
:mod:`.clearing` and :mod:`.ownership`."""

from __future__ import annotations

from .normalize import Normalized
from .phrases import Words
from .signwords import SignLexicon, typed_words


class Clauses:
    """Readings of clauses over one language's ``triage:`` words. Pure."""

    def __init__(self, lexicon: SignLexicon) -> None:
        self.lex = lexicon

    def apart(self, text: Normalized, between: range, *, asked: bool = False) -> bool:
        """Whether the words ``between`` two others hold the start of another clause: a word of ``clause_breaks`` or
        punctuation ("i passed out just now*,* when i was a teenager i had my appendix out"); ``asked``: not a
        question going on after punctuation ("what counts as heavy bleeding, *how* many pads")."""
        if any(text.surface[i] in self.lex.clause_breaks for i in between):
            return True
        breaks = (b for b in text.breaks if not (asked and text.words[b] in self.lex.question_words))
        return any(between.start <= b <= between.stop for b in breaks)

    def subject_in(self, text: Normalized, between: range) -> bool:
        """Whether a subject of a clause ("i", "my", "the") stands among the words ``between``, other than "me"."""
        return any(text.surface[i] in self.lex.subjects or text.surface[i] in self.lex.determiners for i in between)

    def goes_on(self, words: Words) -> bool:
        """A word of ``ongoing`` ("still", "again"), not one in a question about plans ("can i still have the test",
        "can he still come"), nor one denied ("hasn't come back"), nor one inside or just before an improvement or a
        time long ago ("back to normal", "still fine", "back in march"), nor one that asks whether a plan holds ("is the
        test *still ok*": ``still_ok``)."""
        over = [*self.lex.improvement.found(words), *self.lex.long_ago.found(words)]
        inside = {i for at, phrase in over for i in words.span(at, phrase)}
        starts = {at for at, _ in over}
        askers = self.lex.first_person | self.lex.asked_of
        for at, phrase in self.lex.ongoing.found(words):
            before = words.words[max(0, at - 2) : at]
            planning = len(before) == 2 and before[0] in self.lex.asking_self and before[1] in askers
            # "hasn't come back"; not "can't sit still", which is no denial of the sign going on.
            denied = not self.lex.negations.isdisjoint(before) and phrase != ("still",)
            after = words.words[at + len(phrase) : at + len(phrase) + 1]
            ok_still = at + len(phrase) in starts or not self.lex.still_ok.isdisjoint(after)  # "is the hsg still fine"
            if not (planning or denied or ok_still) and at not in inside:
                return True
        return False

    @staticmethod
    def said(
        raw: str,
        phrases: list[tuple[str, ...]],
        skip: frozenset[str] = frozenset(),
        unless: list[tuple[str, ...]] | None = None,
    ) -> bool:
        """Whether one of ``phrases`` stands in the words as typed (fillers kept; words of ``skip`` passed over), other
        than inside a phrase of ``unless`` ("*just* asking")."""
        typed = Words(typed_words(raw), skip)
        aside = {i for p in unless or () if p for at in typed.find(p) for i in typed.span(at, p)}
        return any(at not in aside for p in phrases if p for at in typed.find(p))
