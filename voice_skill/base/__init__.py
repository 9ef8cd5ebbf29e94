"""What every stage shares: user-facing errors, safe YAML with line numbers, the schema checker, atomic files."""

from .backoff import Backoff
from .errors import ConfigError, Problem, SkillError, UsageError
from .files import atomic_write, user_cache_dir, writable_cache_dir

__all__ = [
    "Backoff",
    "ConfigError",
    "Problem",
    "SkillError",
    "UsageError",
    "atomic_write",
    "user_cache_dir",
    "writable_cache_dir",
]
