from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def sign_in_choices():
    """The organisations' own sign-ins offered on the sign-in page (one query)."""
    return selectors.sign_in_choices()
