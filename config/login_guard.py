"""Password guessing: who the client is, and when django-axes locks it out (config/settings.py)."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For as set by our own proxies.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it received the request from,
    so the client is that many entries from the right; anything further left was sent by the
    client and proves nothing. Without trusted proxies the header is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class LoginGuardHandler(AxesDatabaseHandler):
    """django-axes' database handler with a separate, larger allowance for an address.

    ``AXES_LOCKOUT_PARAMETERS`` is ``["username", "ip_address"]``: failures for one user name
    count against ``AXES_FAILURE_LIMIT``, failures from one address (over any user names) against
    ``LOGIN_ADDRESS_FAILURE_LIMIT``. Axes compares a single figure with ``AXES_FAILURE_LIMIT``,
    so the address count is scaled onto that limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        per_user, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        user_limit = settings.AXES_FAILURE_LIMIT
        address_limit = max(settings.LOGIN_ADDRESS_FAILURE_LIMIT, 1)
        scaled_address = user_limit if per_address >= address_limit else 0
        return max(per_user, scaled_address)


def lockout_response(request, original_response=None, credentials=None):
    """The Swedish lockout page (429), saying for how many minutes login is refused."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    response = render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
