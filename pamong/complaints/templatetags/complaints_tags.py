from django import template

from pamong.complaints.transitions import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
