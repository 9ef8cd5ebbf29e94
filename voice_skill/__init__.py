"""voice-skill: an offline voice assistant for questions after an HSG test.

The small public API; the stages live in their packages (see the README's architecture section).
"""

from .base.errors import Problem, SkillError
from .base.version import __version__
from .config import Config, load_config
from .dialogue import Action, Conversation, Response, Voice
from .intent import Candidate, Decision, Intent, IntentError, IntentSet, Matcher, MatchResult, TriageHit
from .skill import Skill

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
