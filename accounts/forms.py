"""Forms of the account pages. Services validate again before they write."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from promises.forms import BLANK_CHOICE_LABEL, ChangeReasonMixin
from promises.models import Membership, Organisation
from promises.text import NormalizedCharField
from promises.validators import validate_no_personal_identity_number

from .tasks import send_password_reset_task

PASSWORD_HELP = _("Minst 8 tecken, inte bara siffror och inte ett vanligt lösenord.")
TITLE_HELP = _("Valfritt. T.ex. trygghetssamordnare eller kommunpolis.")
MANAGER_HELP = _(
    "Förvaltaren bjuder in personer till organisationen, ändrar deras roller och avaktiverar "
    "konton."
)


def role_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The roles an organisation has room for: police contacts in a police area, the kommun's
    roles in a kommun (``Membership.clean``'s rule)."""
    Role = Membership.Role
    if organisation.kind == Organisation.Kind.POLICE_AREA:
        return [(Role.POLICE, Role.POLICE.label)]
    return [(role, role.label) for role in Role if role != Role.POLICE]


class RoleFieldsMixin(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=())
    title = NormalizedCharField(
        label=_("Titel"),
        required=False,
        max_length=120,
        help_text=TITLE_HELP,
        validators=[validate_no_personal_identity_number],
    )
    is_manager = forms.BooleanField(label=_("Förvaltare"), required=False, help_text=MANAGER_HELP)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        choices = role_choices(organisation)
        blank = [] if len(choices) == 1 else [("", BLANK_CHOICE_LABEL)]
        self.fields["role"].choices = [*blank, *choices]


class InviteForm(RoleFieldsMixin):
    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        help_text=_(
            "Personens arbetsadress, t.ex. kim.exempelsson@knivsta.se. Länken gäller en "
            "vecka och kan användas en gång."
        ),
    )
    field_order = ["email", "role", "title", "is_manager"]


class MembershipForm(RoleFieldsMixin, ChangeReasonMixin):
    pass


class RemoveForm(ChangeReasonMixin):
    pass


class AcceptForm(forms.Form):
    """A new account from an invitation: the person's name, user name and password."""

    first_name = NormalizedCharField(label=_("Förnamn"), max_length=150)
    last_name = NormalizedCharField(label=_("Efternamn"), max_length=150)
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        required=False,
        help_text=_("Valfritt. Utan användarnamn loggar du in med din e-postadress."),
    )
    password1 = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    password2 = forms.CharField(
        label=_("Lösenordet igen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self):
        User = get_user_model()
        username = self.cleaned_data["username"].strip() or self.email
        field = User._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Det användarnamnet är upptaget. Välj ett annat."))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Lösenorden är inte lika."))
        elif first:
            User = get_user_model()
            candidate = User(
                username=cleaned.get("username") or self.email,
                email=self.email,
                first_name=cleaned.get("first_name") or "",
                last_name=cleaned.get("last_name") or "",
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def account(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "username": data["username"],
            "password": data["password1"],
        }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose e-mail a task sends after commit (never inside the request)."""

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                lambda user_id=user.pk: send_password_reset_task.enqueue(user_id=user_id)
            )


class SignInForm(AuthenticationForm):
    """The sign-in form: a user name or an e-mail address (``backends.EmailOrUsernameBackend``)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Fel användarnamn, e-postadress eller lösenord. Tänk på att lösenordet skiljer på "
            "stora och små bokstäver."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn eller e-postadress")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254


class PlainHelpMixin:
    """Django's password forms give the validators' help as an HTML list, which the field partial
    cannot hold in its paragraph: one sentence instead (the validators themselves are Django's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].help_text = _("Samma lösenord en gång till.")


class PasswordChangeFormSv(PlainHelpMixin, PasswordChangeForm):
    pass


class SetPasswordFormSv(PlainHelpMixin, SetPasswordForm):
    pass
