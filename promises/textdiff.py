"""The difference between two versions of a long text, in bounded time whatever their size.

A word diff over whole texts (difflib.SequenceMatcher) grows with the square of the text, or worse
when words repeat: two saves of a 100 KB text pasted from Word took minutes. So the texts are
compared in two steps:

1. paragraph by paragraph (a paragraph is a line; blank lines only separate): the unchanged
   paragraphs at the start and the end are set aside in linear time, and the rest is aligned when
   it is small enough (``MAX_ALIGNED_PARAGRAPHS``, ``PARAGRAPH_PAIR_BUDGET``), else first
   anchored on the paragraphs that occur once on each side (as patience diff does);
2. word by word, only inside the changed paragraphs, and only while the work stays within
   ``MAX_BLOCK_WORDS`` and ``WORD_PAIR_BUDGET``.

The work of SequenceMatcher is about proportional to the number of pairs of equal elements it can
match (for every element of one side, the equal elements of the other), which a Counter gives in
linear time before any diffing, plus the lengths; measured at under 1.5 µs a pair, the budgets
bound one diff to a fraction of a second. Beyond a bound, the change is summarised in words
("Texten ändrades: 3 stycken ersattes") and the page offers the full old and new text instead.

In a long text, unchanged stretches are left out of what is shown, except for some words of
context around each change.
"""

import bisect
import difflib
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_ALIGNED_PARAGRAPHS = 500
PARAGRAPH_PAIR_BUDGET = 100_000
MAX_BLOCK_WORDS = 2000
WORD_PAIR_BUDGET = 60_000
# Texts longer than this show only the words around each change.
ABRIDGE_ABOVE_WORDS = 150
CONTEXT_WORDS = 20


@dataclass
class TextPiece:
    # "same", "removed" or "added"; "break" between paragraphs; "skipped" for unchanged text left
    # out, with a description of how much as its text.
    kind: str
    text: str


@dataclass
class TextDiff:
    pieces: list[TextPiece]
    # Set when the change is not shown word by word: too large, or only white space changed.
    summary: str = ""
    # Unchanged text was left out of ``pieces``.
    abridged: bool = False
    replaced: int = 0
    added: int = 0
    removed: int = 0
    # The work spent comparing words and paragraphs: pairs of equal ones, plus lengths for words
    # (see the module docstring).
    word_pairs: int = 0
    paragraph_pairs: int = 0
    # Changed paragraphs (or groups of them) that were too large to compare word by word.
    oversized_blocks: int = 0
    # False when some changed paragraphs were too many to align: they were then paired in order,
    # or compared as one run of words when as many did not come as went.
    aligned: bool = True

    @property
    def show_full_texts(self) -> bool:
        """Whether a page should offer both texts in full: when the change itself is not shown."""
        return bool(self.summary)


def _paragraphs(text: str) -> list[str]:
    return [line for line in (raw.strip() for raw in text.splitlines()) if line]


def _equal_pairs(a: list[str], b: list[str]) -> int:
    """How many (i, j) with a[i] == b[j]: the work a SequenceMatcher over a and b does, roughly."""
    counts = Counter(b)
    return sum(n * counts[item] for item, n in Counter(a).items())


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """The lengths of the common start and the common end of a and b, not overlapping."""
    limit = min(len(a), len(b))
    start = 0
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


