"""Sign-in by user name or e-mail address.

The text typed as user name is first a user name (exact, as Django's own backend); if no account
has it and it looks like an address, it is matched case-insensitively against the accounts'
e-mail addresses. An address that two accounts share is ambiguous and signs nobody in (the user
name still works). django-axes stays first in AUTHENTICATION_BACKENDS and counts failures by the
text as typed.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None and "@" in username:
            matches = list(User._default_manager.filter(email__iexact=username.strip())[:2])
            user = matches[0] if len(matches) == 1 else None
        if user is None:
            # As Django's backend does: hash anyway, so that timing tells no account apart.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
