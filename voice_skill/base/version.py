"""The project's version (read by the build backend and by ``voice-skill --version``)."""

__version__ = "0.1.0"
