"""Named, picklable exceptions: each message names the thing that went wrong."""

from __future__ import annotations


class SitrepsError(Exception):
    """Base of every error sitreps raises on purpose."""


class UnknownStage(SitrepsError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name, known)
        self.name, self.known = name, known

    def __str__(self) -> str:
        return f"no stage named {self.name!r}; known: {', '.join(self.known)}"


class ModelNotFound(SitrepsError):
    def __init__(self, model: str) -> None:
        super().__init__(model)
        self.model = model

    def __str__(self) -> str:
        return (f"spaCy model {self.model!r} is not installed; install it with pip, or pick an installed "
                f"one with --model")


class BadInput(SitrepsError):
    """An input that cannot become an article: the reason is recorded as a Failure."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(kind, message)
        self.kind, self.message = kind, message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class StoreError(SitrepsError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, message)
        self.path, self.message = path, message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DataFileError(SitrepsError):
    """A line of a data file (knowledge base, lexicon, dictionary) that cannot be read: file, line, what."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(path, line, message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
