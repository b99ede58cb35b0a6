from django.utils.functional import SimpleLazyObject

from .models import Organisation


def roles(request):
    """``is_coordinator`` for menus, computed only on pages that ask (one query)."""
    user = getattr(request, "user", None)
    return {
        "is_coordinator": SimpleLazyObject(
            lambda: bool(user and Organisation.objects.coordinated_by(user).exists())
        )
    }
