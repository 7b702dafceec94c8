"""One error hierarchy: every error says where (file, line, URL) and why."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A file name or a quoted value may hold newlines or terminal escapes; a message stays one line.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """Text with control characters shown as \\xNN escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class DigestError(Exception):
    """A problem caused by the user's input, reported as one line without a traceback."""

    exit_code = 1

    def __init__(self, where: str, why: str, line: int | None = None) -> None:
        self.where = where
        self.why = why
        self.line = line
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Errors raised in build worker processes travel back to the parent by pickle.
        return (self.__class__, (self.where, self.why, self.line))

    @property
    def message(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else self.where
        return one_line(f"{place}: {self.why}" if place else self.why)


class ConfigError(DigestError):
    """digest.toml or a profile is invalid."""


class ContentError(DigestError):
    """An article or page file is invalid."""


class TemplateError(DigestError):
    """A template failed to load or render."""


class BuildError(DigestError):
    """The build cannot go on (path collision, lock held, disk full...)."""


class ScrapeError(DigestError):
    """A raw page could not be fetched, decoded or cleaned."""


class DeployError(DigestError):
    """Publishing failed (dirty tree, git error, rejected push)."""


class ErrorGroup(DigestError):
    """Several errors found in one pass, reported together."""

    def __init__(self, errors: Iterable[DigestError]) -> None:
        self.errors = list(errors)
        super().__init__("", f"{len(self.errors)} error(s)")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (self.__class__, (self.errors,))

    @property
    def message(self) -> str:
        return "\n".join(error.message for error in self.errors)


def raise_all(errors: list[DigestError]) -> None:
    """Raise nothing, the single error, or a group of all of them."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ErrorGroup(errors)
