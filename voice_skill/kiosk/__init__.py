"""Unattended use in a waiting room: the kiosk loop (:mod:`.kiosk`), restart and back-off
(:mod:`.supervisor`), and the caption page (:mod:`.captions`)."""

from .kiosk import Kiosk, KioskStats, TurnLog
from .settings import KioskSettings
from .supervisor import Supervisor

__all__ = ["Kiosk", "KioskSettings", "KioskStats", "Supervisor", "TurnLog"]
