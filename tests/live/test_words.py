"""The pages' words from the server: one small request for a language's catalogue,
cached by the phone, and the server's refusals in the phone's language."""

import html
import re
from html.parser import HTMLParser
from importlib import resources

import pytest

from facilitator.core.translation import available_languages

STATIC = resources.files("facilitator.live") / "static"

TAGS = [language.tag for language in available_languages()]


@pytest.mark.parametrize("asked, locale", [
    ({"headers": {"accept-language": "de-AT,de;q=0.9"}}, "de"),
    ({"headers": {"accept-language": "zh-CN"}}, "zh-Hans"),
    ({"headers": {"accept-language": "ko"}}, "en"),
    ({"params": {"lang": "ar"}, "headers": {"accept-language": "de"}}, "ar"),  # the phone's own choice first
    ({"params": {"lang": "pt-BR"}}, "pt-BR"),
    ({"params": {"lang": "de;q=0"}}, "en"),
    ({"params": {"lang": "x" * 5000}}, "en"),
    ({}, "en"),
])
def test_a_page_gets_the_catalogue_of_the_language_it_asks_for(client, asked, locale):
    response = client.get("/api/words", **asked)
    assert response.status_code == 200
    words = response.json()
    assert words["locale"] == locale and [tag for tag, _ in words["languages"]] == TAGS
    assert bool(words["messages"]) == (locale != "en")


