"""Every change to accounts, memberships and invitations goes through these functions, with the
acting person and the reason in the history.

A förvaltare (``Membership.is_manager``) manages the accounts of their organisation; an
organisation keeps at least one förvaltare once it has one (``LastManager``). Changes that could
remove the last one lock the organisation's row first, so that two förvaltare removing each other
at the same moment cannot both succeed.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.models import Membership, Organisation

from .models import Invitation, new_nonce
from .sessions import end_sessions
from .tokens import read_token


class LastManager(ValidationError):
    """The change would leave an organisation without a förvaltare."""


class InvitationProblem(Exception):
    """Why an invitation link does not work; ``status`` is the page's HTTP status."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
        self.status = 404 if reason == "invalid" else 410


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_LINK_DAYS)


def _save(instance, *, user, reason: str = "", **kwargs):
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save(**kwargs)
    return instance


def check_invitable(*, organisation: Organisation, email: str, role: str) -> None:
    """Refuse a role the organisation has no place for, a member, or a second pending invitation."""
    Membership(organisation=organisation, role=role).clean()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Någon med den e-postadressen är redan medlem i organisationen.")}
        )
    if Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Den adressen har redan en inbjudan. Skicka den igen i listan i stället.")}
        )


def invite(
    *, organisation, email: str, role: str, title: str = "", is_manager: bool = False, user
) -> Invitation:
    """Invite ``email`` to ``organisation``; the e-mail goes out from a task after commit."""
    check_invitable(organisation=organisation, email=email, role=role)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        title=title,
        is_manager=is_manager,
        invited_by=user,
        expires_at=_expiry(),
    )
    invitation.full_clean()
    with transaction.atomic():
        _save(invitation, user=user, reason=_("Inbjuden"))
        _send_after_commit(invitation)
    return invitation


def reinvite(*, invitation: Invitation, user) -> Invitation:
    """A new link for a pending invitation, valid anew; the old link no longer works."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("Inbjudan är redan accepterad eller återkallad."))
        invitation.nonce = new_nonce()
        invitation.expires_at = _expiry()
        invitation.invited_by = user
        _save(invitation, user=user, reason=_("Inbjudan skickad igen"))
        _send_after_commit(invitation)
    return invitation


def revoke(*, invitation: Invitation, user) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("Inbjudan är redan accepterad eller återkallad."))
        invitation.revoked_at = timezone.now()
        _save(invitation, user=user, reason=_("Inbjudan återkallad"))
    return invitation


def _send_after_commit(invitation: Invitation) -> None:
    from .tasks import send_invitation_task

    pk, nonce = invitation.pk, invitation.nonce
    transaction.on_commit(lambda: send_invitation_task.enqueue(invitation_id=pk, nonce=nonce))


def check_usable(invitation: Invitation | None, nonce: str) -> Invitation:
    if invitation is None or invitation.nonce != nonce:
        raise InvitationProblem("invalid")
    if invitation.accepted_at:
        raise InvitationProblem("used")
    if invitation.revoked_at:
        raise InvitationProblem("revoked")
    if invitation.is_expired():
        raise InvitationProblem("expired")
    return invitation


def find_invitation(token: str) -> Invitation:
    """The invitation a link leads to, or ``InvitationProblem`` saying why it does not work."""
    found = read_token(token)
    if found is None:
        raise InvitationProblem("invalid")
    pk, nonce = found
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    return check_usable(invitation, nonce)


def email_owner(email: str):
    """The one active account with this address (case-insensitive), or None (none, or several)."""
    matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
    return matches[0] if len(matches) == 1 else None


def accept(*, token: str, user=None, new_account: dict | None = None):
    """Accept the invitation of ``token`` as ``user`` (signed in with the invited address) or as
    a new account made of ``new_account`` (first_name, last_name, username, password). The
    account and its membership are created in one transaction, under a lock on the invitation, so
    that a link used twice at the same moment gives one membership. Returns the user."""
    found = read_token(token)
    if found is None:
        raise InvitationProblem("invalid")
    pk, nonce = found
    with transaction.atomic():
        invitation = check_usable(
            Invitation.objects.select_for_update().filter(pk=pk).first(), nonce
        )
        if user is None:
            if email_owner(invitation.email) is not None:
                raise ValidationError(
                    _("Det finns redan ett konto med den e-postadressen. Logga in och acceptera.")
                )
            password = new_account.pop("password")
            user = get_user_model()(email=invitation.email, **new_account)
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
        elif user.email.lower() != invitation.email.lower():
            raise ValidationError(_("Inbjudan gäller en annan e-postadress."))
        if Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
            raise ValidationError(_("Du är redan medlem i organisationen."))
        membership = Membership(
            user=user,
            organisation=invitation.organisation,
            role=invitation.role,
            title=invitation.title,
            is_manager=invitation.is_manager,
        )
        membership.full_clean()
        _save(membership, user=user, reason=_("Accepterade inbjudan"))
        invitation.accepted_at = timezone.now()
        invitation.user = user
        _save(invitation, user=user, reason=_("Accepterad"))
    return user


def _lock_organisations(ids) -> None:
    list(Organisation.objects.select_for_update().filter(pk__in=sorted(ids)).order_by("pk"))


def _other_managers(membership: Membership) -> bool:
    return (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, is_manager=True, user__is_active=True
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def _refuse_last_manager(membership: Membership) -> None:
    if membership.is_manager and not _other_managers(membership):
        raise LastManager(
            _(
                "%(name)s är den enda förvaltaren av %(organisation)s. Utse en annan förvaltare först."
            )
            % {"name": membership.user, "organisation": membership.organisation}
        )


def change_membership(
    *, membership: Membership, user, role: str, title: str, is_manager: bool, reason: str = ""
) -> Membership:
    """Change a member's role, title or förvaltare flag, as ``user``, with ``reason``."""
    with transaction.atomic():
        _lock_organisations([membership.organisation_id])
        membership = Membership.objects.select_related("user", "organisation").get(pk=membership.pk)
        if not is_manager:
            _refuse_last_manager(membership)
        membership.role, membership.title, membership.is_manager = role, title, is_manager
        membership.full_clean()
        _save(membership, user=user, reason=reason or _("Ändrad av förvaltaren"))
    return membership


