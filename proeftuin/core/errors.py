from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the programme refused a change; `message` is translated for the user."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message
