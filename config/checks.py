"""`manage.py check --deploy` fails on a secret key that the app would refuse to serve with."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    problem = settings.SECRET_KEY_PROBLEM
    return [Error(problem, id="lofteskollen.E001")] if problem else []
