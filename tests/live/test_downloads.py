"""Phone downloads at the end of a session: the handout and the attendee's own certificate."""

import asyncio
import io
import re
from dataclasses import replace
from urllib.parse import unquote

import aiohttp
import pytest
from pypdf import PdfReader

from facilitator.core.translation import translator
from facilitator.documents.jobs import HandoutJob
from facilitator.documents.signing import verify
from facilitator.live.downloads import CERTIFICATE_FILE, WORKERS, attachment
from facilitator.live.server import LiveServer


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def number_in(pdf: bytes) -> str:
    return re.search(r"FAC-\d{4}-\d{4}-[0-9A-Z]{4}", text_of(pdf)).group()


def filename_star(response) -> str:
    return unquote(response.headers["content-disposition"].split("filename*=UTF-8''")[1])


@pytest.fixture(autouse=True)
def served(client):
    """The app's lifespan runs: it follows the session, and stops its workers at the end."""
    yield


# -- before the end ------------------------------------------------------------------


@pytest.mark.parametrize("what", ["handout.pdf", "certificate.pdf"])
def test_nothing_before_the_session_ends(join, api, session, rows, key_path, what):
    phone = join("Ana")
    before = rows(session.store)
    response = phone.get(api(what))
    assert response.status_code == 409
    assert response.json() == {"error": "the handout and certificates are ready once the session has ended"}
    assert rows(session.store) == before
    assert not key_path.exists()


# -- the handout -----------------------------------------------------------------------


