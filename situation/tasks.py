"""Background tasks of the lägesbild (django-tasks; settings.TASKS chooses the backend).

Each task is only the entry point; what it does, and what holds if it fails or runs twice, is
``situation.indicators_kolada``: a fetch writes idempotently and records its outcome (done, or the
Swedish error Kolada's failure gave) on the indicator's fetch row, which the page shows.
"""

from django_tasks import task

from .indicators_kolada import run_fetch


@task()
def fetch_indicator_task(indicator_pk: int, user_pk: int | None = None) -> str:
    """Fetch one indicator's series from Kolada (the button "Hämta från Kolada", the monthly
    refresh of ``manage.py fetch_indicators --due``)."""
    return run_fetch(indicator_pk, user_pk)
