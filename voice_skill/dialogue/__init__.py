"""Dialogue: what the skill says, turn by turn (:mod:`.conversation`), and how it behaves (:mod:`.settings`)."""

from .conversation import Action, Conversation, Response, Voice
from .settings import DialogueSettings, VoiceRange

__all__ = ["Action", "Conversation", "DialogueSettings", "Response", "Voice", "VoiceRange"]
