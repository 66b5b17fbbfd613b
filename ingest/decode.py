"""Decode the bytes of a text file (plain text, Markdown, HTML) into a string of bounded length.

UTF-8 is tried first; a byte-order mark names UTF-8, UTF-16 or UTF-32; anything else is handed to
charset-normalizer, which recognises the legacy encodings files still come in (Latin-1,
Windows-1252, UTF-16 without a mark ...), and among equally likely ones Windows-1252 wins. A file
no encoding fits is binary, and refused.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from apkg.errors import SourceError

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = "cp1252"
_BYTES_PER_CHAR = 4  # the most any encoding spends on one character
MARKUP_PER_CHAR = 5  # a web page may be mostly markup, scripts and styles; its text is bounded after


def check_length(
    path: Path, chars: int, max_chars: int, *, at_least: bool = False, markup: bool = False
) -> None:
    """Refuse a text of ``chars`` characters (``at_least`` that many) over ``max_chars``, or over
    ``MARKUP_PER_CHAR`` times that for ``markup``.

    Raises:
        SourceError: the text is over the limit.
    """
    if chars > max_chars * (MARKUP_PER_CHAR if markup else 1):
        amount = f"at least {chars:,}" if at_least else f"{chars:,}"
        what, times = ("markup", f"{MARKUP_PER_CHAR} times ") if markup else ("text", "")
        raise SourceError(
            path,
            f"{what} is {amount} characters, over {times}the limit of {max_chars:,} "
            "(setting ingest.max_text_chars)",
        )


def decode_text(path: Path, data: bytes, *, max_chars: int, markup: bool = False) -> str:
    """Return the text of ``data``, decoded as described in the module docstring.

    Args:
        path: the file ``data`` comes from, named in errors.
        data: the file's bytes.
        max_chars: the most characters the text may have.
        markup: the text is HTML, whose length is bounded by ``MARKUP_PER_CHAR`` times ``max_chars``.

    Raises:
        SourceError: the bytes are not text in any encoding, or the text is too long.
    """
    check_length(
        path, len(data) // _BYTES_PER_CHAR, max_chars, at_least=True, markup=markup
    )  # before decoding
    text = _decode(path, data)
    check_length(path, len(text), max_chars, markup=markup)
    return text


def _decode(path: Path, data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    path,
                    f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding}: {exc}",
                ) from None
    has_nul = b"\x00" in data[:4096]  # text in an 8-bit encoding has none; UTF-16 and binary files do
    if not has_nul:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or (has_nul and not best.encoding.startswith(("utf_16", "utf_32"))):
        raise SourceError(path, "not text in any known encoding (a binary file?); check its suffix")
    # Western text often fits Central European cp1250 as well as cp1252 (è is č there): on a tie,
    # the far commoner Windows-1252, a superset of Latin-1's printable characters, wins.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return str(next((m for m in tied if m.encoding == _WESTERN), best))
