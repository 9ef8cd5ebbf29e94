"""Understanding text: pure and synchronous, no I/O beyond reading the intent files.

normalise (:mod:`.normalize`) → load and validate the intents (:mod:`.intents`, :mod:`.loader`,
cited sections in :mod:`.reference`) → safety triage (:mod:`.triage`) → match (:mod:`.match`, which holds back
the kinds of question the guide never answers, :mod:`.unanswered`).
"""

from .checks import warning_signs_in_calm_examples
from .intents import FALLBACK_ID, Intent, IntentError, IntentKind, IntentSet
from .loader import available_languages, builtin_intent_dir
from .match import Matcher
from .normalize import Normalized, Normalizer
from .reference import Reference
from .results import Candidate, Decision, Evidence, MatchResult
from .settings import MatchSettings
from .triage import Triage, TriageHit

__all__ = [
    "FALLBACK_ID",
    "Candidate",
    "Decision",
    "Evidence",
    "Intent",
    "IntentError",
    "IntentKind",
    "IntentSet",
    "MatchResult",
    "MatchSettings",
    "Matcher",
    "Normalized",
    "Normalizer",
    "Reference",
    "Triage",
    "TriageHit",
    "available_languages",
    "builtin_intent_dir",
    "warning_signs_in_calm_examples",
]
