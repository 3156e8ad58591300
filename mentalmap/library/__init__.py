"""Seeds from what a researcher already has: a BibTeX, RIS, CSL-JSON or plain-list library.

:func:`read_library` reads the file into entries; :func:`resolve_library` matches them to
Semantic Scholar papers (ids by batch, titles by S2's title match, each with a confidence);
:func:`fix_lines` lists what did not match, as a file to correct and feed back.
"""

from mentalmap.library.entries import Entry, Library, normal_title
from mentalmap.library.fixfile import fix_lines, write_fix_file
from mentalmap.library.formats import FORMATS, read_library, sniff_format
from mentalmap.library.resolve import Match, Resolution, resolve_library, title_similarity
from mentalmap.safe_text import one_line

__all__ = [
    "FORMATS",
    "Entry",
    "Library",
    "Match",
    "Resolution",
    "fix_lines",
    "normal_title",
    "one_line",
    "read_library",
    "resolve_library",
    "sniff_format",
    "title_similarity",
    "write_fix_file",
]
