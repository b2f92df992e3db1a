from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backchannel.documents import (
    document_id,
    guess_language,
    make_document,
    parse_date,
    read_document,
)
from backchannel.errors import ConfigError, InputError

BODY = (
    "Negotiators from both countries met in Geneva on Monday but failed to agree on a "
    "border commission, officials said.\n\n"
    "The foreign minister said the government would keep seeking a settlement."
)
HEADLINE = "Border Talks Stall in Geneva"

HTML = """<!doctype html><html><head><title>Border Talks Stall | Daily Planet</title>
<meta property="og:title" content="Border Talks Stall">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2024-02-03T10:00:00Z">
<link rel="canonical" href="https://planet.example/talks">
</head><body><nav>Home | World | Sport</nav><article><h1>Border Talks Stall</h1>
<p>Negotiators from both countries met in Geneva on Monday but failed to agree on a new
border commission, officials said after the meeting had ended.</p>
<p>The foreign minister said the government would continue to seek a settlement through
intermediaries and that a ceasefire remained possible in the spring.</p>
</article><footer>Copyright Daily Planet</footer></body></html>
"""


def test_front_matter_sets_metadata(write_article) -> None:
    path = write_article(
        BODY,
        front_matter={
            "title": HEADLINE,
            "outlet": "Daily Planet",
            "url": "https://planet.example/a",
            "published": "2024-02-03",
            "language": "en",
        },
        name="a.md",
    )
    doc = read_document(path)
    assert doc.title == HEADLINE
    assert doc.body == BODY
    assert (doc.outlet, doc.url, doc.language) == ("Daily Planet", "https://planet.example/a", "en")
    assert (doc.published, doc.published_how) == ("2024-02-03", "metadata")
    assert doc.source_path == str(path)


def test_yaml_date_object_and_datetime_string(write_article) -> None:
    # An unquoted YAML date parses to datetime.date; a timestamp keeps only its date.
    path = write_article(f"---\ntitle: T\npublished: 2024-02-03\n---\n{BODY}")
    assert read_document(path).published == "2024-02-03"
    path = write_article(BODY, front_matter={"published": "2024-02-03T22:10:00+01:00"})
    assert read_document(path).published == "2024-02-03"


def test_arguments_override_front_matter(write_article) -> None:
    path = write_article(BODY, front_matter={"published": "2024-02-03", "outlet": "A"})
    doc = read_document(path, published="2024-02-05", outlet="B", url="https://b.example/")
    assert (doc.published, doc.published_how) == ("2024-02-05", "given")
    assert (doc.outlet, doc.url) == ("B", "https://b.example/")


def test_no_date_is_unknown(write_article) -> None:
    doc = read_document(write_article(BODY))
    assert (doc.published, doc.published_how) == (None, "unknown")


def test_front_matter_title_repeated_as_heading_is_dropped(write_article) -> None:
    path = write_article(f"# {HEADLINE}\n\n{BODY}", front_matter={"title": HEADLINE}, name="a.md")
    doc = read_document(path)
    assert doc.title == HEADLINE
    assert doc.body == BODY


def test_headline_is_separated_from_body(write_article) -> None:
    doc = read_document(write_article(f"{HEADLINE}\n\n{BODY}\n"))
    assert doc.title == HEADLINE
    assert doc.body == BODY


@pytest.mark.parametrize(
    "first_line",
    [
        "A sentence that ends with a period.",
        "word " * 40,
    ],
)
def test_first_line_that_is_not_a_headline_stays_in_body(write_article, first_line) -> None:
    text = f"{first_line.strip()}\n\n{BODY}"
    doc = read_document(write_article(text))
    assert doc.title == ""
    assert doc.body == text


def test_first_line_without_blank_line_stays_in_body(write_article) -> None:
    text = f"{HEADLINE}\n{BODY}"
    assert read_document(write_article(text)).title == ""


def test_body_kept_verbatim_except_newlines_and_outer_space(write_article) -> None:
    raw = f"\n\n  {HEADLINE}\r\n\r\n{BODY.replace(chr(10), chr(13) + chr(10))}  \r\n\n"
    doc = read_document(write_article(raw))
    assert doc.body == BODY
    # Offsets into the body point at the text they name.
    start = doc.body.index("Geneva")
    assert doc.body[start : start + 6] == "Geneva"


def test_html_extraction(write_article) -> None:
    doc = read_document(write_article(HTML, name="page.html"))
    assert doc.title == "Border Talks Stall"
    assert doc.body.startswith("Negotiators from both countries")
    assert "Home | World" not in doc.body and "Copyright" not in doc.body
    assert (doc.published, doc.published_how) == ("2024-02-03", "metadata")
    assert doc.outlet == "Daily Planet"
    assert doc.url == "https://planet.example/talks"


def test_html_is_sniffed_in_text_files(write_article) -> None:
    assert read_document(write_article(HTML, name="page.txt")).title == "Border Talks Stall"


def test_html_without_text(write_article) -> None:
    path = write_article(
        "<html><head><title>x</title></head><body><div></div></body></html>", name="e.html"
    )
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.code == "BC102"
    assert "e.html" in str(info.value)


