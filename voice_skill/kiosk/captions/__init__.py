"""The kiosk's large-caption page: what it shows (:mod:`.board`, in memory) and how it is served (:mod:`.server`)."""

from .board import CaptionBoard, CaptionView, Health, Phase, Subscription, Welcome, view_json
from .server import CaptionError, CaptionServer

__all__ = [
    "CaptionBoard",
    "CaptionError",
    "CaptionServer",
    "CaptionView",
    "Health",
    "Phase",
    "Subscription",
    "Welcome",
    "view_json",
]
