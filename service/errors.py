"""Domain errors (业务错误): a request or command that cannot be done, with a Chinese message the user can
act on. The workbench's services raise these and know nothing of HTTP; the API maps each kind to a status
(service/web.py: `status_of`), the CLI prints the message and exits 2."""

from __future__ import annotations


class JiaoduError(Exception):
    """Base of the domain errors; `message` is the Chinese sentence shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(JiaoduError):
    """The input is empty or not what it should be (an empty upload, a file that is no archive)."""


class Invalid(JiaoduError):
    """A value breaks a rule (a score out of range, a missing reason, a query that does not parse)."""


class TooLarge(JiaoduError):
    """The input is over a size limit."""


class NotLoggedIn(JiaoduError):
    """No session, or a wrong name or password; `challenge` names the scheme a client should use."""

    def __init__(self, message: str, challenge: str | None = None):
        super().__init__(message)
        self.challenge = challenge


class Forbidden(JiaoduError):
    """The user may not do this (a role, a region, a stale form)."""


class NotFound(JiaoduError):
    """No such thing, or not one the user may see."""


class Conflict(JiaoduError):
    """Not now: the thing is in a state that does not allow it (queued, not yet processed)."""


class TooManyAttempts(JiaoduError):
    """Throttled; try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(JiaoduError):
    """Temporarily unavailable (the search index is being rebuilt); try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
