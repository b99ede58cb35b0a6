"""What the report's document template reads from its snapshot (``followup.outline.arrange``)."""

from typing import Any

from django import template

from ..outline import arrange

register = template.Library()


@register.filter
def document_outline(doc: dict[str, Any]) -> dict[str, Any]:
    return arrange(doc)
