"""Template helpers for the shared components in templates/components/."""

from django import template

register = template.Library()


@register.filter
def has_required_fields(form) -> bool:
    """Whether any visible field of the form is required (to explain the * mark)."""
    return any(field.field.required for field in form.visible_fields())


@register.simple_tag
def elided_page_range(page_obj, on_each_side: int = 2, on_ends: int = 1) -> list:
    """Page numbers around the current page, with Paginator.ELLIPSIS for the gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))
