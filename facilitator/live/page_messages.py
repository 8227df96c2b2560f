"""The words written in the pages' HTML, for `pybabel extract` (babel.cfg names it).

An element marked `data-t` shows its text through the catalogue (common.js
`translatePage`); `data-t-label` names an `aria-label` that does the same.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import IO, Any, Iterator


class _Marked(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._open: list[tuple[int, list[str]]] = []  # the marked elements being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marks = dict(attrs)
        line = self.getpos()[0]
        if marks.get("data-t-label"):
            self.found.append((line, str(marks["data-t-label"])))
        if "data-t" in marks:
            self._open.append((line, []))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            line, text = self._open.pop()
            self.found.append((line, "".join(text).strip()))


def extract_html(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    parser = _Marked()
    parser.feed(fileobj.read().decode("utf-8"))
    for line, message in parser.found:
        yield line, "", message, []
