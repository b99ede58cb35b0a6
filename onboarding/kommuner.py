"""Sweden's 290 kommuner as SCB lists them (``data/kommuner.csv``; source and date in
``data/README.md``), read once per process."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "kommuner.csv"

# Official names that do not follow the rule of ``organisation_name``.
_OFFICIAL_NAMES = {
    "0980": "Region Gotland",
    "0880": "Kalmar kommun",
    "2080": "Falu kommun",
}


@dataclass(frozen=True)
class Kommun:
    code: str  # SCB's kommunkod, four digits
    name: str  # as SCB lists it: "Upplands Väsby"
    county_code: str
    county: str  # "Stockholms län"

    @property
    def organisation_name(self) -> str:
        """The name the organisation gets unless the administrator writes another: "Knivsta
        kommun", "Kungsörs kommun" (a genitive s after a consonant other than s, x or z)."""
        if self.code in _OFFICIAL_NAMES:
            return _OFFICIAL_NAMES[self.code]
        if self.name[-1].lower() in "aeiouyåäösxz":
            return f"{self.name} kommun"
        return f"{self.name}s kommun"


@cache
def all_kommuner() -> tuple[Kommun, ...]:
    """Every kommun, by kommunkod."""
    with DATA.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return tuple(
        Kommun(row["kommunkod"], row["kommun"], row["lanskod"], row["lan"])
        for row in sorted(rows, key=lambda row: row["kommunkod"])
    )


@cache
def by_code() -> dict[str, Kommun]:
    return {kommun.code: kommun for kommun in all_kommuner()}


def get(code: str) -> Kommun | None:
    return by_code().get(code)