def remove_membership(*, membership: Membership, user, reason: str = "") -> None:
    """Take the person out of the organisation; their account stays (other memberships)."""
    with transaction.atomic():
        _lock_organisations([membership.organisation_id])
        membership = Membership.objects.select_related("user", "organisation").get(pk=membership.pk)
        _refuse_last_manager(membership)
        membership._history_user = user
        membership._change_reason = reason or _("Borttagen ur organisationen")
        membership.delete()


def can_deactivate(member, managed_ids) -> bool:
    """Whether a förvaltare of the organisations ``managed_ids`` may close ``member``'s account:
    only when it has no membership elsewhere."""
    return (
        not Membership.objects.filter(user=member).exclude(organisation_id__in=managed_ids).exists()
    )


def deactivate(*, member, user, managed_ids, reason: str = "") -> int:
    """Close ``member``'s account: no sign-in, every session ended at once, out of every
    organisation. Refused when the account has a membership outside ``managed_ids`` or is the
    last förvaltare somewhere. Returns how many sessions were ended."""
    reason = reason or _("Kontot avaktiverat")
    with transaction.atomic():
        memberships = list(
            Membership.objects.filter(user=member).select_related("user", "organisation")
        )
        _lock_organisations({m.organisation_id for m in memberships})
        if not can_deactivate(member, managed_ids):
            raise ValidationError(
                _(
                    "Personen är medlem i en organisation som du inte förvaltar: ta bara bort "
                    "medlemskapet."
                )
            )
        for membership in memberships:
            _refuse_last_manager(membership)
        for membership in memberships:
            membership._history_user = user
            membership._change_reason = reason
            membership.delete()
        member = type(member).objects.select_for_update().get(pk=member.pk)
        member.is_active = False
        member.save(update_fields=["is_active"])
        return end_sessions(member)
