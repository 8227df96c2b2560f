"""The words written in the pages' HTML, for `pybabel extract` (babel.cfg names it).

An element marked `data-t` shows its text through the catalogue (common.js
`translatePage`); `data-t-label` names an `aria-label` that does the same. A page made
of one file (the verification page) has its script inline: its `t(...)` calls are read
as the JavaScript extractor reads a script file, with the section's keywords.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import IO, Any, Iterator

from babel.messages.extract import extract_javascript

# What a <script type> may say for a script that runs; any other type is data (JSON).
_SCRIPT_TYPES = {None, "", "text/javascript", "module"}


class _Marked(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.scripts: list[tuple[int, list[str]]] = []  # each inline script: its first line, its text
        self._open: list[tuple[int, list[str]]] = []  # the marked elements being read
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marks = dict(attrs)
        line = self.getpos()[0]
        if tag == "script" and marks.get("type") in _SCRIPT_TYPES:
            self.scripts.append((line, []))
            self._in_script = True
        if marks.get("data-t-label"):
            self.found.append((line, str(marks["data-t-label"])))
        if "data-t" in marks:
            self._open.append((line, []))

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1][1].append(data)
        elif self._open:
            self._open[-1][1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        elif self._open:
            line, text = self._open.pop()
            self.found.append((line, "".join(text).strip()))


def extract_html(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, str, Any, list[str]]]:
    parser = _Marked()
    parser.feed(fileobj.read().decode("utf-8"))
    for line, message in parser.found:
        yield line, "", message, []
    for line, text in parser.scripts:
        script = io.BytesIO("".join(text).encode("utf-8"))
        yield from extract_javascript(script, keywords, comment_tags, options, lineno=line)