def test_the_handout_is_a_pdf_of_the_workshop(join, api, session):
    phone = join("Ana")
    session.end()
    response = phone.get(api("handout.pdf"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "Test workshop" in text_of(response.content)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Action ideas - Test workshop.pdf"; ')
    assert filename_star(response) == "Action ideas - Test workshop.pdf"


@pytest.mark.parametrize("what", ["handout.pdf", "certificate.pdf"])
def test_a_pdf_is_kept_by_no_one_on_the_way(join, api, session, what):
    phone = join("Ana")
    session.end()
    headers = phone.get(api(what)).headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert int(headers["content-length"]) > 1000


def test_each_phones_handout_is_drawn_once(join, api, session, pdf_workers):
    phones = [join(f"P{n}") for n in range(3)]
    session.end()
    pdfs = [phone.get(api("handout.pdf")).content for phone in phones + phones]
    assert pdfs[:3] == pdfs[3:] and len(set(pdfs)) == 3
    assert [type(job) for job in pdf_workers.jobs] == [HandoutJob] * 3


def token_of(phone, session) -> str:
    return phone.cookies.get(f"facilitator_{session.code}")


def test_a_phones_handout_opens_with_its_own_page(join, api, session, open_poll):
    ana, ben = join("Ana"), join("Ben")
    board = open_poll("ideas")
    mine = session.post(token_of(ana, session), board.id, "Lock screens")
    theirs = session.post(token_of(ben, session), board.id, "Share the brand guide")
    session.upvote(token_of(ana, session), theirs.id)
    session.end()
    response = ana.post(api("commitment"), json={"idea": mine.id, "due": "Friday"})
    assert response.json() == {"action": "Lock screens", "due": "Friday", "idea": mine.id}
    first, *rest = PdfReader(io.BytesIO(ana.get(api("handout.pdf")).content)).pages
    page = first.extract_text()
    assert "YOUR COMMITMENT" in page and "Ana" in page and "Friday" in page
    assert page.index("Lock screens") < page.index("The ideas you posted") < page.index(
        "The ideas you upvoted") < page.index("Share the brand guide")
    assert "ACTION IDEAS HANDOUT" in rest[0].extract_text()


def test_a_changed_commitment_is_in_the_next_download(join, api, session):
    phone = join("Ana")
    session.end()
    phone.post(api("commitment"), json={"action": "Ask for a lock screen", "due": "Monday"})
    assert "Monday" in text_of(phone.get(api("handout.pdf")).content)
    phone.post(api("commitment"), json={"action": "Ask for a lock screen", "due": "Tuesday"})
    assert "Tuesday" in text_of(phone.get(api("handout.pdf")).content)


def test_the_handout_follows_a_change_after_the_end(join, api, session, open_poll):
    phone = join("Ana")
    board = open_poll("ideas")
    item = session.post(phone.cookies.get(f"facilitator_{session.code}"), board.id, "Lock screens")
    session.end()
    assert "Lock screens" in text_of(phone.get(api("handout.pdf")).content)
    session.moderate(item.id, hidden=True)  # the trainer hides it after the end
    assert "Lock screens" not in text_of(phone.get(api("handout.pdf")).content)


# -- certificates ------------------------------------------------------------------------


def test_a_certificate_names_its_attendee_and_is_recorded(join, api, session, key_path, tmp_path):
    phone = join("Zoë Martin")
    session.end()
    response = phone.get(api("certificate.pdf"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "Zoë Martin" in text_of(response.content)
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="Certificate - Zoe Martin.pdf"; ')
    assert filename_star(response) == "Certificate - Zoë Martin.pdf"
    [record] = session.store.certificates(session.id)
    assert record.name == "Zoë Martin" and record.number == number_in(response.content)
    assert record.attendee_id == session.attendees()[0].id and record.pdf_sha256
    # Signed with the key the server was given, and checkable with it.
    saved = tmp_path / "mine.pdf"
    saved.write_bytes(response.content)
    [verified] = verify(saved, key_path=key_path)
    assert verified.number == record.number and verified.name == "Zoë Martin"


def test_a_reprint_is_the_same_certificate(join, api, session):
    phone = join("Ana")
    session.end()
    first = phone.get(api("certificate.pdf")).content
    again = phone.get(api("certificate.pdf")).content
    assert again == first
    assert len(session.store.certificates(session.id)) == 1


def test_a_corrected_name_keeps_the_number(join, api, session):
    phone = join("Jon Smtih")
    session.end()
    first = phone.get(api("certificate.pdf")).content
    assert phone.post(api("name"), json={"name": "Jon Smith"}).status_code == 200
    second = phone.get(api("certificate.pdf")).content
    assert "Jon Smith" in text_of(second) and "Smtih" not in text_of(second)
    assert number_in(second) == number_in(first)
    [record] = session.store.certificates(session.id)
    assert [h.name for h in session.store.certificate_history(record.id)] == ["Jon Smtih"]


def test_a_hostile_name_prints_as_typed(join, api, session):
    phone = join("<img src=x>")
    session.end()
    response = phone.get(api("certificate.pdf"))
    assert "<img src=x>" in text_of(response.content)
    assert filename_star(response) == "Certificate - img src=x.pdf"


def test_each_phone_gets_only_its_own_certificate(join, api, session):
    ana, bo = join("Ana Alpha"), join("Bo Beta")
    session.end()
    ana_id = session.attendees()[0].id
    mine = text_of(bo.get(api(f"certificate.pdf?attendee={ana_id}")).content)
    assert "Bo Beta" in mine and "Ana Alpha" not in mine
    assert "Ana Alpha" in text_of(ana.get(api("certificate.pdf")).content)
    assert len(session.store.certificates(session.id)) == 2


@pytest.mark.parametrize("what", ["handout.pdf", "certificate.pdf"])
def test_a_phone_that_has_not_joined_gets_nothing(client, api, session, phone_server, what):
    session.join("Ana")
    session.end()
    response = client.get(api(what))
    assert response.status_code == 401 and response.json() == {"error": "join the session first"}
    client.cookies.set(phone_server.cookie, "made-up-token")
    assert client.get(api(what)).status_code == 401
    assert session.store.certificates(session.id) == []


def test_a_wrong_code_is_not_found(join, session):
    phone = join("Ana")
    session.end()
    response = phone.get("/api/WRONG/certificate.pdf")
    assert response.status_code == 404 and "no session with this code" in response.json()["error"]


def test_a_name_no_font_can_print_asks_for_a_change(join, api, session, rows, key_path):
    phone = join("Ana")
    # As an older version, which took any text, may have stored it.
    session.store.rename_attendee(session.attendees()[0].id, "Ana \u0e2a")
    session.end()
    before = rows(session.store)
    response = phone.get(api("certificate.pdf"))
    assert response.status_code == 422
    message = response.json()["error"]
    assert message == (
        "your name cannot be printed on a certificate: no font here can print \u0e2a."
        " Change your name below, or ask the trainer"
    )
    assert rows(session.store) == before and not key_path.exists()
    phone.post(api("name"), json={"name": "Ana"})  # the fix the message suggests
    assert phone.get(api("certificate.pdf")).status_code == 200


def test_a_worker_that_dies_costs_one_download(join, api, session, pdf_workers):
    phone = join("Ana")
    session.end()
    assert phone.get(api("certificate.pdf")).status_code == 200
    for process in pdf_workers.started[-1].processes():
        process.kill()
        process.join()
    response = phone.get(api("certificate.pdf"))
    assert response.status_code in (200, 503)  # 503 when the loss is noticed mid-way
    if response.status_code == 503:
        assert "try again" in response.json()["error"]
    assert phone.get(api("certificate.pdf")).status_code == 200


def test_an_unreadable_key_is_a_clear_error_not_a_crash(join, api, session, key_path):
    key_path.write_text("not a key")
    phone = join("Ana")
    session.end()
    response = phone.get(api("certificate.pdf"))
    assert response.status_code == 503 and "try again" in response.json()["error"]
    assert session.store.certificates(session.id) == []


def test_a_logo_gone_since_loading_issues_no_certificate(join, api, session, tmp_path):
    phone = join("Ana")
    session.reload(replace(session.workshop, deck=replace(session.workshop.deck, logo=tmp_path / "gone.png")))
    session.end()
    response = phone.get(api("certificate.pdf"))
    assert response.status_code == 503 and "try again" in response.json()["error"]
    assert session.store.certificates(session.id) == []


def test_a_pdf_that_cannot_be_made_goes_to_the_fault_log_once_not_to_the_terminal(
    join, api, session, key_path, fault_log, caplog,
):
    key_path.write_text("not a key")
    phone = join("Ana")
    session.end()
    for _ in range(3):  # the whole room asking at the end
        assert phone.get(api("certificate.pdf")).status_code == 503
    assert caplog.records == []  # what would reach the terminal
    logged = fault_log.read_text(encoding="utf-8")
    assert logged.count("making a PDF for a phone failed") == 1
    assert logged.count("PdfFailed: the signing key cannot be used") == 1


def test_downloads_are_get_only(join, api, session):
    phone = join("Ana")
    session.end()
    response = phone.post(api("certificate.pdf"), json={})
    assert response.status_code == 405 and response.headers["content-type"] == "application/json"


# -- file names ----------------------------------------------------------------------------


@pytest.mark.parametrize("detail, plain, full", [
    ("Zoë", "Certificate - Zoe.pdf", "Certificate - Zoë.pdf"),
    ("李雷", "Certificate.pdf", "Certificate - 李雷.pdf"),
    ('a/b\\c:"d"', "Certificate - a b c d.pdf", "Certificate - a b c d.pdf"),
    ("", "Certificate.pdf", "Certificate.pdf"),
    ("x" * 200, f"Certificate - {'x' * 80}.pdf", f"Certificate - {'x' * 80}.pdf"),
])
def test_file_names_are_safe_with_an_ascii_fallback(detail, plain, full):
    disposition = attachment(CERTIFICATE_FILE, detail, translator("en"))
    assert disposition.startswith(f'attachment; filename="{plain}"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("UTF-8''")[1]) == full
    assert all(32 <= ord(c) < 127 for c in disposition)


@pytest.mark.parametrize("what, detail, language, plain, full", [
    ("handout.pdf", "Test workshop", "de", "Action ideas - Test workshop.pdf", "Ideen für die Praxis - Test workshop.pdf"),
    ("certificate.pdf", "Zoë Martin", "ja", "Certificate - Zoe Martin.pdf", "修了証 - Zoë Martin.pdf"),
    ("certificate.pdf", "Zoë Martin", "ar", "Certificate - Zoe Martin.pdf", "شهادة - Zoë Martin.pdf"),
])
def test_a_download_is_named_in_the_phones_language(join, api, session, what, detail, language, plain, full):
    phone = join("Zoë Martin")
    session.end()
    response = phone.get(api(what), headers={"accept-language": language})
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith(f'attachment; filename="{plain}"; ')
    assert filename_star(response) == full


# -- a whole room at once, on the real server ----------------------------------------------


def test_a_room_downloading_at_once_shares_a_few_workers(session, tmp_path, pdf_workers):
    people = [session.join(f"Person {n}") for n in range(40)]
    session.end()
    key_path = tmp_path / "room-key.pem"
    pending_after_pings, workers = [], []

    async def room(server: LiveServer):
        base = f"{server.base_url}/api/{session.code}"

        async def download(attendee, what):
            async with aiohttp.ClientSession(cookies={server.phone_server.cookie: attendee.token}) as http:
                async with http.get(f"{base}/{what}.pdf") as response:
                    assert response.status == 200, await response.text()
                    return await response.read()

        handouts = [asyncio.create_task(download(a, "handout")) for a in people]
        certificates = [asyncio.create_task(download(a, "certificate")) for a in people]
        everything = handouts + certificates
        await asyncio.wait(everything, return_when=asyncio.FIRST_COMPLETED)  # the room is at it
        async with aiohttp.ClientSession() as http:
            for _ in range(5):
                async with http.get(f"{server.base_url}/api/ping") as response:
                    assert response.status == 200
        pending_after_pings.append(sum(not task.done() for task in everything))
        result = await asyncio.gather(asyncio.gather(*handouts), asyncio.gather(*certificates))
        workers.extend(p for pool in pdf_workers.started for p in pool.processes())
        return result

    with LiveServer(session, host="127.0.0.1", port=0, key_path=key_path,
                    start_pdf_workers=pdf_workers) as server:
        handouts, certificates = asyncio.run(room(server))
    # Each phone's own: its first page names its attendee.
    firsts = [PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines() for pdf in handouts]
    assert all(a.name in lines for a, lines in zip(people, firsts))
    numbers = [number_in(pdf) for pdf in certificates]
    assert len(set(numbers)) == len(people)
    assert [c.number for c in session.store.certificates(session.id)] == sorted(numbers)
    assert key_path.exists()
    assert pending_after_pings[0] > 0  # the server answered others before the room was served
    assert 1 <= len(workers) <= WORKERS
    assert not any(w.is_alive() for w in workers)  # stopped with the server


def test_one_phones_bad_commitment_fails_no_one_elses(join, api, session):
    ana, ben = join("Ana"), join("Ben")
    session.end()
    refused = ana.post(api("commitment"), json={"due": "Friday"})
    saved = ben.post(api("commitment"), json={"action": "Ask IT", "due": "Friday"})
    assert refused.status_code == 422 and refused.json()["field"] == "action"
    assert saved.status_code == 200 and [c.action for c in session.commitments()] == ["Ask IT"]
