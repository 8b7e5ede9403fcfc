"""`contractlens serve`: the local web application and API for the browser extension (thin over serve/)."""

from __future__ import annotations

import click

from ..errors import InputError


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (the server never listens on another address).")
@click.option("--open", "open_browser", is_flag=True, help="Open the start page in your web browser.")
@click.option("--allow-private", is_flag=True, help="Allow checking private and loopback addresses (a local site).")
@click.option("--rate-limit", type=click.FloatRange(0), default=20.0, show_default=True,
              help="Requests per second per client after a burst of 120 (0: no limit).")
@click.option("--max-upload", type=click.IntRange(1024), default=5 * 1024 * 1024, show_default=True,
              help="Largest request body in bytes (an uploaded document or profile).")
@click.option("--extension-origin", "extension_origins", multiple=True, metavar="ORIGIN",
              help="Grant CORS only to this extension origin (repeatable; default: any browser extension).")
@click.option("--render", type=click.Choice(["auto", "never", "always"]), default="auto", show_default=True,
              help="When to read a page in headless Chromium, as `check --render`.")
def serve(port, open_browser, allow_private, rate_limit, max_upload, extension_origins, render):
    """Serve contractlens on 127.0.0.1 for your browser and the extension (Ctrl-C stops it)."""
    import socket

    import uvicorn

    from ..serve import ServeConfig, create_app

    config = ServeConfig(port=port, allow_private=allow_private, rate_limit=rate_limit, max_upload=max_upload,
                         extension_origins=tuple(extension_origins), render=render)
    app = create_app(config)
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise InputError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    token = config.token_path.read_text(encoding="ascii").strip()
    start_page = f"{config.address()}/?token={token}"
    click.echo(f"contractlens: listening on {config.address()}", err=True)
    click.echo(f"contractlens: token file {config.token_path} (paste its contents in the extension's options)",
               err=True)
    click.echo(f"contractlens: open {start_page}", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(start_page)
    # no proxy headers: the client is the socket's peer, never what an X-Forwarded-For header claims
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, proxy_headers=False,
                server_header=False)
