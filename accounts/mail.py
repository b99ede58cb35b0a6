"""The e-mails of accounts: an invitation and a password reset link. Both are built and sent by a
task (``tasks``) through the project's mailer (settings.MAILERS), never inside a request."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .tokens import absolute, invitation_url


def send(*, to: str, subject: str, template: str, context: dict, sender_name: str = "") -> None:
    context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    sender = ", ".join(part for part in (name or "Löfteskollen", sender_name) if part)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=formataddr((sender, address)),
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_invitation(invitation) -> None:
    organisation = invitation.organisation
    inviter = invitation.invited_by
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Inbjudan till Löfteskollen – %(organisation)s") % {
            "organisation": organisation.name
        }
    send(
        to=invitation.email,
        subject=subject,
        template="accounts/emails/invitation",
        sender_name=organisation.name,
        context={
            "organisation_name": organisation.name,
            "role": invitation.get_role_display(),
            "is_manager": invitation.is_manager,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "url": invitation_url(invitation),
            "expires_at": invitation.expires_at,
        },
    )


def send_password_reset(user) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Nytt lösenord till Löfteskollen")
    send(
        to=user.email,
        subject=subject,
        template="registration/password_reset_email",
        context={
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "url": absolute(reverse("accounts:password_reset_confirm", args=[uid, token])),
            "timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
