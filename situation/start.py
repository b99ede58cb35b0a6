"""The lägesbild's section of the start page: where coordinators and police contacts find it.

Registered with ``promises.start_page.register_start_section`` (see ``apps.py``), since the promises
app imports no other app.
"""

from promises.querysets import COORDINATOR, POLICE

from .selectors import municipality_overview


def situation_overview(user, roles: frozenset[str]) -> dict | None:
    """Each kommun's lägesbild in force and its draft (two queries), for those who write them."""
    if not roles & {COORDINATOR, POLICE}:
        return None
    return {"rows": municipality_overview(user)}
