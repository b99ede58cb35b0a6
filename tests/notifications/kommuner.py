"""Many kommuner at once, for the tests that count the queries of a planner at 1× and 10× data."""

from datetime import date

from promises import services
from promises.models import Activity, Membership, Organisation

from .conftest import adopt


def add_kommun(number: int, make_user, area: Organisation | None = None) -> Organisation:
    """Kommun ``number`` with its coordinator, an agreement (covered by ``area``, or a police area of
    its own) and an adopted promise 2024–2025 with one activity per party, an update on each of two
    of them in December 2024, a due date of the promise and a check-in of the agreement."""
    kommun = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY, name=f"Kommun {number}", slug=f"kommun-{number}"
    )
    if area is None:
        area = Organisation.objects.create(
            kind=Organisation.Kind.POLICE_AREA, name=f"Område {number}", slug=f"omrade-{number}"
        )
    area.covered_municipalities.add(kommun)
    coordinator = make_user(
        f"samordnare-{number}",
        organisation=kommun,
        role=Membership.Role.COORDINATOR,
        email=f"samordnare@kommun-{number}.example",
    )
    agreement = services.create_agreement(
        user=coordinator,
        municipality=kommun,
        police_area=area,
        title="Överenskommelse",
        valid_from=date(2024, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    promise = services.create_promise(
        user=coordinator,
        agreement=agreement,
        title="Medborgarlöfte",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    area_ = services.create_focus_area(user=coordinator, promise=promise, title="Trygghet")
    activities = [
        services.create_activity(
            user=coordinator, focus_area=area_, description=f"Insats {party}.", responsible=party
        )
        for party in Activity.Responsible.values
    ]
    adopt(promise, coordinator)
    for activity, day in zip(
        activities[:2], (date(2024, 12, 10), date(2024, 12, 12)), strict=False
    ):
        services.add_status_update(
            user=coordinator, activity=activity, status="pagar", description="Gjort.", date=day
        )
    for document, title in ((promise, "Årsuppföljning"), (agreement, "Avstämning")):
        services.create_due_date(
            user=coordinator,
            document=document,
            title=title,
            due_on=date(2025, 2, 28),
            recipient="Kommunstyrelsen",
        )
    return kommun