@dataclass
class _Builder:
    diff: TextDiff = field(default_factory=lambda: TextDiff(pieces=[]))
    units: list[list[TextPiece]] = field(default_factory=list)

    def paragraphs(self, kind: str, paragraphs: list[str]) -> None:
        self.units.extend([TextPiece(kind, p)] for p in paragraphs)

    def words(self, old: list[str], new: list[str]) -> None:
        """Compare two runs of words if the budgets allow, else count an oversized block."""
        start, end = _common_ends(old, new)
        old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
        # Each comparison also costs its length, and setting one up costs about as much as a
        # hundred pairs: many small paragraphs add up too.
        cost = _equal_pairs(old_middle, new_middle) + len(old_middle) + len(new_middle) + 100
        if (
            max(len(old_middle), len(new_middle)) > MAX_BLOCK_WORDS
            or self.diff.word_pairs + cost > WORD_PAIR_BUDGET
        ):
            self.diff.oversized_blocks += 1
            return
        self.diff.word_pairs += cost
        unit = []
        if start:
            unit.append(TextPiece("same", " ".join(old[:start])))
        matcher = difflib.SequenceMatcher(a=old_middle, b=new_middle, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                unit.append(TextPiece("same", " ".join(old_middle[i1:i2])))
                continue
            if i2 > i1:
                unit.append(TextPiece("removed", " ".join(old_middle[i1:i2])))
            if j2 > j1:
                unit.append(TextPiece("added", " ".join(new_middle[j1:j2])))
        if end:
            unit.append(TextPiece("same", " ".join(old[len(old) - end :])))
        self.units.append(unit)

    def replace(self, old: list[str], new: list[str]) -> None:
        """Changed paragraphs: pairwise when as many came as went, else as one run of words."""
        diff = self.diff
        if len(old) == len(new):
            # Unaligned paragraphs (see _alignment) may pair some with themselves.
            pairs = list(zip(old, new, strict=True))
            diff.replaced += sum(a != b for a, b in pairs)
            for old_paragraph, new_paragraph in pairs:
                if diff.oversized_blocks:
                    return  # Summarised anyway: no more work.
                if old_paragraph == new_paragraph:
                    self.paragraphs("same", [old_paragraph])
                else:
                    self.words(old_paragraph.split(), new_paragraph.split())
            return
        diff.replaced += min(len(old), len(new))
        diff.added += max(len(new) - len(old), 0)
        diff.removed += max(len(old) - len(new), 0)
        if not diff.oversized_blocks:
            self.words(" ".join(old).split(), " ".join(new).split())


def _alignment(old: list[str], new: list[str], diff: TextDiff) -> list[tuple]:
    """Paragraph opcodes for the changed middle of two texts (difflib's opcode tuples)."""
    if max(len(old), len(new)) <= MAX_ALIGNED_PARAGRAPHS:
        return _bounded_alignment(old, new, diff)
    return _anchored_alignment(old, new, diff)


def _bounded_alignment(old: list[str], new: list[str], diff: TextDiff) -> list[tuple]:
    """difflib's alignment within the bounds, else all of ``old`` replaced by all of ``new``."""
    if len(old) == len(new) == 1:  # between two anchors, often: nothing to align
        return [("equal" if old == new else "replace", 0, 1, 0, 1)]
    if max(len(old), len(new)) <= MAX_ALIGNED_PARAGRAPHS:
        cost = _equal_pairs(old, new) + len(old) + len(new)
        if diff.paragraph_pairs + cost <= PARAGRAPH_PAIR_BUDGET:
            diff.paragraph_pairs += cost
            return difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    diff.aligned = False
    return [("replace", 0, len(old), 0, len(new))]


def _anchored_alignment(old: list[str], new: list[str], diff: TextDiff) -> list[tuple]:
    """Too many paragraphs to align at once: anchor on the paragraphs that occur once on each side,
    kept in the order of both (patience diff), then align the stretches between the anchors."""
    old_counts, new_counts = Counter(old), Counter(new)
    new_index = {p: j for j, p in enumerate(new) if new_counts[p] == 1}
    candidates = [
        (i, new_index[p]) for i, p in enumerate(old) if old_counts[p] == 1 and p in new_index
    ]
    opcodes: list[tuple] = []
    i0 = j0 = 0
    for i, j in [*_increasing_run(candidates), (len(old), len(new))]:
        if i > i0 and j > j0:
            gap = _bounded_alignment(old[i0:i], new[j0:j], diff)
            opcodes.extend((tag, a + i0, b + i0, c + j0, d + j0) for tag, a, b, c, d in gap)
        elif i > i0:
            opcodes.append(("delete", i0, i, j0, j0))
        elif j > j0:
            opcodes.append(("insert", i0, i0, j0, j))
        if i < len(old):
            opcodes.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    return opcodes


def _increasing_run(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by their first item) whose second items increase."""
    tails: list[int] = []  # tails[k]: the smallest second item ending a run of length k + 1
    tail_at: list[int] = []  # the index in pairs of that pair
    previous = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[k], tail_at[k] = j, index
        previous[index] = tail_at[k - 1] if k else -1
    run = []
    index = tail_at[-1] if tail_at else -1
    while index != -1:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]


def _summary(diff: TextDiff) -> str:
    parts = []
    if diff.replaced:
        parts.append(
            ngettext("%(count)s stycke ersattes", "%(count)s stycken ersattes", diff.replaced)
            % {"count": diff.replaced}
        )
    if diff.added:
        parts.append(
            ngettext("%(count)s stycke lades till", "%(count)s stycken lades till", diff.added)
            % {"count": diff.added}
        )
    if diff.removed:
        parts.append(
            ngettext("%(count)s stycke togs bort", "%(count)s stycken togs bort", diff.removed)
            % {"count": diff.removed}
        )
    return _("Texten ändrades: %(changes)s.") % {"changes": ", ".join(parts)}


def _abridge(pieces: list[TextPiece]) -> list[TextPiece]:
    """Long unchanged stretches shortened to the words next to a change."""
    result: list[TextPiece] = []
    run: list[TextPiece] = []

    def flush(*, followed_by_change: bool) -> None:
        preceded_by_change = bool(result)
        tokens: list[str | None] = []  # words, and None for a paragraph break
        for piece in run:
            tokens.extend(piece.text.split() if piece.kind == "same" else [None])
        words = sum(token is not None for token in tokens)
        keep_head = CONTEXT_WORDS if preceded_by_change else 0
        keep_tail = CONTEXT_WORDS if followed_by_change else 0
        if words <= keep_head + keep_tail + CONTEXT_WORDS:
            result.extend(run)
        else:
            head = _first_words(tokens, keep_head)
            tail = _first_words(tokens[::-1], keep_tail)[::-1]
            skipped = words - keep_head - keep_tail
            result.extend(_pieces(head, strip="end"))
            result.append(
                TextPiece(
                    "skipped",
                    ngettext(
                        "%(count)s oförändrat ord utelämnat",
                        "%(count)s oförändrade ord utelämnade",
                        skipped,
                    )
                    % {"count": skipped},
                )
            )
            result.extend(_pieces(tail, strip="start"))
        run.clear()

    for piece in pieces:
        if piece.kind in ("same", "break"):
            run.append(piece)
            continue
        if run:
            flush(followed_by_change=True)
        result.append(piece)
    if run:
        flush(followed_by_change=False)
    return result


def _first_words(tokens: list[str | None], count: int) -> list[str | None]:
    taken, words = [], 0
    for token in tokens:
        if words == count:
            break
        taken.append(token)
        words += token is not None
    return taken


def _pieces(tokens: list[str | None], *, strip: str) -> list[TextPiece]:
    """Pieces from words and breaks, without breaks at the ``strip`` end (next to the gap)."""
    pieces: list[TextPiece] = []
    words: list[str] = []
    for token in tokens:
        if token is None:
            if words:
                pieces.append(TextPiece("same", " ".join(words)))
                words = []
            pieces.append(TextPiece("break", ""))
        else:
            words.append(token)
    if words:
        pieces.append(TextPiece("same", " ".join(words)))
    while strip == "start" and pieces and pieces[0].kind == "break":
        pieces.pop(0)
    while strip == "end" and pieces and pieces[-1].kind == "break":
        pieces.pop()
    return pieces


def diff_texts(old: str, new: str) -> TextDiff:
    """What changed from ``old`` to ``new``, in time and size bounded by the budgets above."""
    builder = _Builder()
    diff = builder.diff
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    start, end = _common_ends(old_paragraphs, new_paragraphs)
    old_middle = old_paragraphs[start : len(old_paragraphs) - end]
    new_middle = new_paragraphs[start : len(new_paragraphs) - end]
    builder.paragraphs("same", old_paragraphs[:start])
    for tag, i1, i2, j1, j2 in _alignment(old_middle, new_middle, diff):
        if tag == "equal":
            builder.paragraphs("same", old_middle[i1:i2])
        elif tag == "delete":
            diff.removed += i2 - i1
            builder.paragraphs("removed", old_middle[i1:i2])
        elif tag == "insert":
            diff.added += j2 - j1
            builder.paragraphs("added", new_middle[j1:j2])
        else:
            builder.replace(old_middle[i1:i2], new_middle[j1:j2])
    builder.paragraphs("same", old_paragraphs[len(old_paragraphs) - end :])

    if diff.oversized_blocks:
        diff.summary = _summary(diff)
        return diff  # Nothing shown word by word: the page offers both texts in full.
    if not (diff.replaced or diff.added or diff.removed):
        diff.summary = _("Bara mellanrum eller radbrytningar ändrades.")
    for unit in builder.units:
        if diff.pieces:
            diff.pieces.append(TextPiece("break", ""))
        diff.pieces.extend(unit)
    if max(len(old.split()), len(new.split())) > ABRIDGE_ABOVE_WORDS:
        diff.pieces = _abridge(diff.pieces)
        diff.abridged = any(piece.kind == "skipped" for piece in diff.pieces)
    return diff
