"""Fixtures the documents' tests share."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@pytest.fixture(scope="session")
def key() -> Ed25519PrivateKey:
    """A fixed signing key, so that certificate numbers and PDFs are the same every run."""
    return Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


@pytest.fixture(scope="session")
def other_key() -> Ed25519PrivateKey:
    """Another organisation's key."""
    return Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
