"""The lägesbild's models, re-exported here: ``from situation.models import Assessment``.

- ``assessments``: Assessment (one version of a kommun's lägesbild), Problem and Cause;
- ``indicators``: Indicator and IndicatorValue, the time series that measure the problems;
- ``common``: the frozen-version guard and the "never individuals" reminder.
"""

from .assessments import Assessment, Cause, Problem
from .common import NEVER_INDIVIDUALS, AdoptedVersionIsFrozen
from .indicators import Indicator, IndicatorValue

__all__ = [
    "NEVER_INDIVIDUALS",
    "AdoptedVersionIsFrozen",
    "Assessment",
    "Cause",
    "Indicator",
    "IndicatorValue",
    "Problem",
]
