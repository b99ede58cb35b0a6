"""``create_chain``: a described chain written through the services, as a later import would."""

from datetime import date

import pytest

from demo.chain import create_chain
from demo.chain_spec import (
    ActivitySpec,
    AgreementSpec,
    FocusAreaSpec,
    PromiseSpec,
    SignatorySpec,
    StatusUpdateSpec,
)
from demo.summary import DemoSummary, Outcome
from promises.models import Activity, Agreement, Promise, StatusUpdate

pytestmark = pytest.mark.django_db


def plan(author: str = "polis") -> AgreementSpec:
    return AgreementSpec(
        municipality="knivsta",
        police_area="lpo-uk",
        title="Överenskommelse att importera",
        valid_from=date(2024, 1, 1),
        valid_to=date(2026, 12, 31),
        signatories=(SignatorySpec(name="Anna Ordförande", title="Ordförande"),),
        promises=(
            PromiseSpec(
                title="Åtgärdsplan 2024",
                kind=Promise.Kind.ACTION_PLAN,
                period_start=date(2024, 1, 1),
                period_end=date(2024, 12, 31),
                status=Promise.Status.ADOPTED,
                adopted_by="Kommunstyrelsen",
                adopted_on=date(2023, 12, 1),
                focus_areas=(
                    FocusAreaSpec(
                        number=1,
                        title="Trafik",
                        activities=(
                            ActivitySpec(
                                number=1,
                                description="Hastighetskontroller.",
                                responsible=Activity.Responsible.POLICE,
                                target_count=4,
                                target_unit="kontroller",
                                target_period="ar",
                                updates=(
                                    StatusUpdateSpec(
                                        date=date(2024, 3, 1),
                                        status=StatusUpdate.Status.DONE,
                                        author=author,
                                        description="Två kontroller.",
                                        occurrences=2,
                                        is_public=True,
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def test_it_writes_the_chain_as_the_user_and_each_update_as_its_author(owner, police):
    agreement = create_chain(plan(), user=owner)

    promise = agreement.promises.get()
    assert promise.status == Promise.Status.ADOPTED
    assert [h.history_user for h in promise.history.all()] == [owner, owner]
    activity = Activity.objects.get(focus_area__promise=promise)
    assert (activity.code, activity.target_count, activity.history.get().history_user) == (
        "1:1",
        4,
        owner,
    )
    update = activity.status_updates.get()
    assert (update.author, update.history.get().history_user) == (police, police)
    assert list(agreement.signatories.values_list("name", flat=True)) == ["Anna Ordförande"]


def test_it_changes_nothing_when_written_again(owner, police):
    create_chain(plan(), user=owner)

    summary = DemoSummary()
    create_chain(plan(), user=owner, summary=summary)

    assert summary.total(Outcome.CREATED) == summary.total(Outcome.UPDATED) == 0
    assert Agreement.history.count() == 1


def test_it_names_the_accounts_it_cannot_find_and_writes_nothing(owner, uppsala_police):
    with pytest.raises(LookupError, match="okand"):
        create_chain(plan(author="okand"), user=owner)

    assert not Agreement.objects.exists()
