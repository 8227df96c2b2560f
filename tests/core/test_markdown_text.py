import pytest

from facilitator.core.markdown_text import plain_text


@pytest.mark.parametrize("markdown, text", [
    ("Which one holds *us* back most?", "Which one holds us back most?"),
    ("**Strong**, __strong__ and ***both***", "Strong, strong and both"),
    ("_Emphasis_ and ~~struck~~ words", "Emphasis and struck words"),
    ("*nested **strong** inside*", "nested strong inside"),
    ("Run `pip install`", "Run pip install"),
    ("`` a ` tick ``", "a ` tick"),
    ("`*not emphasis* \\*`", "*not emphasis* \\*"),
    ("[The checklist](https://example.org/a_(b) \"Title\")", "The checklist"),
    ("[A reference][ref] link", "A reference link"),
    ("![Our logo](logo.png) Welcome", "Our logo Welcome"),
    ("[![badge](b.svg)](https://example.org)", "badge"),
    ("<https://example.org/x_y_z>", "https://example.org/x_y_z"),
    ("\\*not emphasis\\*", "*not emphasis*"),
    ("\\[not a link\\](x)", "[not a link](x)"),
    ("\\`not code\\`", "`not code`"),
    ("Q&amp;A &lt;b&gt; &#42;star&#42; &#x263A;", "Q&A <b> *star* \u263a"),
    ("<b>Bold</b> <span class='x'>words</span><br/>", "Bold words"),
    ("<!-- a note -->Kept", "Kept"),
    ("snake_case_name and 5 * 3 * 2", "snake_case_name and 5 * 3 * 2"),
    ("Unclosed *star and `tick", "Unclosed *star and `tick"),
    ("  Spaces \t and\nlines  ", "Spaces and lines"),
    ("Οδηγός **ιδιωτικότητας**", "Οδηγός ιδιωτικότητας"),
    ("\U000f0000 private *use*", "\U000f0000 private use"),
    ("", ""),
])
def test_a_title_reads_as_its_words(markdown, text):
    assert plain_text(markdown) == text


@pytest.mark.parametrize("markdown", ["*a*", "[a](b)", "`a`", "<i>a</i>", "&amp;"])
def test_no_markup_is_left(markdown):
    assert not set(plain_text(markdown)) & set("*[]()`<>;")
