"""``{% follow_button promise %}``: "Följ löftet" or "Sluta följa" on the promise page.

The promise page belongs to ``promises``, which knows nothing of e-mail; the button is this app's,
shown where the page loads it. One query for those who may follow (are they following?), none for
anyone else, however many follow the promise.
"""

from django import template

from ..follows import is_following, may_follow
from ..forms import FollowForm

register = template.Library()


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context, promise):
    user = context["request"].user
    shown = user.is_authenticated and may_follow(user, promise)
    return {
        "shown": shown,
        "following": shown and is_following(user, promise.pk),
        "promise": promise,
        "csrf_token": context.get("csrf_token"),
        "follow": FollowForm.FOLLOW,
        "stop": FollowForm.STOP,
    }
