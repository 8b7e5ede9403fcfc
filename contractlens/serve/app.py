"""The Starlette application: pages + API behind the loopback guard, sharing one store and checker."""

from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette

from . import api, pages
from .checks import Checker
from .config import ServeConfig, load_or_create_token
from .jobs import Jobs
from .profiles import Profiles
from .security import Guard
from .store import Store


def create_app(config: ServeConfig):
    """The ASGI application for `config`: creates the home directory, token and database on first start."""
    token = load_or_create_token(config.token_path)
    jobs = Jobs()

    @asynccontextmanager
    async def lifespan(app):
        yield
        jobs.close()

    app = Starlette(routes=api.ROUTES + pages.ROUTES, lifespan=lifespan)
    app.state.config = config
    app.state.store = Store(config.db_path)
    app.state.profiles = Profiles(config.profiles_dir)
    app.state.checker = Checker(config, app.state.store, app.state.profiles)
    app.state.jobs = jobs
    guarded = Guard(app, config, token)
    guarded.state = app.state  # tests and the command reach the store through the guarded app too
    return guarded
