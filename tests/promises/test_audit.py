"""The protocols of promises.audit: what a restorable model provides, checked on every model."""

import pytest
from django.db import models

from followup.models import Report
from promises import services
from promises.audit import DeletionAwareHistory, RestorableRoot, is_restorable
from promises.models import Activity, FocusArea, Promise, Signatory, StatusUpdate
from promises.services.deletions import _restorable_models
from tests.project_models import project_models

ROOTS = {Promise, FocusArea, Activity, StatusUpdate, Report}


def _records_deletions(model) -> bool:
    history = getattr(model, "history", None)
    return history is not None and issubclass(history.model, DeletionAwareHistory)


def test_it_gives_every_model_with_a_restore_order_a_history_that_records_deletions():
    ordered = [m for m in project_models(historical=False) if hasattr(m, "restore_order")]
    assert ordered
    for model in ordered:
        assert isinstance(model.restore_order, int), model
        assert _records_deletions(model), f"{model.__name__}: history without DeletionAwareHistory"
        assert is_restorable(model), model


def test_it_can_restore_everything_a_deletion_takes_with_it():
    """What a restorable deletion cascades to comes back with it, or it would be lost for good."""
    # Derived figures (ActivitySummary) are rewritten from what is restored, not restored.
    project = {m for m in project_models(historical=False) if not getattr(m, "derived", False)}
    for root in ROOTS:
        for relation in root._meta.related_objects:
            cascades = relation.on_delete is models.CASCADE
            if cascades and relation.related_model in project:
                assert is_restorable(relation.related_model), (
                    f"deleting a {root.__name__} takes {relation.related_model.__name__} along"
                )


def test_it_lets_exactly_the_restorable_roots_name_the_kommun_of_a_deletion():
    with_kommun = {
        m for m in project_models(historical=False) if hasattr(m, "deletion_municipality")
    }
    assert with_kommun == ROOTS
    for model in ROOTS:
        assert isinstance(model(), RestorableRoot), model.__name__
    assert not isinstance(Signatory(), RestorableRoot)


def test_it_restores_parents_before_children():
    order = _restorable_models()
    assert set(order) == {m for m in project_models(historical=False) if is_restorable(m)}
    position = {model: index for index, model in enumerate(order)}
    chain = [Promise, FocusArea, Activity, StatusUpdate]
    assert [position[m] for m in chain] == sorted(position[m] for m in chain)
    assert position[Promise] < position[Signatory]
    assert position[Promise] < position[Report]


def test_it_refuses_a_restorable_deletion_of_what_no_kommun_owns():
    with pytest.raises(TypeError, match="not restorable"):
        services.delete(Signatory(), user=None)
