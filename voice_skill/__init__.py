"""voice-skill: an offline voice assistant for questions after an HSG test."""

from .config import Config, load_config
from .dialogue import Action, Conversation, Response, Voice
from .errors import IntentError, Problem, SkillError
from .intents import Intent, IntentSet
from .match import Candidate, Decision, Matcher, MatchResult
from .skill import Skill
from .triage import TriageHit

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Candidate",
    "Config",
    "Conversation",
    "Decision",
    "Intent",
    "IntentError",
    "IntentSet",
    "MatchResult",
    "Matcher",
    "Problem",
    "Response",
    "Skill",
    "SkillError",
    "TriageHit",
    "Voice",
    "__version__",
    "load_config",
]
