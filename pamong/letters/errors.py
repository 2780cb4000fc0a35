class LetterError(Exception):
    """A refused letter action, with a message for the user (Indonesian) and the field at fault."""

    def __init__(self, message, *, code: str, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.field = field
