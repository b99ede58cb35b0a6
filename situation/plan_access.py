"""The access helper of an åtgärdsplan's table and PDF (as in promises.access: 404 for outsiders)."""

from django.http import Http404

from promises.access import get_promise_for_user
from promises.models import Promise


def get_action_plan_for_user(user, pk) -> Promise:
    """An åtgärdsplan ``user`` reads; 404 for outsiders and for a medborgarlöfte."""
    promise = get_promise_for_user(user, pk)
    if not promise.is_action_plan:
        raise Http404
    return promise
