"""The organisation's verification page: one static HTML file that checks a
certificate's signature in the reader's browser, with no server of ours.

`facilitator verify-page --out DIR` writes it. The organisation puts it on any web host
or intranet and sets its address (core.verification); each certificate's QR code then
holds `ADDRESS#FCV1....`, so a phone camera opens the page with the signed facts after
`#`. The fragment never leaves the reader's browser (browsers do not send it to the
host), and the page asks nothing of the network: its style and script are inline, the
organisation's public keys are inside it, and its Content-Security-Policy allows only
those two inline blocks (by hash), so even a changed copy could not load anything.

The script decodes the payload (signing.py's format), verifies the Ed25519 signature with
WebCrypto against each of the keys, and says which of three things is true: valid (and
the facts), the facts do not match their signature (signed by one of these keys, then
changed), or not signed by this organisation. Everything it shows is set with
`textContent`. WebCrypto runs only in a secure context: the page must be served over
https (or opened from a file).

It speaks the reader's language: the page carries the words of every language there is
(only its own messages: those `pybabel extract` finds in verify_page.html), and its
script picks one from the browser's languages as `negotiate` does, or the one chosen on
the page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Sequence

from facilitator.core.translation import SOURCE_LOCALE, available_languages, messages_found_in, translator

from .certificates import write_bytes
from .signing import fingerprint, key_id, load_public_key, public_key_text

FILE_NAME = "verify.html"
_TEMPLATE = "verify_page.html"
_INLINE = re.compile(r"<(style|script)>(.*?)</\1>", re.DOTALL)
# Where the template found the page's messages.
MESSAGES_SOURCE = re.compile(r"facilitator/documents/verify_page\.html$")
# English dates as the certificate writes them ("12 March 2026"; core.wording), not
# the American order Intl gives plain "en".
_ENGLISH_DATES = "en-GB"


def _json_in_html(value) -> str:
    """JSON that cannot end the script element holding it, whatever a name contains."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _policy(page: str) -> str:
    """A Content-Security-Policy that allows the page's own inline style and script (by
    their SHA-256) and nothing else: no request of any kind."""
    hashes = {"style": [], "script": []}
    for kind, body in _INLINE.findall(page):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes[kind].append(f"'sha256-{digest}'")
    return ("default-src 'none'; "
            f"style-src {' '.join(hashes['style'])}; script-src {' '.join(hashes['script'])}; "
            "base-uri 'none'; form-action 'none'")


def verify_page_html(public_keys: Sequence, organisation: str = "") -> str:
    """The page for these public keys (anything signing.load_public_key takes: the
    current key first, then any older ones whose certificates are still out there)."""
    if not public_keys:
        raise ValueError("the verification page needs at least one public key")
    keys = [load_public_key(k) for k in public_keys]
    config = {
        "organisation": organisation,
        "keys": [{"id": key_id(k), "fingerprint": fingerprint(k), "raw": public_key_text(k).removeprefix("ed25519:")}
                 for k in keys],
    }
    template = resources.files(__package__).joinpath(_TEMPLATE).read_text(encoding="utf-8")
    page = template.replace("__KEYS__", _json_in_html(config)).replace("__WORDS__", _json_in_html(_words()))
    return page.replace("__POLICY__", _policy(page))


def _words() -> dict:
    """Every language's words for the page, by language tag, and the languages it offers
    (each named in itself)."""
    languages = available_languages()
    shown = messages_found_in(MESSAGES_SOURCE)
    catalogues = {}
    for language in languages:
        words = translator(language.code)
        dates = _ENGLISH_DATES if language.code == SOURCE_LOCALE else words.tag
        catalogues[language.tag] = {**words.words_for_page(shown), "dates": dates}
    return {"languages": [[language.tag, language.name] for language in languages], "catalogues": catalogues}


def write_verify_page(out_dir: Path | str, public_keys: Sequence, organisation: str = "") -> Path:
    """Write `verify.html` into `out_dir` (made if missing); returns its path."""
    path = Path(out_dir) / FILE_NAME
    write_bytes(path, verify_page_html(public_keys, organisation).encode("utf-8"))
    return path
