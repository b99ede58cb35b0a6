"""How much of everything a SCALE gives: the national figures of issue 11 times the factor.

At SCALE=1: 290 kommuner, ~95 police areas (one covering 6 kommuner), ~900 promises, ~30,000
activities (the largest promise 231), ~700,000 status updates (the longest timeline 600) and
~5,000 users. The shape stays the same at any scale: the first kommun is the largest, its police
area covers 6 kommuner, its current promise is the largest one.
"""

import random
from dataclasses import dataclass

FULL = {
    "kommuner": 290,
    "promises": 900,
    "activities": 30_000,
    "updates": 700_000,
    "users": 5_000,
}
LARGEST_PROMISE_ACTIVITIES = 231
LONGEST_TIMELINE = 600
LARGEST_AREA_KOMMUNER = 6
KOMMUNER_PER_AREA = 3


@dataclass(frozen=True)
class Plan:
    scale: float
    kommuner: int
    promises: int
    activities: int
    updates: int
    users: int
    largest_promise: int
    longest_timeline: int

    @classmethod
    def for_scale(cls, scale: float) -> "Plan":
        if scale <= 0 or scale > 1:
            raise ValueError("SCALE must be above 0 and at most 1.")

        def scaled(key, minimum):
            return max(minimum, round(FULL[key] * scale))

        kommuner = min(FULL["kommuner"], scaled("kommuner", LARGEST_AREA_KOMMUNER + 1))
        # Every kommun has a promise, the largest kommun six or more (chain.py).
        promises = scaled("promises", kommuner + 5)
        activities = scaled("activities", 12 * promises)
        updates = scaled("updates", 4 * activities)
        return cls(
            scale=scale,
            kommuner=kommuner,
            promises=promises,
            activities=activities,
            updates=updates,
            users=scaled("users", 6 * kommuner),
            largest_promise=min(LARGEST_PROMISE_ACTIVITIES, activities // 2),
            longest_timeline=min(LONGEST_TIMELINE, updates // 10),
        )


def spread(
    total: int,
    bins: int,
    rng: random.Random,
    *,
    first: int | None = None,
    minimum=0,
    boost: tuple[int, float] = (0, 1.0),
):
    """``total`` split over ``bins`` with a skewed (log-normal) spread; ``first`` fixes the first
    bin (the largest one) and no other bin reaches it; ``boost`` (n, factor) weighs the n bins
    after it that much more."""
    if bins <= 0:
        return []
    counts = [0] * bins
    rest_total, start = total, 0
    if first is not None:
        counts[0] = first
        rest_total -= first
        start = 1
    others = bins - start
    if others <= 0:
        return counts
    ceiling = (first - 1) if first is not None else None
    weights = [rng.lognormvariate(0, 0.7) for _ in range(others)]
    boosted, factor = boost
    weights = [w * factor if i < boosted else w for i, w in enumerate(weights)]
    scale = max(0, rest_total - minimum * others) / sum(weights)
    values = [minimum + int(w * scale) for w in weights]
    if ceiling is not None:
        values = [min(v, ceiling) for v in values]
    shortfall = rest_total - sum(values)
    index = 0
    while shortfall > 0 and others:
        if ceiling is None or values[index % others] < ceiling:
            values[index % others] += 1
            shortfall -= 1
        index += 1
        if index > 10 * (others + shortfall) + 1000:
            break  # every bin is at the ceiling: the total cannot be met
    counts[start:] = values
    return counts