def test_encodings(write_article) -> None:
    text = f"{HEADLINE}\n\nCafé talks resumed in Genève on Monday, the officials said."
    for encoding, raw in (
        ("utf-8-sig", text.encode("utf-8-sig")),
        ("utf-16", text.encode("utf-16")),
    ):
        doc = read_document(write_article(raw, name=f"{encoding}.txt"))
        assert doc.body.startswith("Café"), encoding
    latin = write_article(text.encode("latin-1"), name="latin.txt")
    assert read_document(latin, encoding="latin-1").body.startswith("Café")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "BC102"),
        (b"  \n\t\n ", "BC102"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "BC103"),
        (bytes(range(1, 32)) * 20, "BC103"),
        ("Café talks resumed on Monday.".encode("cp1252"), "BC104"),
        ("\ufeff   \n  ".encode("utf-16"), "BC102"),
    ],
    ids=["empty", "whitespace", "png", "control-bytes", "cp1252", "utf16-blank"],
)
def test_hostile_input(write_article, content: bytes, code: str) -> None:
    path = write_article(content, name="bad.txt")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.code == code
    message = str(info.value)
    assert "bad.txt" in message and "\n" not in message


def test_undecodable_says_which_encoding_to_pass(write_article) -> None:
    path = write_article("Café au lait.".encode("cp1252"))
    with pytest.raises(InputError, match="encoding="):
        read_document(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.txt", tmp_path):
        with pytest.raises(InputError) as info:
            read_document(path)
        assert info.value.code == "BC101"
        assert str(path) in str(info.value)


def test_too_large(write_article) -> None:
    path = write_article("word " * 100)
    with pytest.raises(InputError) as info:
        read_document(path, max_bytes=100)
    assert info.value.code == "BC105"


def test_bad_front_matter(write_article) -> None:
    with pytest.raises(InputError) as info:
        read_document(write_article("---\ntitle: [unclosed\n---\nBody text here."))
    assert info.value.code == "BC106"
    with pytest.raises(InputError):
        read_document(write_article("---\n- a list\n---\nBody text here."))


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", "2024/02/03", "2024-02-30"])
def test_bad_dates_are_config_errors(write_article, bad: str) -> None:
    path = write_article(BODY)
    with pytest.raises(ConfigError) as info:
        read_document(path, published=bad)
    assert "\n" not in str(info.value)
    with pytest.raises(ConfigError, match=r"a\.txt"):
        read_document(write_article(BODY, front_matter={"published": bad}, name="a.txt"))


def test_parse_date() -> None:
    assert parse_date("2024-02-03T10:00:00Z") == "2024-02-03"
    assert parse_date(dt.date(2024, 2, 3)) == "2024-02-03"
    assert parse_date(dt.datetime(2024, 2, 3, 23, 59)) == "2024-02-03"


def test_content_hash_idempotence(write_article, tmp_path: Path) -> None:
    a = read_document(write_article(f"{HEADLINE}\n\n{BODY}", name="a.txt"), outlet="A")
    # Same text, other outlet, other whitespace and line endings: the same document.
    messy = f"{HEADLINE}\r\n\r\n{BODY.replace(' ', '  ')}\n"
    b = read_document(write_article(messy, name="b.txt"), outlet="B")
    assert a.id == b.id
    assert a.id == document_id(HEADLINE, BODY)
    assert a.id != document_id("Another headline", BODY)
    # NFC and NFD spellings hash the same.
    assert document_id("Genève", "x") == document_id("Gene\u0300ve", "x")


def test_make_document() -> None:
    doc = make_document(" Title  here ", f"\n{BODY}\n", published="2024-02-03")
    assert doc.title == "Title here"
    assert doc.body == BODY
    assert (doc.published, doc.published_how, doc.language) == ("2024-02-03", "given", "en")
    assert make_document("", BODY).published_how == "unknown"


def test_guess_language() -> None:
    assert guess_language(BODY) == "en"
    assert guess_language("Die Verhandlungen in Genf sind am Montag gescheitert.") == "und"
    assert guess_language("") == "und"


def test_front_matter_language_wins(write_article) -> None:
    path = write_article(BODY, front_matter={"language": "fr"})
    assert read_document(path).language == "fr"


def test_html_declared_charset_is_honoured(write_article) -> None:
    page = HTML.replace("<head>", '<head><meta charset="windows-1252">').replace("Geneva", "Genève")
    doc = read_document(write_article(page.encode("cp1252"), name="legacy.html"))
    assert "Genève" in doc.body


def test_language_guess_tells_english_from_its_neighbours() -> None:
    from backchannel.documents import guess_language

    assert guess_language("Ukraine rejected the proposal on Monday, officials said.") == "en"
    assert guess_language("Der Präsident hat erklärt, dass er nicht verhandeln wird.") == "und"
    assert guess_language("Le président a déclaré qu'il était prêt à négocier.") == "und"
    assert guess_language("Президент заявил во вторник, что готов к переговорам.") == "und"
