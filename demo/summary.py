"""What a load did: per kind of object, how many it created, updated or left as they were."""

from dataclasses import dataclass, field
from enum import Enum

from django.db.models import Model
from django.utils.translation import gettext as _


class Outcome(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class DemoSummary:
    """How many objects of each kind a run created, updated or left as they were."""

    counts: dict[str, dict[Outcome, int]] = field(default_factory=dict)

    def record(self, label, outcome: Outcome) -> None:
        row = self.counts.setdefault(str(label), dict.fromkeys(Outcome, 0))
        row[outcome] += 1

    def record_model(self, model: type[Model], outcome: Outcome) -> None:
        self.record(model._meta.verbose_name_plural, outcome)

    def total(self, outcome: Outcome) -> int:
        return sum(row[outcome] for row in self.counts.values())

    def lines(self) -> list[str]:
        return [
            _("%(label)s: %(created)d nya, %(updated)d ändrade, %(unchanged)d oförändrade")
            % {
                "label": label,
                "created": row[Outcome.CREATED],
                "updated": row[Outcome.UPDATED],
                "unchanged": row[Outcome.UNCHANGED],
            }
            for label, row in self.counts.items()
        ]
