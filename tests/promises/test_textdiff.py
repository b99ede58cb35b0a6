"""The difference between two versions of a long text: word by word where it is small enough,
summarised where it is not, in bounded work whatever the size. No timings here: the bounds are
asserted on the work counted (pairs of equal words compared); benchmarks/history_page.py times it."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from promises.textdiff import (
    MAX_ALIGNED_PARAGRAPHS,
    PARAGRAPH_PAIR_BUDGET,
    WORD_PAIR_BUDGET,
    diff_texts,
)

SAMPLE = (
    "kommunen polisen samverkan trygghet insatser ungdomar centrum kvällar helger föreningar "
    "skolan fritidsgården medborgardialog lägesbild narkotika våld skadegörelse belysning "
    "vandringsvärdar fältassistenter socialtjänsten arbetet fortsätter enligt planen under "
    "perioden tillsammans med boende företagare och andra aktörer i området där oron har ökat"
)
WORDS = SAMPLE.split()


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def long_text(rng: random.Random, *, size: int = 100_000, words: int = 120) -> list[str]:
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < size:
        paragraphs.append(paragraph(rng, words))
    return paragraphs


def kinds(diff) -> list[str]:
    return [piece.kind for piece in diff.pieces]


def texts_of(diff, kind: str) -> list[str]:
    return [piece.text for piece in diff.pieces if piece.kind == kind]


def test_it_shows_a_small_change_word_by_word():
    diff = diff_texts(
        "Planerade narkotikainsatser tillsammans med beroendemottagningen.",
        "Planerade narkotikainsatser tillsammans med fältgruppen.",
    )
    assert [(p.kind, p.text) for p in diff.pieces] == [
        ("same", "Planerade narkotikainsatser tillsammans med"),
        ("removed", "beroendemottagningen."),
        ("added", "fältgruppen."),
    ]
    assert diff.summary == ""
    assert not diff.show_full_texts


def test_it_diffs_two_100_kb_texts_differing_in_several_paragraphs_word_by_word():
    rng = random.Random(9)
    old = long_text(rng)
    new = list(old)
    for index, (gone, came) in {
        3: ("kommunen", "Regionen"),
        40: ("polisen", "Kommunpolisen"),
        41: ("trygghet", "Tryggheten"),
        90: ("centrum", "Stationsområdet"),
    }.items():
        words = new[index].split()
        words[5] = came
        old_words = old[index].split()
        old_words[5] = gone
        old[index], new[index] = " ".join(old_words), " ".join(words)
    old_text, new_text = "\n\n".join(old), "\n\n".join(new)
    assert len(old_text) > 100_000

    diff = diff_texts(old_text, new_text)

    assert diff.summary == ""
    assert texts_of(diff, "removed") == ["kommunen", "polisen", "trygghet", "centrum"]
    assert texts_of(diff, "added") == ["Regionen", "Kommunpolisen", "Tryggheten", "Stationsområdet"]
    assert (diff.replaced, diff.added, diff.removed) == (4, 0, 0)
    # Only the words next to each change are shown.
    assert diff.abridged and not diff.show_full_texts
    shown = " ".join(p.text for p in diff.pieces if p.kind == "same")
    assert len(shown) < 10_000
    assert kinds(diff)[0] == "skipped" and kinds(diff)[-1] == "skipped"
    # Each changed paragraph was compared on its own, not the whole text.
    assert diff.word_pairs <= WORD_PAIR_BUDGET
    assert diff.aligned


def test_it_shows_added_and_removed_paragraphs_whole():
    rng = random.Random(1)
    old = long_text(rng, size=5_000, words=40)
    new = [*old[:2], "Ett helt nytt stycke om belysningen.", *old[2:5], *old[6:]]
    diff = diff_texts("\n".join(old), "\n\n".join(new))
    assert texts_of(diff, "added") == ["Ett helt nytt stycke om belysningen."]
    assert texts_of(diff, "removed") == [old[5]]
    assert (diff.replaced, diff.added, diff.removed) == (0, 1, 1)
    # Paragraphs stay apart: a break on each side of the added one.
    index = kinds(diff).index("added")
    assert kinds(diff)[index - 1] == "break" and kinds(diff)[index + 1] == "break"


def test_it_summarises_a_change_too_large_for_a_word_diff():
    rng = random.Random(2)
    old = long_text(rng, words=3_000)  # four paragraphs of 3,000 words, over 100 KB
    new = [old[0], paragraph(rng, 3_000), paragraph(rng, 3_000), old[3], paragraph(rng, 3_000)]
    old_text, new_text = "\n\n".join(old), "\n\n".join(new)
    assert len(old_text) > 100_000

    diff = diff_texts(old_text, new_text)

    assert diff.summary == "Texten ändrades: 2 stycken ersattes, 1 stycke lades till."
    assert diff.pieces == []
    assert diff.show_full_texts
    # Word-level diffing was skipped: the paragraphs are far over the bound.
    assert diff.oversized_blocks == 1
    assert diff.word_pairs == 0


def test_it_bounds_the_work_on_texts_of_few_distinct_words():
    """A yes/no table pasted from Word: the kind of text on which a word diff grows fastest."""
    rng = random.Random(3)
    cells = ["Ja", "Nej", "X", "–", "och"]

    def table():
        return "\n".join(" ".join(rng.choice(cells) for _ in range(100)) for _ in range(400))

    diff = diff_texts(table(), table())

    assert diff.summary == "Texten ändrades: 400 stycken ersattes."
    assert diff.oversized_blocks == 1
    assert diff.word_pairs <= WORD_PAIR_BUDGET
    assert diff.paragraph_pairs <= PARAGRAPH_PAIR_BUDGET


def test_it_anchors_many_changed_paragraphs_on_those_that_occur_once():
    lines = [f"rad {n}" for n in range(3 * MAX_ALIGNED_PARAGRAPHS)]
    changed = ["rad noll", *lines[1:700], "en ny rad", *lines[700:-1], "rad sist"]
    diff = diff_texts("\n".join(lines), "\n".join(changed))
    assert diff.aligned
    assert diff.summary == ""
    assert (texts_of(diff, "removed"), texts_of(diff, "added")) == (
        ["0", lines[-1].split()[1]],
        ["noll", "en ny rad", "sist"],
    )
    assert (diff.replaced, diff.added, diff.removed) == (2, 1, 0)


def test_it_pairs_repeated_paragraphs_in_order_when_there_are_too_many_to_align():
    lines = ["Ja.", "Nej."] * MAX_ALIGNED_PARAGRAPHS
    changed = ["Ja.", "Kanske.", *lines[2:-1], "Kanske inte."]
    diff = diff_texts("\n".join(lines), "\n".join(changed))
    assert not diff.aligned
    assert diff.paragraph_pairs == 0
    assert diff.summary == ""
    assert (texts_of(diff, "removed"), texts_of(diff, "added")) == (
        ["Nej.", "Nej."],
        ["Kanske.", "Kanske inte."],
    )
    assert diff.replaced == 2


def test_it_summarises_thousands_of_changed_lines():
    old = "\n".join(f"rad {n}" for n in range(5_000))
    new = "\n".join(f"rad {n}." for n in range(5_000))
    diff = diff_texts(old, new)
    assert not diff.aligned
    assert diff.summary == "Texten ändrades: 5000 stycken ersattes."
    assert diff.word_pairs <= WORD_PAIR_BUDGET


def test_it_finds_a_small_change_in_one_huge_paragraph():
    rng = random.Random(4)
    old = paragraph(rng, 15_000)  # one paragraph of 100 KB, no line breaks
    words = old.split()
    words[7_000] = "SKOLAN"
    diff = diff_texts(old, " ".join(words))
    assert diff.summary == ""
    assert texts_of(diff, "added") == ["SKOLAN"]
    assert texts_of(diff, "removed") == [old.split()[7_000]]
    assert diff.abridged


def test_it_says_when_only_white_space_changed():
    rng = random.Random(5)
    old = long_text(rng, size=3_000, words=30)
    diff = diff_texts("\n".join(old), "\n\n".join(old) + "\n")
    assert diff.summary == "Bara mellanrum eller radbrytningar ändrades."
    assert texts_of(diff, "removed") == texts_of(diff, "added") == []


def lines_of_words(max_lines: int, *, min_lines: int = 0, min_words: int = 0):
    words = st.sampled_from(["och", "polisen", "kommunen", "trygghet", "ja", "nej"])
    return st.lists(
        st.lists(words, min_size=min_words, max_size=8), min_size=min_lines, max_size=max_lines
    )


@settings(max_examples=300, deadline=None)
@given(old=lines_of_words(12), new=lines_of_words(12), blank_lines=st.booleans())
def test_it_gives_back_both_texts_word_for_word(old, new, blank_lines):
    separator = "\n\n" if blank_lines else "\n"
    old_text = separator.join(" ".join(line) for line in old)
    new_text = separator.join(" ".join(line) for line in new)
    diff = diff_texts(old_text, new_text)
    assert diff.oversized_blocks == 0
    assert not diff.abridged  # at most 96 words: shown whole
    shown_old = [w for p in diff.pieces if p.kind in ("same", "removed") for w in p.text.split()]
    shown_new = [w for p in diff.pieces if p.kind in ("same", "added") for w in p.text.split()]
    assert shown_old == old_text.split()
    assert shown_new == new_text.split()


def assert_gives_back(diff, text: str, kind: str) -> None:
    """The pieces of one side (unchanged, and removed or added), with the words left out counted
    in, are the text word for word."""
    words, at = text.split(), 0
    for piece in diff.pieces:
        if piece.kind in ("same", kind):
            shown = piece.text.split()
            assert words[at : at + len(shown)] == shown
            at += len(shown)
        elif piece.kind == "skipped":
            at += int(piece.text.split()[0])
    assert at == len(words)


def edited(old: list, edits: list, data) -> list:
    """``old`` with each of ``edits`` replacing or inserted before a line drawn by hypothesis."""
    new = list(old)
    for line in edits:
        index = data.draw(st.integers(0, len(new)))
        new[index : index + data.draw(st.integers(0, 1))] = [line] if line else []
    return new


@settings(max_examples=200, deadline=None)
@given(
    old=lines_of_words(80, min_lines=40, min_words=4),
    edits=lines_of_words(6, min_lines=1),
    data=st.data(),
)
def test_it_accounts_for_every_word_it_leaves_out(old, edits, data):
    old_text = "\n".join(" ".join(line) for line in old)
    new_text = "\n".join(" ".join(line) for line in edited(old, edits, data))
    diff = diff_texts(old_text, new_text)
    assert diff.oversized_blocks == 0
    assert_gives_back(diff, old_text, "removed")
    assert_gives_back(diff, new_text, "added")


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    vocabulary=st.integers(2, 2_000),
    edits=lines_of_words(20, min_lines=1),
    data=st.data(),
)
def test_it_gives_back_both_texts_of_more_paragraphs_than_it_aligns_at_once(
    seed, vocabulary, edits, data
):
    rng = random.Random(seed)
    old = [[f"ord{rng.randrange(vocabulary)}"] for _ in range(2 * MAX_ALIGNED_PARAGRAPHS)]
    old_text = "\n".join(" ".join(line) for line in old)
    new_text = "\n".join(" ".join(line) for line in edited(old, edits, data))
    diff = diff_texts(old_text, new_text)
    if diff.oversized_blocks:
        assert diff.pieces == [] and diff.summary.startswith("Texten ändrades: ")
        return
    assert_gives_back(diff, old_text, "removed")
    assert_gives_back(diff, new_text, "added")
