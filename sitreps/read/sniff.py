"""Looking at raw bytes: what kind of input they are, whether they are text, and how to decode them."""

from __future__ import annotations

import codecs
import logging
import re

from ..errors import BadInput

logger = logging.getLogger(__name__)

# Magic numbers of formats that are never an article.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP (or DOCX/XLSX)"),
    (b"\x89PNG", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office (OLE)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!", "RAR"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"OggS", "Ogg"),
    (b"ID3", "MP3"),
    (b"\x00\x00\x00\x18ftyp", "MP4"),
    (b"\x00\x00\x00\x20ftyp", "MP4"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"PAR1", "Parquet"),
)
GZIP_MAGIC = b"\x1f\x8b"
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(9)) | {11, 12} | set(range(14, 32)) | {127}
_DECLARED = re.compile(rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
                       rb"""([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
# What UTF-8 continuation bytes (0x80-0xBF) look like when read as cp1252.
_CONT = "".join(re.escape(bytes([b]).decode("cp1252", errors="ignore") or chr(b)) for b in range(0x80, 0xC0))
_MOJIBAKE = re.compile(f"Ã[{_CONT}]|â€[{_CONT}\ufffd]|Â[\u00a0-\u00bf]")  # é, ’ “ ” – —, NBSP and ° £ …
_MOJIBAKE_RUN = re.compile(f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}")
_WESTERN = re.compile(r"[\x00-\x7f\u00a0-\u00ff\u2018-\u201e\u2013\u2014\u2022\u2026\u20ac\u2122]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes read as UTF-16 text with no byte-order mark (mostly ASCII:
    nearly every other byte NUL, the rest not), else None."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= 0.9 and nul_even <= 0.05:
        return "utf-16-le"
    if nul_even >= 0.9 and nul_odd <= 0.05:
        return "utf-16-be"
    return None


def binary_reason(head: bytes) -> str | None:
    """Why these leading bytes are not text (a known file format, NUL bytes, control bytes), or None."""
    for magic, name in MAGIC:
        if head.startswith(magic):
            return f"it is a {name} file, not text"
    if not head or bom_encoding(head) in ("utf-16", "utf-32") or utf16_without_bom(head):
        return None
    if b"\x00" in head:
        return "it contains NUL bytes"
    controls = sum(1 for byte in head if byte in _CONTROL)
    if controls / len(head) > 0.05:
        return f"{controls / len(head):.0%} of its first bytes are control characters"
    return None


def sniff_kind(head: bytes) -> str:
    """Guess the input kind from leading bytes: warc, gzip, feed, xml, html, jsonl, json or text."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    encoding = bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        start = head.decode(encoding, errors="ignore")
    else:
        start = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    start = start.lstrip()
    lower = start[:4096].lower()
    if start.startswith("WARC/"):
        return "warc"
    if lower.startswith("<"):
        if re.search(r"<(rss|rdf:rdf|feed)[\s>]", lower[:2048]) and "<html" not in lower[:2048]:
            return "feed"
        if lower.startswith("<?xml") and not re.search(r"<(html|body)[\s>]", lower):
            return "xml"  # XML that is no feed: the feed reader says so
        return "html"
    if lower.startswith("["):
        return "json"
    if lower.startswith("{"):
        rest = start.partition("\n")[2]
        return "jsonl" if rest.lstrip().startswith("{") else "json"  # a second record on its own line
    if re.search(r"<(html|body|p|div|article)[\s>]", lower[:2048]):
        return "html"
    return "text"


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML <meta> or XML declaration names, if it is one Python knows."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _sensible(text: str) -> bool:
    """Mostly printable, with spaces between words and mostly letters between spaces: language, not noise."""
    if not text or "\ufffd" in text:
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    spaces = sum(1 for ch in text if ch.isspace())
    letters = sum(1 for ch in text if ch.isalpha())
    solid = len(text) - spaces
    return (printable / len(text) >= 0.97 and (len(text) < 40 or spaces / len(text) >= 0.03)
            and (solid == 0 or letters / solid >= 0.5))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as cp1252 ("Ã©" for "é", "â€™" for "’"), one character at a time.

    Only texts that show the tell-tale sequences are touched, and only sequences that decode cleanly.
    """
    if not _MOJIBAKE.search(text):
        return text
    fixed = _MOJIBAKE_RUN.sub(_undo, text.replace("â€\ufffd", "”"))  # 0x9d, lost when it was mis-read
    logger.debug("repaired mojibake")
    return fixed


def _undo(match: re.Match[str]) -> str:
    try:
        return b"".join(_cp1252_byte(ch) for ch in match.group()).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return match.group()


def _cp1252_byte(ch: str) -> bytes:
    """The byte cp1252 (or, for its five holes, latin-1) gives this character."""
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        if ord(ch) < 256:
            return bytes([ord(ch)])
        raise


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Bytes to text: BOM, UTF-8, a declared charset, cp1252, charset detection, latin-1.

    Raises ``BadInput("encoding", …)`` when no decoding gives mostly printable text.
    """
    bom = bom_encoding(data) or utf16_without_bom(data)
    tried: list[str] = []
    if bom:
        text = _strict(data, bom)
        if text is not None:
            return text.lstrip("\ufeff")
        tried.append(bom)
    text = _strict(data, "utf-8")
    if text is not None:
        return repair_mojibake(text)
    tried.append("utf-8")
    candidates = [declared, declared_charset(data), "cp1252"]
    for encoding in candidates:
        if not encoding or encoding in tried:
            continue
        tried.append(encoding)
        text = _strict(data, encoding)
        if text is None or not _sensible(text):
            continue
        # cp1252 turns any 8-bit script into Latin letters: accept it only if most letters stay Western.
        if encoding == "cp1252" and not _mostly_western(text):
            continue
        logger.debug("decoded as %s", encoding)
        return text
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it comes with trafilatura
        pass
    else:
        best = from_bytes(data).best()
        if best is not None and best.encoding not in tried:
            tried.append(best.encoding)
            text = _strict(data, best.encoding)
            if text is not None and _sensible(text):
                logger.debug("decoded as %s (detected)", best.encoding)
                return text
    text = data.decode("latin-1")
    if _sensible(text):
        return text
    raise BadInput("encoding", f"the bytes are not valid text in any encoding tried ({', '.join(tried)}, "
                               f"latin-1)")


def _mostly_western(text: str) -> bool:
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return True
    ascii_letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    western = sum(1 for ch in high if _WESTERN.match(ch))
    return len(high) <= max(3, 0.15 * ascii_letters) and western >= 0.9 * len(high)
