"""Bytes to text: binary files told by their signatures (``knowledge/reading_signatures.tsv``),
byte-order marks, UTF-8, BOM-less UTF-16, a charset an HTML page declares, legacy encodings
detected by charset-normalizer (``knowledge/reading_encodings.tsv``); control characters dropped."""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass
from typing import Any

from analytics import knowledge, messages
from analytics.reading import limits
from analytics.reading.common import fail


@dataclass(frozen=True)
class Signature:
    """The first bytes of a binary file (a row of ``reading_signatures.tsv``)."""

    offset: int
    data: bytes
    needs_nul: bool
    kind: str
    advice: str  # a message key


def _signatures() -> tuple[Signature, ...]:
    rows = []
    for row in knowledge.table("reading_signatures"):
        advice = f"reading.advice.{row['advice']}"
        try:
            messages.text(advice)  # a missing message fails here, at import
            signature = bytes.fromhex(row["bytes"])
            offset = int(row["offset"])
        except (ValueError, messages.MessageError) as err:
            where = "analytics/knowledge/reading_signatures.tsv"
            raise knowledge.KnowledgeError(f"{where}: {row['kind']}: {err}") from None
        rows.append(Signature(offset, signature, row["needs_nul"] == "yes", row["kind"], advice))
    return tuple(rows)


#: Signatures of binary files, tried in file order.
SIGNATURES: tuple[Signature, ...] = _signatures()
_SAVE_AS_TEXT = "reading.advice.save_as_text"

#: Byte-order marks, longest first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Legacy encodings charset-normalizer may choose from, most likely first.
LEGACY_ENCODINGS: tuple[str, ...] = tuple(
    row["encoding"] for row in knowledge.table("reading_encodings")
)

#: charset-normalizer looks at most at this many leading bytes.
_DETECTION_SAMPLE_BYTES = 1 * limits.MIB

#: C0 controls other than tab, newline, carriage return, form feed; DEL. Removed from text.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: The same characters as bytes (with NUL), to look for them in UTF-8 before decoding.
_CONTROL_BYTES = bytes((*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F))
#: The printable ASCII bytes and the newline; the bytes beyond ASCII.
_PRINTABLE_BYTES = bytes(range(0x20, 0x7F)) + b"\n"
_HIGH_BYTES = bytes(range(0x80, 0x100))
#: Lone UTF-16 surrogates (JSON may hold them): not encodable, so replaced.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A declared charset in an HTML head: ``<meta charset="...">`` or ``content="...; charset=..."``.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I
)
def binary_kind(data: bytes) -> tuple[str, str] | None:
    """What a binary file is and the message key of what to do, from its signature or NUL bytes;
    None for text."""
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return None  # UTF-16/32 text holds NUL bytes by design
    head = data[:4096]
    has_nul = b"\x00" in head
    for sig in SIGNATURES:
        if data[sig.offset : sig.offset + len(sig.data)] == sig.data and (
            has_nul or not sig.needs_nul
        ):
            return sig.kind, sig.advice
    if (has_nul or b"\x00" in data) and _utf16_without_bom(data) is None:
        return messages.text("reading.kind_nul"), _SAVE_AS_TEXT
    return None


