"""The report document's table rows: a long text in pieces that each fit well within a page.

A row of the Insats/Uppföljning table never breaks across a page (it would continue without its
label), so a long text is cut, between paragraphs and if need be between sentences, into rows of
at most ``ROW_CHARACTERS``; the later rows repeat the label ("Uppföljning (forts.)").
"""

import re

from django import template

register = template.Library()

# About eleven lines in the table's text column: a quarter of a page, the most a row that moves
# to the next page as a whole leaves blank.
ROW_CHARACTERS = 900

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")


@register.filter
def paragraph_rows(text: str) -> list[list[str]]:
    """``text``'s paragraphs grouped into rows of at most ROW_CHARACTERS; always one row at
    least (empty when there is no text)."""
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text or "") if part.strip()]
    rows: list[list[str]] = [[]]
    size = 0
    for piece in (piece for paragraph in paragraphs for piece in _pieces(paragraph)):
        if rows[-1] and size + len(piece) > ROW_CHARACTERS:
            rows.append([])
            size = 0
        rows[-1].append(piece)
        size += len(piece)
    return rows


def _pieces(paragraph: str) -> list[str]:
    """A paragraph longer than a row in pieces: whole sentences, else whole words."""
    if len(paragraph) <= ROW_CHARACTERS:
        return [paragraph]
    pieces: list[str] = []
    for unit in _units(paragraph):
        if pieces and len(pieces[-1]) + 1 + len(unit) <= ROW_CHARACTERS:
            pieces[-1] += " " + unit
        else:
            pieces.append(unit)
    return pieces


def _units(paragraph: str):
    for sentence in _SENTENCE_END.split(paragraph):
        if len(sentence) <= ROW_CHARACTERS:
            yield sentence
            continue
        words = sentence.split()
        chunk = ""
        for word in words:
            if chunk and len(chunk) + 1 + len(word) > ROW_CHARACTERS:
                yield chunk
                chunk = ""
            chunk = f"{chunk} {word}" if chunk else word[:ROW_CHARACTERS]
        if chunk:
            yield chunk
