"""Who may do what, decided in one place for the account-level pages.

Domain apps keep their own accessors (``reports_visible_to(user)`` …) and build on the role
predicates here, so "is this person staff of this village/agency" has one definition.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role, User

# Everyone employed by the government side.
STAFF_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.OFFICER, Role.COORDINATOR, Role.LEADERSHIP, Role.ADMIN})
# Roles that see everything in the regency (leadership read-only).
REGENCY_WIDE_ROLES = frozenset({Role.COORDINATOR, Role.LEADERSHIP, Role.ADMIN})


def has_role(user: User, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def is_staff(user: User) -> bool:
    return has_role(user, *STAFF_ROLES)


def can_operate_village(user: User, village) -> bool:
    """The village operator of exactly this village, or an admin."""
    if has_role(user, Role.ADMIN):
        return True
    return has_role(user, Role.VILLAGE_OPERATOR) and user.village_id == village.pk


def can_work_for_agency(user: User, agency) -> bool:
    """An officer of this agency or of an agency above it (a dinas works its sub-units' files)."""
    if not has_role(user, Role.OFFICER):
        return False
    unit = agency
    while unit is not None:
        if unit.pk == user.agency_id:
            return True
        unit = unit.parent
    return False


def role_required(*roles: str) -> Callable:
    """View decorator: anonymous visitors go to sign-in, signed-in users of other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
