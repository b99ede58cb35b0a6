from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import SignInForm

from .models import IdentityProvider
from .services import EDITABLE_FIELDS


class IdentityProviderForm(forms.ModelForm):
    """The förvaltare's settings of the organisation's identity provider."""

    class Meta:
        model = IdentityProvider
        fields = EDITABLE_FIELDS


class PasswordLoginForm(SignInForm):
    """The sign-in form (a user name or an e-mail address, accounts.forms.SignInForm), which names the organisation's own sign-in when that
    organisation turned local passwords off (identity.backends.PasswordPolicyBackend)."""

    def get_invalid_login_error(self):
        provider = getattr(self.request, "password_refused_by", None)
        if provider is None:
            return super().get_invalid_login_error()
        return ValidationError(
            _(
                "Din organisation loggar in via sin egen inloggningstjänst, inte med lösenord i "
                "Löfteskollen. Välj ”Logga in med %(provider)s”."
            ),
            code="local_passwords_off",
            params={"provider": provider.display_name},
        )
