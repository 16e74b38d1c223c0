"""Errors a user can be shown as they are: one clear sentence, no traceback."""

from __future__ import annotations


class InputError(ValueError):
    """A file or argument that cannot be read; ``str(err)`` is the message for the user.

    ``code`` is a short stable slug (``empty``, ``binary``, ``too_large``, ...) for tests and logs.
    """

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code
