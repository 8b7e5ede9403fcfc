"""Errors the user can act on. The CLI turns each into one line on stderr and exit 2."""


class ContractlensError(Exception):
    """Base for every error caused by input, environment or usage (never a bug)."""


class InputError(ContractlensError):
    """The document or argument given cannot be analysed (missing, empty, binary, ...)."""


class FetchError(ContractlensError):
    """A URL could not be fetched (timeout, refused address, HTTP error, robots.txt).

    `status` is the HTTP status when the server answered with an error, else None.
    """

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class ScriptShell(FetchError):
    """The page is an empty shell its scripts fill in; `page` is what the server sent (a FetchResult)."""

    def __init__(self, message: str, page=None):
        super().__init__(message)
        self.page = page


class RenderError(FetchError):
    """A page could not be rendered in headless Chromium (none installed, time limit, crash)."""


class ModelError(ContractlensError):
    """A model file is missing, corrupt or fails its integrity check."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while a scan ran: it stops as on Ctrl-C (see scan/lifeline.py)."""
