"""How the map is opened in Debian's headless chromium (browser tests, benchmark, screenshots).

Without the background-networking flags chromium keeps trying to reach Google's services, which
a closed network refuses; they would also count as requests the map did not make.
"""

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def block_outside(page, url: str) -> list[str]:  # noqa: ANN001  (a playwright Page)
    """Abort every request of ``page`` but the one for ``url``; the list fills with the aborted
    URLs, so a test or benchmark can require that the map made none."""
    blocked: list[str] = []

    def route(r) -> None:  # noqa: ANN001
        if r.request.url == url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked
