"""A forgiving BibTeX reader: the fields a seed needs, entry by entry, broken entries named.

Exports from Zotero, Mendeley, JabRef and hand-kept ``.bib`` files start every entry on its own
line, so the text is cut at each line that opens with ``@`` and every piece is read alone: an
entry with unbalanced braces is reported (with its line) and skipped, and the rest still reads.
Values lose their braces and the common LaTeX accents become letters (``{\\"o}`` → ``ö``), so
titles can be compared with what Semantic Scholar holds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from mentalmap.export.references import unescape_latex

_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_HEAD = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])")
_NAME = re.compile(r"[A-Za-z][\w\-:.+/]*")
_SKIPPED_TYPES = frozenset({"comment", "preamble", "string"})

#: LaTeX accent command → the Unicode combining mark it stands for.
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}  # fmt: skip
_ACCENT_RE = re.compile(
    r"\\([\"'`^~=.]|[uvHckr](?![A-Za-z]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))"
)
_LETTER_RE = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])\s*(?:\{\})?")
_ESCAPED_RE = re.compile(r"\\([&%$#_{}])")
_COMMAND_RE = re.compile(r"\\[A-Za-z]+\*?\s*")


@dataclass(frozen=True)
class BibEntry:
    """One entry: its type, key, first line (1-based) and fields (lower-case names)."""

    kind: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BrokenEntry:
    """A piece of the file that is not a readable entry, and why."""

    line: int
    key: str
    reason: str


def read_bibtex(text: str) -> tuple[list[BibEntry], list[BrokenEntry]]:
    """Every readable entry of ``text`` in file order, and every broken one.

    >>> entries, broken = read_bibtex('@article{a, title={Deep {L}earning}, year=2015}')
    >>> entries[0].fields["title"], entries[0].fields["year"], broken
    ('Deep Learning', '2015', [])
    """
    entries: list[BibEntry] = []
    broken: list[BrokenEntry] = []
    starts = [m.start() for m in _START.finditer(text)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        line = text.count("\n", 0, start) + 1
        chunk = text[start:end].lstrip()
        try:
            entry = _read_entry(chunk, line)
        except _Broken as exc:
            broken.append(BrokenEntry(line, exc.key, exc.reason))
            continue
        if entry is not None:
            entries.append(entry)
    return entries, broken


class _Broken(Exception):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def _read_entry(chunk: str, line: int) -> BibEntry | None:
    head = _HEAD.match(chunk)
    if head is None:
        raise _Broken("", "no entry type and opening brace after '@'")
    kind = head.group(1).lower()
    if kind in _SKIPPED_TYPES:
        return None
    close = "}" if head.group(2) == "{" else ")"
    pos = head.end()
    comma = chunk.find(",", pos)
    if comma < 0:
        raise _Broken(chunk[pos:].strip()[:40], "no comma after the entry key")
    key = chunk[pos:comma].strip()
    if not key or any(c in key for c in "{}=\n"):
        raise _Broken(key[:40], "no entry key before the first field")
    reader = _Cursor(chunk, comma + 1, key)
    fields: dict[str, str] = {}
    while True:
        reader.skip_space_and(",")
        if reader.at(close):
            break
        name = reader.name()
        reader.expect("=")
        fields.setdefault(name.lower(), clean_value(reader.value()))
    return BibEntry(kind, key, line, fields)


class _Cursor:
    """Reads the fields of one entry; any surprise is a :class:`_Broken` naming the entry."""

    def __init__(self, text: str, pos: int, key: str) -> None:
        self.text = text
        self.pos = pos
        self.key = key

    def fail(self, reason: str) -> _Broken:
        return _Broken(self.key, reason)

    def skip_space_and(self, chars: str = "") -> None:
        while self.pos < len(self.text) and (
            self.text[self.pos].isspace() or self.text[self.pos] in chars
        ):
            self.pos += 1

    def at(self, char: str) -> bool:
        if self.pos >= len(self.text):
            raise self.fail("the entry is not closed (a brace is missing)")
        return self.text[self.pos] == char

    def name(self) -> str:
        match = _NAME.match(self.text, self.pos)
        if match is None:
            raise self.fail(
                f"a field name was expected, found {self.text[self.pos : self.pos + 12]!r}"
            )
        self.pos = match.end()
        return match.group()

    def expect(self, char: str) -> None:
        self.skip_space_and()
        if not self.at(char):
            raise self.fail(f"'{char}' was expected after a field name")
        self.pos += 1
        self.skip_space_and()

    def value(self) -> str:
        parts: list[str] = []
        while True:
            self.skip_space_and()
            if self.at("{"):
                parts.append(self._delimited("{", "}"))
            elif self.at('"'):
                parts.append(self._delimited('"', '"'))
            else:
                match = _NAME.match(self.text, self.pos) or re.compile(r"\d+").match(
                    self.text, self.pos
                )
                if match is None:
                    raise self.fail("a field value was expected")
                self.pos = match.end()
                parts.append(match.group())  # a number, or a @string macro kept by name
            self.skip_space_and()
            if not self.at("#"):
                return "".join(parts)
            self.pos += 1

    def _delimited(self, open_: str, close: str) -> str:
        depth = 0
        start = self.pos + 1
        i = self.pos + 1
        while i < len(self.text):
            char = self.text[i]
            if char == "\\":
                i += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}" and (depth > 0 or close != "}"):
                depth -= 1
                if depth < 0:
                    raise self.fail("a closing brace has no opening one")
            elif char == close and depth == 0:
                self.pos = i + 1
                return self.text[start:i]
            i += 1
        raise self.fail("a value is not closed (a brace or quote is missing)")


def clean_value(value: str) -> str:
    """A BibTeX value as plain text: accents as letters, braces and commands gone.

    >>> clean_value(r"G{\\"o}del's {T}heorem \\& {\\em Friends}")
    "Gödel's Theorem & Friends"
    """
    # our own export's escapes first; its literal braces hide from the brace stripping below
    text = re.sub(r"\\text(brace(?:left|right))\{\}", lambda m: f"\x00{m[1]}\x00", value)
    text = unescape_latex(text)
    text = _ACCENT_RE.sub(_accented, text)
    text = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _ESCAPED_RE.sub(r"\1", text)
    text = _COMMAND_RE.sub("", text)
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    text = text.replace("\x00braceleft\x00", "{").replace("\x00braceright\x00", "}")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _accented(match: re.Match[str]) -> str:
    letter = (match.group(2) or match.group(3)).lstrip("\\")
    return unicodedata.normalize("NFC", letter + _ACCENTS[match.group(1)])
