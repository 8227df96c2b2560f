"""The verification page's address: checked before it is stored, cleared with ""."""

import pytest

from facilitator.core.errors import InvalidInput
from facilitator.core.verification import PAGE_ADDRESS, page_address, remember_page_address

GOOD = "https://certs.example.org/verify.html"


@pytest.mark.parametrize("address", [GOOD, "http://intranet.local:8080/certificates/verify.html",
                                     "  https://example.org/v  "])
def test_an_http_or_https_address_is_remembered(fresh_store, address):
    remember_page_address(fresh_store, address)
    assert page_address(fresh_store) == address.strip()


@pytest.mark.parametrize("address", [
    "ftp://example.org/verify.html", "example.org/verify.html", "javascript:alert(1)",
    "https://", "https://example.org/verify.html#x", "https://exa mple.org/",
    "https://example.org/vérifier.html", "https://example.org:port/", "https://example.org/\x00",
    "https://example.org/" + "a" * 300, "https://example.org/\ud800", 42,
])
def test_a_bad_address_is_refused_and_changes_nothing(fresh_store, address):
    remember_page_address(fresh_store, GOOD)
    with pytest.raises(InvalidInput) as refused:
        remember_page_address(fresh_store, address)
    assert refused.value.field == PAGE_ADDRESS
    assert page_address(fresh_store) == GOOD


def test_an_empty_address_clears_it(fresh_store):
    remember_page_address(fresh_store, GOOD)
    remember_page_address(fresh_store, " ")
    assert page_address(fresh_store) == ""
