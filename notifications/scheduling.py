"""What ``manage.py send_reminders`` runs: planners, each of which says which messages are due on
a day. An app registers its planner in ``ready()``; the command hands every planner's messages to
``services.deliver``, which sends each item once."""

from collections.abc import Callable
from datetime import date

from .services import Message

Planner = Callable[[date], list[Message]]
_PLANNERS: dict[str, Planner] = {}


def register_planner(name: str, planner: Planner) -> None:
    """Add (or replace) the planner ``name``. A planner runs a fixed number of queries, however
    much data there is: it runs for every kommun every few minutes."""
    _PLANNERS[name] = planner


def planners() -> dict[str, Planner]:
    return dict(_PLANNERS)
