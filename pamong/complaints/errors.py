"""The one error type of the complaints domain."""


class ComplaintError(Exception):
    """A refused request; the message is for the user, in Indonesian."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ComplaintThrottled(ComplaintError):
    """Refused because the sender sent too much too quickly (answered with HTTP 429)."""
