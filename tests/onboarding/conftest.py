import pytest

from promises.models import Organisation


@pytest.fixture
def administrator(make_user):
    """The service's administrator: a superuser, with no membership of any kommun."""
    return make_user("administrator", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def kungsor(db):
    return Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY,
        name="Kungsörs kommun",
        slug="kungsor",
        municipality_code="1960",
    )