def test_the_catalogue_is_kept_by_the_phone_and_checked_again_in_one_small_request(client):
    first = client.get("/api/words", params={"lang": "ja"})
    assert first.headers["cache-control"] == "no-cache" and first.headers["etag"]
    again = client.get("/api/words", params={"lang": "ja"}, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/words", params={"lang": "de"}, headers={"if-none-match": first.headers["etag"]})
    assert other.status_code == 200 and other.json()["locale"] == "de"


@pytest.mark.parametrize("path", ["/api/words?lang=ar", "/static/phone.js", "/"])
def test_what_the_pages_load_is_sent_gzipped_to_a_browser_that_takes_it(client, path):
    plain = client.get(path, headers={"accept-encoding": "identity"})
    packed = client.get(path, headers={"accept-encoding": "gzip, deflate, br"})
    assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
    assert packed.content == plain.content  # as the browser reads it, unpacked
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    assert "accept-encoding" in packed.headers["vary"]


def _page(client, session, page: str, language: str | None):
    url = "/" if page == "phone" else f"/remote/{session.trainer_secret}"
    return client.get(url, headers={"accept-language": language} if language else {})


def _first_words(html: str) -> dict[str, str]:
    """What a page shows before (or without) its script: its language and direction,
    its title, and the words shown without JavaScript."""
    parser = _FirstWords()
    parser.feed(html)
    return parser.found


class _FirstWords(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: dict[str, str] = {}
        self.inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.found.update(lang=dict(attrs)["lang"], dir=dict(attrs).get("dir", ""))
        self.inside.append(tag)

    def handle_endtag(self, tag):
        self.inside.pop()

    def handle_data(self, data):
        for shown in ("title", "noscript"):
            if shown in self.inside and data.strip():
                self.found[shown] = data.strip()


@pytest.mark.parametrize("page, language, lang, direction, title, noscript", [
    ("phone", "fr-CH,fr;q=0.9", "fr", "ltr", "Rejoindre la session",
     "Cette page a besoin de JavaScript pour suivre la session."),
    ("phone", "ar", "ar", "rtl", "انضم إلى الجلسة", "تحتاج هذه الصفحة إلى JavaScript لمتابعة الجلسة."),
    ("phone", None, "en", "ltr", "Join the session", "This page needs JavaScript to follow the session."),
    ("remote", "fr", "fr", "ltr", "Télécommande du formateur",
     "La télécommande a besoin de JavaScript pour piloter la session."),
    ("remote", "ar", "ar", "rtl", "جهاز تحكم المدرب", "يحتاج جهاز التحكم إلى JavaScript لإدارة الجلسة."),
])
def test_a_page_is_in_the_phones_language_from_its_first_byte(client, session, page, language, lang,
                                                               direction, title, noscript):
    response = _page(client, session, page, language)
    assert response.status_code == 200
    assert _first_words(response.text) == {"lang": lang, "dir": direction, "title": title, "noscript": noscript}
    assert response.headers["content-language"] == lang
    # A cache keeps one copy per language (and encoding).
    assert {"accept-language", "accept-encoding"} <= {v.strip() for v in response.headers["vary"].split(",")}


@pytest.mark.parametrize("page", ["phone", "remote"])
def test_every_marked_word_of_a_served_page_keeps_its_english_for_the_script(client, session, page):
    # The script says each marked element again in the language chosen on the phone,
    # from the English kept in `data-t`.
    served = _page(client, session, page, "de").text
    source = (STATIC / f"{page}.html").read_text(encoding="utf-8")
    english = [html.unescape(m) for m in re.findall(r"data-t>([^<]*)<", source)]
    kept = [html.unescape(m) for m in re.findall(r'data-t="([^"]*)"', served)]
    assert kept == english and "data-t>" not in served
    assert "Verbinden…" in served if page == "remote" else "Wird geladen…" in served


@pytest.mark.parametrize("language, said", [
    (None, "no session with this code: check the code on the screen"),
    ("de-DE", "Keine Session mit diesem Code: Prüf den Code auf der Leinwand"),
    ("ar", "لا توجد جلسة بهذا الرمز: تحقّق من الرمز على الشاشة"),
])
def test_a_refusal_is_in_the_phones_language(client, language, said):
    headers = {"accept-language": language} if language else {}
    response = client.post("/api/NOPE/join", json={"name": "Ana"}, headers=headers)
    assert response.status_code == 404 and response.json() == {"error": said}


def test_a_rule_of_the_session_refuses_in_the_phones_language(join, api, session):
    phone = join("Ana")
    session.go_to_slide(next(s.index for s in session.workshop.deck.slides if s.exercise_id == "quiz"))
    poll = session.open_poll_for()
    session.close_poll()
    response = phone.post(api("answer"), json={"poll": poll.id, "answer": [0]}, headers={"accept-language": "ja"})
    assert response.status_code == 409 and response.json()["error"] == "この投票は締め切られました"
    english = phone.post(api("answer"), json={"poll": poll.id, "answer": [0]})
    assert english.json()["error"] == "this poll is closed"



def test_a_language_that_is_no_text_gets_english(client):
    response = client.get("/api/words?lang=%ED%A0%80%FF")
    assert response.status_code == 200 and response.json()["locale"] == "en"


@pytest.mark.parametrize("language, said", [
    (None, "your name is empty: it has only invisible characters"),
    ("de", "dein Name: Das Feld ist leer, es enthält nur unsichtbare Zeichen"),
    ("ja", "お名前が空です。見えない文字しかありません"),
])
def test_a_field_refused_names_the_field_in_the_phones_language(client, api, language, said):
    headers = {"accept-language": language} if language else {}
    response = client.post(api("join"), json={"name": "\u200b"}, headers=headers)
    assert response.status_code == 422 and response.json() == {"error": said, "field": "name"}


NB = "\u202f"  # French puts a narrow no-break space before a colon, and writes 4 096 with one
JSON = {"content-type": "application/json"}
# Each kind of bad request (the path it goes to, what it sends) and the French refusal.
BAD_REQUESTS = {
    "not JSON": ("answer", {"content": b"{}", "headers": {"content-type": "text/plain"}}, 415,
                 "envoyez du JSON (Content-Type: application/json)"),
    "too large": ("answer", {"content": b" " * 5000, "headers": JSON}, 413, f"la requête dépasse 4{NB}096 octets"),
    "broken JSON": ("answer", {"content": b'{"poll": ', "headers": JSON}, 400, "la requête n’est pas du JSON valide"),
    "not an object": ("answer", {"content": b"[1]", "headers": JSON}, 400, "envoyez un objet JSON"),
    "nested deep": ("answer", {"content": b"[" * 9 + b"]" * 9, "headers": JSON}, 400,
                    "la requête est imbriquée sur plus de 8 niveaux"),
    "NaN": ("answer", {"content": b'{"poll": NaN}', "headers": JSON}, 400,
            "la requête contient NaN, qui n’est pas un nombre JSON"),
    "a huge number": ("answer", {"content": b'{"poll": 1e300}', "headers": JSON}, 400,
                      f"un nombre de la requête est trop grand{NB}: au plus ±9{NB}007{NB}199{NB}254{NB}740{NB}991"),
    "an id not a number": ("answer", {"json": {"poll": "1"}}, 400, "`poll` doit être un nombre"),
    "no such poll": ("answer", {"json": {"poll": 999, "answer": 0}}, 404,
                     "il n’y a pas de sondage 999 dans cette session"),
    "a request id not text": ("post", {"json": {"poll": 1, "text": "x", "request_id": 7}}, 400,
                              "`request_id` doit être du texte"),
    "an upvote neither on nor off": ("upvote", {"json": {"item": 1, "on": "yes"}}, 400, "`on` doit valoir true ou false"),
    "a foreign page": ("answer", {"json": {"poll": 1}, "headers": {"origin": "http://evil.example"}}, 403,
                       f"cette requête vient de la page d’un autre site{NB}: utilisez la page de la session"),
    "another host": ("answer", {"json": {"poll": 1}, "headers": {"host": "evil.example"}}, 421,
                     f"ce serveur ne répond qu’à sa propre adresse{NB}: ouvrez l’adresse affichée à l’écran"),
}


@pytest.mark.parametrize("path, sent, status, said", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_each_bad_request_is_refused_in_the_phones_language(join, api, session, rows, path, sent, status, said):
    phone = join("Ana")
    before = rows(session.store)
    headers = {"accept-language": "fr-FR,fr;q=0.9", **sent.pop("headers", {})}
    response = phone.post(api(path), headers=headers, **sent)
    assert (response.status_code, response.json()["error"]) == (status, said)
    assert rows(session.store) == before


@pytest.mark.parametrize("method, path, status, said", [
    ("GET", "/static/nothing.js", 404, "introuvable"),
    ("GET", "/remote/not-the-secret", 404, "introuvable"),
    ("GET", "/api/{code}/answer", 405, "GET n’est pas autorisé ici"),
    ("POST", "/api/remote/{secret}/frobnicate", 404, "aucune action de télécommande 'frobnicate'"),
])
def test_what_no_page_asks_is_refused_in_the_phones_language_too(client, session, method, path, status, said):
    url = path.format(code=session.code, secret=session.trainer_secret)
    response = client.request(method, url, json={}, headers={"accept-language": "fr"})
    assert (response.status_code, response.json()["error"]) == (status, said)


def test_a_fault_is_said_in_the_phones_language(client, api, monkeypatch):
    from facilitator.live import phone_app

    def attendee_view(session, token):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(phone_app, "attendee_view", attendee_view)
    response = client.get(api("me"), headers={"accept-language": "fr"})
    assert response.status_code == 500
    assert response.json() == {"error": f"un problème est survenu sur l’ordinateur de l’animateur{NB}; réessayez"}


@pytest.mark.parametrize("path, sent, status, said", [
    ("items?poll={poll}", None, 422, "seuls les tableaux d’idées et de questions ont des éléments"),
    ("upvote", {"item": 999}, 404, "il n’y a pas d’élément 999 dans cette session"),
])
def test_the_sessions_rules_refuse_in_the_phones_language(join, api, open_poll, path, sent, status, said):
    phone = join("Ana")
    poll = open_poll("pick-one")
    headers = {"accept-language": "fr"}
    if sent is None:
        response = phone.get(api(path.format(poll=poll.id)), headers=headers)
    else:
        response = phone.post(api(path), json=sent, headers=headers)
    assert (response.status_code, response.json()["error"]) == (status, said)
