from django import template

from pamong.villages.nik import mask

register = template.Library()


@register.filter
def shown(number: str, full: bool) -> str:
    """``{{ resident.nik|shown:full }}``: the number for the village's operators, masked for others."""
    return number if full else mask(number)
