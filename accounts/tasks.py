"""Background tasks of accounts (django-tasks): the e-mails, never sent inside a request.

Each task reads its object again when it runs; an invitation that was sent again, accepted or
revoked meanwhile, or an account that was closed, gets no e-mail.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from . import mail
from .models import Invitation


@task()
def send_invitation_task(*, invitation_id: int, nonce: str) -> bool:
    invitation = (
        Invitation.objects.pending()
        .select_related("organisation", "invited_by")
        .filter(pk=invitation_id, nonce=nonce)
        .first()
    )
    if invitation is None:
        return False
    mail.send_invitation(invitation)
    return True


@task()
def send_password_reset_task(*, user_id: int) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    mail.send_password_reset(user)
    return True
