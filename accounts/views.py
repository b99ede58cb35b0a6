"""Thin views of the account pages: access helper → form → service → redirect."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from promises.forms import apply_service_errors
from promises.submit import submitted

from . import selectors, services
from .access import get_invitation_for_manager, get_managed_organisation, get_membership_for_manager
from .forms import AcceptForm, InviteForm, MembershipForm, PasswordChangeFormSv, RemoveForm
from .sessions import remember_session

BACKEND = "accounts.backends.EmailOrUsernameBackend"


def _posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


@login_required
def account(request):
    """Mitt konto: one's name, memberships and the organisations one manages."""
    context = {
        "memberships": selectors.own_memberships(request.user),
        "managed": selectors.managed_organisations(request.user).order_by("name"),
    }
    return render(request, "accounts/account.html", context)


@login_required
def members(request, pk):
    organisation = get_managed_organisation(request.user, pk)
    context = {
        "organisation": organisation,
        "members": selectors.members(organisation),
        "invitations": selectors.pending_invitations(organisation),
    }
    return render(request, "accounts/members.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def invite(request, pk):
    organisation = get_managed_organisation(request.user, pk)
    form = InviteForm(_posted(request), organisation=organisation)
    if response := submitted(
        request,
        form,
        lambda: services.invite(organisation=organisation, user=request.user, **form.cleaned_data),
        message=lambda invitation: (
            _("En inbjudan skickas till %(email)s.") % {"email": invitation.email}
        ),
        success=reverse("accounts:members", args=[organisation.pk]),
    ):
        return response
    status = 422 if form.errors else 200
    context = {"organisation": organisation, "form": form}
    return render(request, "accounts/invite.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def membership_edit(request, pk):
    membership = get_membership_for_manager(request.user, pk)
    initial = {"role": membership.role, "title": membership.title}
    initial["is_manager"] = membership.is_manager
    form = MembershipForm(_posted(request), initial=initial, organisation=membership.organisation)
    if response := submitted(
        request,
        form,
        lambda: services.change_membership(
            membership=membership,
            user=request.user,
            role=form.cleaned_data["role"],
            title=form.cleaned_data["title"],
            is_manager=form.cleaned_data["is_manager"],
            reason=form.cleaned_data["change_reason"],
        ),
        message=_("Ändringen är sparad."),
        success=reverse("accounts:members", args=[membership.organisation_id]),
    ):
        return response
    status = 422 if form.errors else 200
    context = {"membership": membership, "organisation": membership.organisation, "form": form}
    return render(request, "accounts/membership_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def membership_remove(request, pk):
    """Take someone out of the organisation, or close their account when it belongs to no
    organisation the förvaltare does not manage."""
    membership = get_membership_for_manager(request.user, pk)
    managed = selectors.managed_ids(request.user)
    may_deactivate = services.can_deactivate(membership.user, managed)
    form = RemoveForm(_posted(request))
    action = request.POST.get("action")
    if request.method == "POST" and action not in ("remove", "deactivate"):
        form.add_error(None, _("Välj en av knapparna: ta bort ur organisationen eller avaktivera."))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["change_reason"]
        deactivating = action == "deactivate"
        try:
            if deactivating:
                services.deactivate(
                    member=membership.user, user=request.user, managed_ids=managed, reason=reason
                )
            else:
                services.remove_membership(membership=membership, user=request.user, reason=reason)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            name = membership.user.get_full_name() or membership.user.get_username()
            done = (
                _("%(name)s kontot är avaktiverat.")
                if deactivating
                else _("%(name)s är borttagen ur organisationen.")
            )
            messages.success(request, done % {"name": name})
            if deactivating and membership.user == request.user:
                return redirect("public:home")
            return redirect("accounts:members", membership.organisation_id)
    status = 422 if form.errors else 200
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "form": form,
        "may_deactivate": may_deactivate,
    }
    return render(request, "accounts/membership_remove.html", context, status=status)


@require_POST
@login_required
def invitation_resend(request, pk):
    invitation = get_invitation_for_manager(request.user, pk)
    try:
        services.reinvite(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("En ny länk skickas till %(email)s; den gamla gäller inte längre.")
            % {"email": invitation.email},
        )
    return redirect("accounts:members", invitation.organisation_id)


@require_POST
@login_required
def invitation_revoke(request, pk):
    invitation = get_invitation_for_manager(request.user, pk)
    try:
        services.revoke(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Inbjudan till %(email)s är återkallad.") % {"email": invitation.email}
        )
    return redirect("accounts:members", invitation.organisation_id)


def _invalid(request, problem: services.InvitationProblem):
    context = {"reason": problem.reason}
    return render(request, "accounts/invitation_invalid.html", context, status=problem.status)


@never_cache
@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The invitation link: a new account (name and password), or, for an address that already
    has an account, sign in and accept. Used, expired, revoked or broken links get a Swedish page."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationProblem as problem:
        return _invalid(request, problem)
    user = request.user if request.user.is_authenticated else None
    existing = services.email_owner(invitation.email) if user is None else None
    wrong_account = user is not None and user.email.lower() != invitation.email.lower()
    form = None
    if user is None and existing is None:
        form = AcceptForm(_posted(request), email=invitation.email)
    errors = []
    if request.method == "POST" and not wrong_account and (user or (form and form.is_valid())):
        try:
            accepted = services.accept(
                token=token, user=user, new_account=form.account() if form else None
            )
        except services.InvitationProblem as problem:
            return _invalid(request, problem)
        except ValidationError as error:
            if form is not None:
                apply_service_errors(form, error)
            else:
                errors = error.messages
        else:
            if user is None:
                login(request, accepted, backend=BACKEND)
            messages.success(
                request,
                _("Välkommen! Du är nu med i %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("promises:start")
    context = {
        "invitation": invitation,
        "form": form,
        "existing": existing,
        "wrong_account": wrong_account,
        "errors": errors,
    }
    status = 422 if (form is not None and form.errors) or errors else 200
    return render(request, "accounts/accept.html", context, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; the session it renews (a new key) is remembered like a sign-in's, so that
    deactivating the account ends it too."""

    form_class = PasswordChangeFormSv
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_session(sender=None, request=self.request, user=form.user)
        return response
