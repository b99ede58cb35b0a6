"""The public revision of a kommun's page when its published lägesbild changes.

A kommun's public page shows its public lägesbild (``Assessment.objects.public()``: the summary,
problems, indicators and their figures), and its public promise pages show the problems they
answer. Like ``promises.public_revision``, this hangs on the history: right after a history row of
a lägesbild, problem, cause, indicator or indicator value is written, in the same transaction, it
stamps the ``PublicRevision`` of the kommun whose public lägesbild shows the record (before or
after the change). The public promise pages take the newer of their own revision and their kommun's
(``public.selectors.promise_version``), so they follow too.

A change to a draft, or to an indicator no public lägesbild uses, stamps nothing: the headers of a
public page never tell that something internal happened.
"""

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from promises.models import PublicRevision
from promises.public_revision import stamp

from .models import Assessment, Cause, Indicator, IndicatorValue, Problem
from .querysets import public_assessment


def _public_kommuner(**filters) -> set[int]:
    return set(
        Assessment.objects.public().filter(**filters).values_list("municipality_id", flat=True)
    )


def _shown_in(model, instance) -> set[int]:
    """The kommuner whose public page shows ``instance`` (its newest history row just written)."""
    if model is Assessment:
        # Public now, or in the row before (a version whose publication was withdrawn).
        rows = Assessment.history.filter(id=instance.pk).order_by("-history_id")[:2]
        was_public = Assessment.history.model.objects.filter(
            history_id__in=rows.values("history_id")
        ).filter(public_assessment())
        return {instance.municipality_id} if was_public.exists() else set()
    if model is Problem:
        return _public_kommuner(pk=instance.assessment_id)
    if model is Cause:
        return _public_kommuner(problems__pk=instance.problem_id)
    if model is Indicator:
        return _public_kommuner(problems__indicators__pk=instance.pk)
    if model is IndicatorValue:
        return _public_kommuner(problems__indicators__pk=instance.indicator_id)
    return set()


WATCHED = (Assessment, Problem, Cause, Indicator, IndicatorValue)


@receiver(post_create_historical_record)
def note_public_lagesbild_change(sender, instance, history_instance, **kwargs):
    model = instance._meta.concrete_model
    if model not in WATCHED:
        return
    kommuner = _shown_in(model, instance)
    if kommuner:
        stamp({(PublicRevision.Kind.MUNICIPALITY, pk) for pk in kommuner})
