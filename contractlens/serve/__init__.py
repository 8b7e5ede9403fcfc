"""`contractlens serve`: the local web application and JSON API the browser extension talks to.

A runtime wing of its own (DESIGN §1, §6): it calls the library's public API (analyze, the
check-result JSON, discovery, profiles) and adds what a server on the person's own machine
needs: a store of analyses, jobs with progress, and the defences of a loopback service.
"""

from .app import create_app
from .config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
