"""Views that must work when nothing else does: the error pages and the health check."""

import sys

from django.http import HttpResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .middleware import DATABASE_UNAVAILABLE, database_unavailable_response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """The static Swedish 500 page, or the 503 page when the cause is an unreachable database.

    Django calls this while handling the exception, so ``sys.exc_info()`` is the error; this
    catches database failures that happen outside a view (e.g. in a middleware).
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    return defaults.server_error(request, template_name)


@never_cache
@require_GET
def health(request):
    """ "ok" for a load balancer's health check: the process serves requests. It reads no database,
    session or user, so it is also the benchmark's hello-world view (benchmarks/scale)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
