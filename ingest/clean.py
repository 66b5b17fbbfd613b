"""Turn raw page texts into one clean text: paragraphs separated by blank lines, noise removed.

Repaired first, with ftfy: mojibake (UTF-8 read as Windows-1252 or Latin-1, "Governmentâ€™s"),
ligatures, HTML entities in plain text, Windows line ends; quotes stay curly. Before it, a text
once read as Mac Roman that was Windows-1252 ("Governmentís", "ìquotedî", "a ó dash"), which
ftfy takes for Spanish, is decoded again: a whole document at once, when it writes apostrophes
that way and no curly punctuation at all.
Removed: repeated page headers and footers, page numbers, the document symbols and job numbers
UN records print mid-text ("08-51606 4", "A/63/PV.5"), soft hyphens and zero-width characters.
Hard-wrapped lines are re-joined into paragraphs and words hyphenated across a line
break are mended. Each page's starting offset in the clean text is kept.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-1252" codec

from apkg.ingest.load import RawText
from apkg.records import DocumentText

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\f": "\n",
        "\r": "\n",
    }
)
# Windows-1252's apostrophe read as Mac Roman, after a letter: "Governmentís", "didnít".
_MAC_ROMAN_APOSTROPHE = re.compile(r"[a-z]í(?:[sdtl]|ll|re|ve)?\b")
_CURLY = re.compile("[‘’“”–—]")
_WINDOWS = "sloppy-windows-1252"  # Windows-1252, its five undefined bytes read as Latin-1 (ftfy)
# Everything but the width of East Asian characters and the curly quotes, which are the text's own.
_FIX = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_UN_JOB_NUMBER = re.compile(r"^\s*(?:\d{1,4}\s+)?\d{2}-\d{5}(?:\s*\(E\))?(?:\s+\d{1,4})?\s*$")
_UN_SYMBOL = re.compile(r"^\s*[A-Z]{1,3}(?:/[A-Z0-9.\-]+){2,}\s*$")
_TERMINAL = re.compile(r"[.!?:;\"”’)\]]$")
_LIST_ITEM = re.compile(r"^\s*(?:[•▪●◦\-–*]|\(?[a-z0-9]{1,3}[.)])\s+", re.I)
_SPACES = re.compile(r" {2,}")


@dataclass(frozen=True)
class _Line:
    text: str
    page: int


def _is_noise(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line) or _UN_JOB_NUMBER.match(line) or _UN_SYMBOL.match(line))


def _repeated_margins(pages: list[list[str]]) -> set[str]:
    """Lines (digits masked) that open or close at least half of the pages: running heads."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line.strip()]
        margin = {re.sub(r"\d+", "#", line.strip()) for line in content[:2] + content[-2:]}
        counts.update(margin)
    threshold = max(3, len(pages) // 2)
    return {line for line, count in counts.items() if count >= threshold}


def _from_mac_roman(pages: list[str]) -> list[str]:
    """``pages`` decoded again as Windows-1252 when they are its bytes read as Mac Roman: the
    document writes its apostrophes "ís" and no curly punctuation, and Mac Roman holds all of it."""
    text = "".join(pages).replace("\ufeff", "")
    if _CURLY.search(text) or not _MAC_ROMAN_APOSTROPHE.search(text):
        return pages
    try:
        return [page.replace("\ufeff", "").encode("mac_roman").decode(_WINDOWS) for page in pages]
    except UnicodeEncodeError:  # a character Mac Roman cannot have produced: not this mojibake
        return pages


def _lines(raw: RawText) -> list[_Line | None]:
    """Clean lines in reading order; ``None`` marks a paragraph break (a blank line)."""
    pages = [
        ftfy.fix_text(page, _FIX).translate(_TRANSLATE).split("\n") for page in _from_mac_roman(raw.pages)
    ]
    running_heads = _repeated_margins(pages) if raw.paginated else set()
    out: list[_Line | None] = []
    for number, lines in enumerate(pages, start=1):
        after_noise = False  # blank lines around a removed page number are no paragraph break
        for line in lines:
            stripped = _SPACES.sub(" ", line.strip())
            if not stripped:
                if not after_noise:
                    out.append(None)
            elif _is_noise(stripped) or re.sub(r"\d+", "#", stripped) in running_heads:
                after_noise = True
                if out and out[-1] is None:
                    out.pop()
            else:
                after_noise = False
                out.append(_Line(stripped, number))
        out.append(None)
    return out


def _wrap_width(lines: list[_Line | None]) -> float:
    lengths = sorted(len(line.text) for line in lines if line is not None)
    if len(lengths) < 5:
        return float("inf")
    return statistics.quantiles(lengths, n=10)[7]  # 80th percentile: a full line


def _joins(previous: _Line, line: _Line, *, layout: str, width: float, blank_between: bool) -> bool:
    """Whether ``line`` continues the paragraph that ``previous`` ends."""
    if layout == "lines" or _LIST_ITEM.match(line.text):
        return False
    if layout == "blocks":
        return not blank_between
    ends_sentence = bool(_TERMINAL.search(previous.text))
    if blank_between:
        # A blank line is a paragraph break unless a page break or a removed page number cut a
        # sentence in two: the previous line is unfinished and the next starts in lower case.
        return not ends_sentence and line.text[:1].islower()
    return not (ends_sentence and len(previous.text) < 0.8 * width)


def clean_text(raw: RawText) -> DocumentText:
    """Return the clean text of ``raw`` with the offset at which each page starts."""
    lines = _lines(raw)
    width = _wrap_width(lines)
    paragraphs: list[list[_Line]] = []
    blank = True
    for line in lines:
        if line is None:
            blank = True
            continue
        current = paragraphs[-1] if paragraphs else None
        if current and _joins(current[-1], line, layout=raw.layout, width=width, blank_between=blank):
            current.append(line)
        else:
            paragraphs.append([line])
        blank = False
    text_parts: list[str] = []
    page_starts: dict[int, int] = {}
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        if index:
            text_parts.append("\n\n")
            offset += 2
        for position, line in enumerate(paragraph):
            piece = line.text
            if position:
                previous = text_parts[-1]
                if re.search(r"[A-Za-z]-$", previous) and piece[:1].islower():
                    text_parts[-1] = previous[:-1]  # mend a word hyphenated across the break
                    offset -= 1
                else:
                    text_parts.append(" ")
                    offset += 1
            page_starts.setdefault(line.page, offset)
            text_parts.append(piece)
            offset += len(piece)
    text = "".join(text_parts)
    starts: tuple[int, ...] = ()
    if raw.paginated:
        # Pages without text start where the next page with text starts.
        known = [page_starts.get(page) for page in range(1, len(raw.pages) + 1)]
        following = len(text)
        filled = []
        for start in reversed(known):
            following = start if start is not None else following
            filled.append(following)
        starts = tuple(reversed(filled))
    return DocumentText(text=text, page_starts=starts)
