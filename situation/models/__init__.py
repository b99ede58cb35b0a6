"""The lägesbild's models, re-exported here: ``from situation.models import Assessment``.

- ``assessments``: Assessment (one version of a kommun's lägesbild), Problem and Cause;
- ``indicators``: Indicator and IndicatorValue, the time series that measure the problems;
- ``indicator_fetches``: IndicatorFetch, where fetching an indicator from Kolada stands;
- ``common``: the frozen-version guard and the "never individuals" reminder;
- ``ratings``: FollowUpRating, an åtgärd's colour (grön / gul / röd) per follow-up period;
- ``duty``: DutySettings, a kommun's samordningsfunktion and renewal cycle (Lagkrav).
"""

from .assessments import Assessment, Cause, Problem
from .common import NEVER_INDIVIDUALS, AdoptedVersionIsFrozen
from .duty import DutySettings
from .indicator_fetches import IndicatorFetch
from .indicators import Indicator, IndicatorValue
from .ratings import FollowUpRating

__all__ = [
    "NEVER_INDIVIDUALS",
    "AdoptedVersionIsFrozen",
    "Assessment",
    "Cause",
    "DutySettings",
    "FollowUpRating",
    "Indicator",
    "IndicatorFetch",
    "IndicatorValue",
    "Problem",
]
