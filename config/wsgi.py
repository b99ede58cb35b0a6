import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings

# The app never serves with a missing or weak secret key: gunicorn stops here at start-up.
if settings.SECRET_KEY_PROBLEM:
    raise ImproperlyConfigured(settings.SECRET_KEY_PROBLEM)

application = get_wsgi_application()
