from django.utils.functional import SimpleLazyObject

from .querysets import COORDINATOR, municipality_ids


def roles(request):
    """``is_coordinator`` for menus: the user coordinates a kommun (``Organisation.objects.
    coordinated_by``'s rule), read from the memberships the request has already loaded."""
    user = getattr(request, "user", None)
    return {
        "is_coordinator": SimpleLazyObject(
            lambda: bool(user and municipality_ids(user, roles=(COORDINATOR,)))
        )
    }
