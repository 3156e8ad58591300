"""The one way the CLI prints: text from S2 or a store never reaches the terminal raw.

A title can hold escape sequences (clear the screen, set the window title, an OSC 8 link that
shows one address and opens another); :func:`echo` passes everything through
:func:`mentalmap.safe_text.terminal_text` first. Light on imports, so ``read`` starts fast.
"""

from __future__ import annotations

from typing import IO

import click

from mentalmap.safe_text import terminal_text


def echo(
    message: object = "", *, err: bool = False, nl: bool = True, file: IO[str] | None = None
) -> None:
    """``click.echo`` of ``message`` with its control characters and escape sequences removed."""
    click.echo(terminal_text(str(message)), file=file, nl=nl, err=err)
