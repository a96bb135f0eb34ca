"""Named, picklable exceptions: each message names the thing that went wrong."""

from __future__ import annotations


class SitrepsError(Exception):
    """Base of every error sitreps raises on purpose."""


class FieldError(SitrepsError, ValueError):
    """A value a person or a client gave that cannot be taken: ``field`` is the part at fault, ``reason`` says
    why, ``valid`` lists the values accepted where they are few. (Query filters and corrections raise their own
    kinds of it.)"""

    def __init__(self, field_name: str, reason: str, valid: tuple[str, ...] = ()) -> None:
        super().__init__(field_name, reason, valid)
        self.field, self.reason, self.valid = field_name, reason, valid

    def __str__(self) -> str:
        tail = f"; valid values: {', '.join(self.valid)}" if self.valid else ""
        return f"{self.field}: {self.reason}{tail}"


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


class StoreBusy(StoreError):
    """Every connection a server may open to its store is in use, and none came free in time."""


class DataFileError(SitrepsError):
    """A line of a data file (knowledge base, lexicon, dictionary) that cannot be read: file, line, what."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(path, line, message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


DISK_FULL = ("file too large", "no space left", "disk full", "disk quota")
DAMAGED = ("corrupt", "checksum", "not a valid duckdb", "could not read enough bytes", "invalid database",
           "serialization", "malformed")


def store_failure(path: str, error: Exception) -> StoreError:
    """A database error said in words: the disk full, the file damaged, locked by another writer, or else."""
    text = str(error)
    lower = text.lower()
    if any(sign in lower for sign in DISK_FULL):
        return StoreError(path, "the disk is full (or the file size limit is reached) writing the store: the "
                                "batch being written was not stored, and what was stored before it is whole; "
                                f"free some space and run the same command again: stored articles are skipped "
                                f"({text})")
    if any(sign in lower for sign in DAMAGED):
        return StoreError(path, "the store file is damaged, and nothing more was written to it: restore it from "
                                f"a copy, or write to a new --db and ingest again ({text})")
    if "lock" in lower:
        return StoreError(path, "locked by another process (DuckDB allows one writer); close the other sitreps "
                                f"process or open read-only once it is done ({text})")
    return StoreError(path, f"the store failed: {text}")
