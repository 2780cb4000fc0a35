"""The shipped Kemendagri region list (``data/wilayah_2025.csv``; attribution in data/README.md).

Parsed once per process and kept in memory (about 91,600 rows): loading several codes, or
running the test suite, reads the file only once.
"""

import bisect
import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from .codes import ancestor_codes

SOURCE_FILE = Path(__file__).resolve().parent / "data" / "wilayah_2025.csv"


@dataclass(frozen=True)
class SourceList:
    names: dict[str, str]  # code → official name
    codes: list[str]  # every code, sorted, so a subtree is one contiguous slice

    def lineage(self, code: str) -> list[str]:
        """Ancestors of ``code`` (province first), ``code`` itself, then all its descendants.

        Parents always come before their children. ``code`` must be in the list.
        """
        start = bisect.bisect_left(self.codes, f"{code}.")
        end = bisect.bisect_left(self.codes, f"{code}/")  # "/" sorts right after "."
        descendants = sorted(self.codes[start:end], key=lambda c: (len(c), c))
        return [*ancestor_codes(code), code, *descendants]


@functools.cache
def official_list() -> SourceList:
    with SOURCE_FILE.open(newline="", encoding="utf-8") as file:
        # Some names carry a trailing blank in the source ("Jurang Jaler ").
        names = {row["kode"].strip(): row["nama"].strip() for row in csv.DictReader(file)}
    return SourceList(names=names, codes=sorted(names))
