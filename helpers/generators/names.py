"""Person first names for the character-level language model, from Faker's English-language lists.

Faker (MIT licence) ships, for each locale, the first names its person provider draws from, as
class attributes of ``faker.providers.person.<locale>.Provider``: ``first_names`` and, where the
locale has them, ``first_names_female``, ``first_names_male`` and ``first_names_nonbinary``
(tuples, lists, or dicts from name to weight). This generator reads those attributes directly:
no Faker object is built and nothing is drawn at random, so the file depends only on the
installed Faker version (pinned in requirements.txt), not on Faker's random generator.

The English-language locales with a person provider of their own are used; Faker has no person
provider for en_AU or en_CA (it gives them en_US's names), so they add nothing. Each name is
lowercased and kept only if it then consists of the letters a-z alone: names with a hyphen
(Irish double names such as "Anne-Marie"), a space (two Maori names such as "Te Ariki"), an
apostrophe or an accented letter are left out, not transliterated, so that the alphabet is the
26 letters and every name in the file is one that a list spells that way. The names are
deduplicated and sorted, one per line. See course/datasets/names.md.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

LOCALES = ("en_US", "en_GB", "en_IE", "en_NZ", "en_IN")
ATTRIBUTES = ("first_names", "first_names_female", "first_names_male", "first_names_nonbinary")
FILENAME = "names.txt"
LETTERS = re.compile(r"[a-z]+")


def faker_first_names(locale: str) -> set[str]:
    """Every first name in the lists of Faker's person provider of ``locale``, as spelled there."""
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    names: set[str] = set()
    for attribute in ATTRIBUTES:
        if attribute in vars(provider):     # the locale's own list, not one inherited from en
            names.update(str(name) for name in vars(provider)[attribute])
    return names


def collect_names(locales: tuple[str, ...] = LOCALES) -> tuple[list[str], list[str]]:
    """(kept, left_out): the lowercased names of the locales, deduplicated and sorted.

    kept holds the names of the letters a-z only; left_out the others (hyphens, spaces,
    apostrophes, accents), lowercased, for the record.
    """
    lowered = {name.lower() for locale in locales for name in faker_first_names(locale)}
    kept = sorted(name for name in lowered if LETTERS.fullmatch(name))
    left_out = sorted(lowered.difference(kept))
    return kept, left_out


def write_names(out_dir: Path) -> list[Path]:
    """Write names.txt (one lowercase name per line, sorted, final newline) into out_dir; return [path]."""
    kept, _ = collect_names()
    path = Path(out_dir) / FILENAME
    path.write_text("".join(name + "\n" for name in kept), encoding="ascii", newline="\n")
    return [path]