def binary_error(name: str, kind: tuple[str, str]) -> Exception:
    """The error for a binary file: what it is and what to do."""
    return fail("reading.binary", name, kind=kind[0], advice=messages.text(kind[1]))


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 text without a byte-order mark (ASCII-heavy text has every other byte
    NUL), or None."""
    if len(data) % 2 or len(data) < 4:
        return None
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.4 * half and even == 0:
        return "utf-16-le"
    if even > 0.4 * half and odd == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str, *, html: bool = False) -> tuple[str, bool, bytes | None]:
    """``decode``, whether a strict UTF codec made the text (then it holds no lone surrogate:
    those decoders refuse to make one), and when the text is ``data`` decoded from UTF-8 as it is
    (no control character to drop), the bytes of ``data`` but printable ASCII and newlines, for
    ``plain_utf8_text``; else None."""
    utf = True
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise fail("reading.undecodable", name) from exc
            break
    if text is None and (codec := _utf16_without_bom(data)) is not None:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(codec)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, utf = _decode_legacy(data, name, exc, html=html), False
        else:
            # In UTF-8 a byte below 0x80 is always that ASCII character, so text with no control
            # byte has no NUL and nothing to drop: deleting the other bytes below 0x80 is one
            # fast pass over the bytes, where the pattern search below costs six times as much
            # on the text. What it leaves (controls, tabs, CRs, bytes beyond ASCII) is small.
            wide = data.translate(None, _PRINTABLE_BYTES)
            low = wide.translate(None, _HIGH_BYTES)  # controls, tabs, form feeds, CRs
            if not low.translate(None, b"\t\x0c\r"):
                return text, utf, wide
    if "\x00" in text:
        raise binary_error(name, (messages.text("reading.kind_nul"), _SAVE_AS_TEXT))
    if not CONTROL.search(text):
        return text, utf, None  # the usual case: one scan, nothing to count or drop
    head = text[:65536]
    if len(CONTROL.findall(head)) > max(8, len(head) // 100):
        raise binary_error(name, (messages.text("reading.kind_controls"), _SAVE_AS_TEXT))
    return CONTROL.sub("", text), utf, None


def _decode_legacy(data: bytes, name: str, error: UnicodeDecodeError, *, html: bool) -> str:
    """Text that is not UTF-8: mostly-UTF-8 with broken bytes is refused (guessing would garble
    it); otherwise the page's declared charset, or charset-normalizer's best legacy encoding."""
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(loose) - len(loose.encode("ascii", errors="ignore"))
    good = non_ascii - loose.count("\ufffd")
    if good > 0 and good >= bad:
        raise fail("reading.not_utf8", name, byte=data[error.start], offset=error.start)
    if html and (declared := _META_CHARSET.search(data[:4096])):
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    for codec in _legacy_candidates(data):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise fail("reading.undecodable", name)


def _legacy_candidates(data: bytes) -> list[str]:
    """Encodings charset-normalizer finds plausible, best first: the least chaotic, then the most
    coherent, then the most common (``LEGACY_ENCODINGS`` order) among those decoding alike."""
    from charset_normalizer import from_bytes

    if len(data) > _DETECTION_SAMPLE_BYTES:  # a sample, cut at a line end, is plenty
        cut = data.rfind(b"\n", 0, _DETECTION_SAMPLE_BYTES)
        data = data[: cut if cut > 0 else _DETECTION_SAMPLE_BYTES]
    try:
        matches = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    except (ValueError, LookupError, RuntimeError):  # pragma: no cover - defensive
        return []
    if not matches:
        return []
    rank = {codec: i for i, codec in enumerate(LEGACY_ENCODINGS)}

    def key(match: Any) -> tuple[float, float, int]:
        codecs_alike = [match.encoding, *match.could_be_from_charset]
        best = min(rank.get(c, len(rank)) for c in codecs_alike)
        return (round(match.chaos, 2), -round(match.coherence, 2), best)

    ordered = sorted(matches, key=key)
    out: list[str] = []
    for match in ordered:
        alike = sorted(
            {match.encoding, *match.could_be_from_charset}, key=lambda c: rank.get(c, len(rank))
        )
        out.extend(c for c in alike if c not in out)
    return out




def clean_text(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The usual text has no control character and no lone surrogate: strict UTF-8 encoding fails
    # on exactly the surrogates, and in UTF-8 a control character is its own byte, so two fast
    # passes over the bytes replace two pattern scans over the text.
    with contextlib.suppress(UnicodeEncodeError):
        data = text.encode("utf-8")
        if len(data.translate(None, _CONTROL_BYTES)) == len(data):
            return text
    text = CONTROL.sub("", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text

