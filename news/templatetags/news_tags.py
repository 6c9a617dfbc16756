from django import template

register = template.Library()


@register.filter
def json_ld_safe(value):
    from django.utils.safestring import mark_safe

    return mark_safe(value)  # noqa: S308 - selectors.safe_json escaped <, > and &
