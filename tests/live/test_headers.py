"""Request heads are bounded in size and number of headers, on the real server."""

import socket

import pytest

from facilitator.live.headers import MAX_HEADER_BYTES, MAX_HEADERS


def _ask(server, headers: list[tuple[str, str]]) -> bytes:
    """Send one GET with these headers; the server's answer, or b"" if it cut us off."""
    head = "".join(f"{name}: {value}\r\n" for name, value in [("Host", "127.0.0.1"), *headers])
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        try:
            sock.sendall(f"GET /api/ping HTTP/1.1\r\n{head}Connection: close\r\n\r\n".encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, BrokenPipeError):
            return b""
    return answer


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    "headers",
    [
        [("X-Big", "a" * (MAX_HEADER_BYTES + 1))],
        [("X-Many", "a" * 200)] * 90,
        [(f"X-{n}", "1") for n in range(MAX_HEADERS + 1)],
    ],
    ids=["one-large", "large-in-total", "too-many"],
)
def test_a_head_past_the_bounds_gets_431(server, headers):
    answer = _ask(server, headers)
    assert _status(answer) == 431
    assert answer.endswith(b'{"error": "the request\'s headers are too large"}')


def test_a_megabyte_header_is_refused_quietly_and_the_server_carries_on(server, capfd):
    answer = _ask(server, [("X-Huge", "a" * 1_000_000)])
    assert answer == b"" or _status(answer) == 431
    assert _status(_ask(server, [])) == 200
    assert capfd.readouterr().err == ""


def test_a_head_within_the_bounds_is_answered(server):
    headers = [(f"X-{n}", "a" * 100) for n in range(MAX_HEADERS - 10)]
    assert _status(_ask(server, headers)) == 200


def test_requests_after_a_body_on_one_connection_are_answered(server):
    body = b'{"name": "Ana"}'
    request = (
        b"POST /api/ping HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\n\r\n%s" % (len(body), body)
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request * 3 + b"GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.count(b"HTTP/1.1 405") == 3 and answer.count(b"HTTP/1.1 200") == 1
