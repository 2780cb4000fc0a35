from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .models import User
from .phones import looks_like_phone, normalize_phone


def find_user_by_identifier(identifier: str) -> User | None:
    """The active or inactive user whose email or phone number is ``identifier``."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if looks_like_phone(identifier):
        try:
            return User.objects.filter(phone=normalize_phone(identifier)).first()
        except ValidationError:
            return None
    return User.objects.filter(email__iexact=identifier).first()


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with an email address or an Indonesian phone number, plus the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user_by_identifier(username or kwargs.get("email") or "")
        if user is None:
            # Run the hasher anyway so the response time does not tell whether the account exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
