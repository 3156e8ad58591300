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
