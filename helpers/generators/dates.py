"""Human-readable dates and their ISO form, for the attention model of c5w3-attention-date-translation.

A date is drawn with NumPy (a day between 1 January 1950 and 31 December 2049, uniformly) and
written by Babel (pinned in requirements.txt) in US English with one of FORMATS, then lower-cased
with its commas removed, as in the classic assignment: "wednesday september 30 2048",
"30 sep 2048", "9/30/48", "30.09.48"... The machine-readable target is "2048-09-30".

Every pattern writes the calendar year (Babel's "y"), never the week-based year ("Y", "YYY"),
which names the wrong year for a few days around New Year (31 December 2024 falls in week 1 of
2025). Two-digit years ("yy") are read in the window 1950-2049, the range of the data.

Held-out days: one day in ten of the range (HELD_OUT_FRACTION, a fixed permutation) never
appears in training data (``examples(..., split="train")``); the committed test set,
``datasets/dates_test.tsv``, draws only from them, so accuracy on it is accuracy on dates the
model has never seen, in any format.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
from babel.dates import format_date

FIRST_DAY = datetime.date(1950, 1, 1)
LAST_DAY = datetime.date(2049, 12, 31)
N_DAYS = (LAST_DAY - FIRST_DAY).days + 1
LOCALE = "en_US"
# Babel patterns (https://babel.pocoo.org/en/latest/dates.html): named styles and custom ones.
# "full" is listed several times so that a quarter of the dates carry a weekday.
FORMATS = ("short", "medium", "long", "full", "full", "full", "full", "full", "full",
           "d MMM y", "d MMMM y", "dd MMM y", "d MMM, y", "d MMMM, y", "dd, MMM y", "d MM yy",
           "MMMM d y", "MMMM d, y", "dd.MM.yy", "EEE d MMM y", "EEEE d MMMM y", "MMM d y")
HELD_OUT_FRACTION = 0.1
SPLIT_SEED = 2026            # the permutation of the days that picks the held-out ones
SEEDS = {"train": 1, "test": 2}
TEST_SIZE = 1000
TX, TY = 30, 10              # input length (padded) and output length ("yyyy-mm-dd")

HUMAN_CHARACTERS = list(" ./-0123456789abcdefghijklmnopqrstuvwxyz")
HUMAN_VOCAB = {c: i for i, c in enumerate(HUMAN_CHARACTERS + ["<unk>", "<pad>"])}
MACHINE_VOCAB = {c: i for i, c in enumerate("-0123456789")}
INV_MACHINE_VOCAB = {i: c for c, i in MACHINE_VOCAB.items()}


def held_out_days():
    """The day numbers (0 = 1 January 1950) reserved for testing, sorted."""
    order = np.random.default_rng(SPLIT_SEED).permutation(N_DAYS)
    return np.sort(order[:int(round(N_DAYS * HELD_OUT_FRACTION))])


def write_human(day, pattern):
    """The date `day` (a datetime.date) written with a Babel pattern, lower-cased, without commas."""
    return format_date(day, format=pattern, locale=LOCALE).lower().replace(",", "")


def draws(n, split="train", seed=None):
    """The day numbers and the indices in FORMATS of n pairs of a split, from default_rng(seed or SEEDS[split])."""
    rng = np.random.default_rng(SEEDS[split] if seed is None else seed)
    held = held_out_days()
    days = held if split == "test" else np.setdiff1d(np.arange(N_DAYS), held)
    return rng.choice(days, size=n), rng.integers(len(FORMATS), size=n)


def examples(n, split="train", seed=None):
    """
    n (human, machine) pairs of the split's days (see draws).

    split -- "train": days not held out; "test": held-out days only
    Returns a list of (human-readable date, ISO date) strings.
    """
    pairs = []
    for day, p in zip(*draws(n, split, seed), strict=True):
        date = FIRST_DAY + datetime.timedelta(days=int(day))
        pairs.append((write_human(date, FORMATS[p]), date.isoformat()))
    return pairs


def string_to_int(text, length, vocab):
    """The indices of text's characters in vocab (unknown ones as <unk>), cut or padded with <pad> to length."""
    text = text.lower().replace(",", "")[:length]
    ids = [vocab.get(c, vocab["<unk>"]) for c in text]
    return ids + [vocab["<pad>"]] * (length - len(ids))


def preprocess(pairs, tx=TX, ty=TY):
    """
    The pairs as index arrays and one-hot arrays.

    Returns X (m, tx) int, Y (m, ty) int, Xoh (m, tx, len(HUMAN_VOCAB)), Yoh (m, ty, len(MACHINE_VOCAB))
    """
    X = np.array([string_to_int(h, tx, HUMAN_VOCAB) for h, _ in pairs], dtype=np.int64).reshape(-1, tx)
    Y = np.array([[MACHINE_VOCAB[c] for c in m] for _, m in pairs], dtype=np.int64).reshape(-1, ty)
    Xoh = np.eye(len(HUMAN_VOCAB))[X]
    Yoh = np.eye(len(MACHINE_VOCAB))[Y]
    return X, Y, Xoh, Yoh


def write_dates(out_dir):
    """Write dates_test.tsv: TEST_SIZE held-out pairs, "human<TAB>iso" per line; return its path."""
    path = Path(out_dir) / "dates_test.tsv"
    path.write_text("".join(f"{h}\t{m}\n" for h, m in examples(TEST_SIZE, "test")), encoding="utf-8")
    return [path]
