"""Error views that must work when nothing else does."""

import sys

from django.views import defaults

from .middleware import DATABASE_UNAVAILABLE, database_unavailable_response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """The static Swedish 500 page, or the 503 page when the cause is an unreachable database.

    Django calls this while handling the exception, so ``sys.exc_info()`` is the error; this
    catches database failures that happen outside a view (e.g. in a middleware).
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    return defaults.server_error(request, template_name)
