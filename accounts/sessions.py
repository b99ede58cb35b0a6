"""Every session an account signs in with is remembered (``SignedInSession``), so that
``end_sessions`` can end them all at once when the account is deactivated."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .models import SignedInSession


@receiver(user_logged_in)
def remember_session(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    SignedInSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})


def end_sessions(user) -> int:
    """Delete every session ``user`` signed in with from the session store: their next request
    is anonymous. Returns how many sessions were ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)
