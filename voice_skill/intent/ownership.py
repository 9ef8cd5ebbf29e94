"""Whose sign it is: the speaker's own now, or someone else's, a question about what counts as one, or a figure of
speech, each read in the sign's own clause ("what are the warning signs, my pain is unbearable" is the speaker's
pain). See :mod:`.clearing`."""

from __future__ import annotations

from collections.abc import Sequence

from .clauses import Clauses
from .normalize import Normalized
from .phrases import Words
from .signwords import SignLexicon

PRESENT_REACH = 3
"""A present tense this close before someone else's sign says it is happening now ("she *is* bleeding")."""
ASKED_REACH = 3
"""How many words may stand between a question about what counts and a sign it asks about ("how do i know *if my*
bleeding is too heavy"), with a word of ``asked_links`` among them."""
ASKED_BEFORE = 6
"""How far before such a question a sign may stand, in an utterance that opens as a question ("is a temp of 39
*something to worry about*")."""
FIGURE_AFTER = 4
"""How far after a sign's first word a figure of speech may start and still be said of it ("my head *is spinning
with* happiness"): a figure elsewhere in the utterance leaves the sign standing ("the waiting is awful and i have a
fever of 39")."""
FIGURE_BEFORE = 6
"""How far before a sign a figure of speech may end and still be its cause ("the bill *made me feel* faint")."""


class SignOwnership:
    """Decides whether a sign is not the speaker's own now. Pure."""

    def __init__(self, lexicon: SignLexicon, clauses: Clauses) -> None:
        self.lex = lexicon
        self.clauses = clauses

    def not_own(
        self, text: Normalized, *, asking: bool = True, position: int | None = None, raw: str = "", intent: str = ""
    ) -> bool:
        """Whether the signs in ``text`` are not the speaker's own now: a figure of speech, or someone else's or a
        question about what counts as one, with no word by which the speaker speaks of themselves (a question
        about oneself, "will i", does not count). Someone else's sign at ``position`` told as happening now ("my
        sister had her hsg this morning and now she is bleeding heavily") is a carer speaking for the patient: it
        stands."""
        words = self.lex.indexed(text)
        if self._figure_of_speech(text, words, position):
            return True
        if self._speaks_of_self(text.words, words):
            return False
        # Not "is soaking a pad in an hour something to worry about, that's what is happening right now".
        if asking and self._asked_about(text, words, position, intent) and not self.clauses.goes_on(words):
            return True
        if self._theirs(text, words, position):
            return position is None or not self._happening(text, words, position, raw)
        return self.lex.question(text.words) and not set(text.words) & self.lex.own and self.lex.degree.any_in(words)

    def _asked_about(self, text: Normalized, words: Words, position: int | None, intent: str) -> bool:
        """A question about what counts as a sign, about the sign at ``position`` (any, when none is given): just
        before it, or with a word of ``asked_links`` between ("warning signs *of* infection", "how do i know *if*
        my bleeding is too heavy"); or after it in an utterance that opens as a question ("is a temp of 39
        something to worry about"). Not "what are the warning signs, my pain is unbearable"."""
        found = self.lex.asking.found(words)
        if position is None or not found:
            return bool(found)
        inside = self.lex.modifier_positions(words) | self.lex.sign_positions(words, intent)
        for at, phrase in found:
            end = words.span(at, phrase)[-1]
            if end < position:
                # The sign's own words and modifiers between do not count ("counts as *heavy* bleeding").
                between = [text.words[i] for i in range(end + 1, position) if i not in inside]
                linked = not between or not self.lex.asked_links.isdisjoint(between)
                if (
                    len(between) <= ASKED_REACH
                    and linked
                    and not self.clauses.apart(text, range(end + 1, position), asked=True)
                ):
                    return True
            elif at > position and at - position <= ASKED_BEFORE and self.lex.question(text.words):
                if not self.clauses.apart(text, range(position + 1, at), asked=True):
                    return True
            elif at <= position <= end:
                return True
        return False

    def figure_of_speech(self, text: Normalized, position: int) -> bool:
        """Whether a figure of speech is said of the sign at ``position`` ("the bill gave me chest pains")."""
        return self._figure_of_speech(text, self.lex.indexed(text), position)

    def _figure_of_speech(self, text: Normalized, words: Words, position: int | None) -> bool:
        """A figure of speech said of the sign at ``position`` (anywhere when no position is given), in its clause:
        one starting at it or just after ("my head was spinning with happiness", "a pain in the neck"), or, if it
        opens as a subject ("the bill", "the waiting is"), one just before it, as its cause ("the bill made me feel
        faint", "the parking charges made me want to faint"; not "the waiting is killing me, the cramps are getting
        worse")."""
        for at, phrase in self.lex.figurative.found(words):
            if position is None:
                return True
            end = words.span(at, phrase)[-1]
            cause = text.surface[at] in self.lex.determiners or text.surface[at] in self.lex.subjects
            if not cause and position <= at <= position + FIGURE_AFTER:
                if not self.clauses.apart(text, range(position + 1, at)):
                    return True
            elif cause and 0 < position - end <= FIGURE_BEFORE:
                between = range(end + 1, position)
                if not self.clauses.apart(text, between) and not self.clauses.subject_in(text, between):
                    return True
        return False

    def _theirs(self, text: Normalized, words: Words, position: int | None) -> bool:
        """Someone else named ("my sister") as the one the sign at ``position`` is of: before it, in its clause, with
        no other subject between but words for them ("my mum said *she* had a high fever"); or after it, as a
        question about them ("a high fever, is that normal for my sister"). Not "my sister had her hsg last year,
        my discharge smells really bad"."""
        for at, phrase in self.lex.others.found(words):
            if position is None:
                return True
            end = words.span(at, phrase)[-1]
            if end < position:
                between = range(end + 1, position)
                mine = any(text.surface[i] in self.lex.subjects - self.lex.third_person for i in between)
                if not mine and not self.clauses.apart(text, between):
                    return True
            elif at > position and not self.clauses.apart(text, range(position + 1, at)):
                return True
        return False

    def _happening(self, text: Normalized, words: Words, position: int, raw: str) -> bool:
        """Whether the sign at ``position`` is told as happening now: a present tense just before it ("she is
        bleeding"; not "if heavy bleeding is normal"), a word that it goes on, or one of ``now`` ("now", "just") in
        the words as typed (fillers kept)."""
        before = text.words[max(0, position - PRESENT_REACH) : position]
        if not self.lex.present.isdisjoint(before) or self.clauses.goes_on(words):
            return True
        return self.clauses.said(raw, self.lex.now_typed, unless=self.lex.not_now_typed)

    def _speaks_of_self(self, words: Sequence[str], indexed: Words) -> bool:
        """A word of the speaker's own (not in a question about oneself, "will i", nor in a phrase of ``not_self``,
        "just so i know")."""
        aside = {i for at, phrase in self.lex.not_self.found(indexed) for i in indexed.span(at, phrase)}
        for i, w in enumerate(words):
            if w not in self.lex.first_person or i in aside:
                continue
            asked = i > 0 and words[i - 1] in self.lex.asking_self and (i < 2 or words[i - 2] not in {"so", "nor"})
            if not asked:
                return True
        return False
