"""Hostile input, for the tests that check it is refused quickly and cleanly."""

from __future__ import annotations


def alias_bomb(first_key: str) -> str:
    """A "billion laughs" YAML file: seven lists, each of nine aliases to the one before (9**7 strings in the
    last), in about 300 bytes."""
    lines = [f'{first_key}: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level, name in enumerate("bcdefg"):
        earlier = "abcdefg"[level]
        lines.append(f"{name}: &{name} [{','.join([f'*{earlier}'] * 9)}]")
    return "\n".join(lines) + "\n"
