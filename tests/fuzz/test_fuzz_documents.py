"""Properties of the article readers: front matter, plain text, encodings and HTML.

Each input ends as a valid :class:`Document` or a one-line :class:`BackchannelError`,
within the time bound.
"""

from __future__ import annotations

import re
from pathlib import Path

from _fuzz import attempt, budget, check_document
from _strategies import NEWS_SENTENCES, hostile_text, odd_scalar
from hypothesis import given
from hypothesis import strategies as st

from backchannel.documents import document_from_text, read_document
from backchannel.model import Document

_SURROGATE = re.compile(r"[\ud800-\udfff]")


# -- front matter ------------------------------------------------------------------

KEYS = ("title", "date", "published", "outlet", "url", "language", "tags", "Title", "? [a, b]")
RAW_YAML_VALUES = (
    "[unclosed",
    "{a: ",
    "&anchor value",
    "*undefined_alias",
    "!!binary AAAA",
    "!!python/object/apply:os.system ['true']",
    "!!timestamp 2024-13-01",
    "2024-02-30",
    "2024-02-30 25:61:00",
    "0000-01-01",
    "1e999",
    "-.inf",
    ".nan",
    "0x_",
    "1" * 5000,
    '"\\ud800 lone"',
    '"\\x00 nul"',
    "|\n  a block\n  of text",
    ">-\n  folded",
    "[" * 3000,
    "{" * 3000,
    "- a\n- b",
    "<<: {a: 1}",
    "!!set {a, b}",
    "'unterminated",
)


def billion_laughs(depth: int, width: int) -> list[str]:
    """Anchors that expand to ``width ** depth`` leaves (aliases, not copies, in YAML)."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, depth + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return lines


@st.composite
def front_matter_documents(draw: st.DrawFn) -> str:
    lines: list[str] = []
    laughs = draw(st.booleans())
    if laughs:
        depth = draw(st.integers(2, 12))
        lines += billion_laughs(depth, draw(st.integers(2, 12)))
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=6)):
        value = draw(
            st.one_of(
                st.sampled_from(RAW_YAML_VALUES),
                odd_scalar.map(_yaml_scalar),
                st.just(f"*l{depth}") if laughs else st.just("~"),
                st.text(max_size=30),
            )
        )
        lines.append(f"{key}: {value}")
    closer = draw(st.sampled_from(("---", "...", "--- ", "", "----")))
    body = draw(st.one_of(hostile_text, st.sampled_from(NEWS_SENTENCES)))
    text = "---\n" + "\n".join(lines) + f"\n{closer}\n{body}"
    newline = draw(st.sampled_from(("\n", "\r\n", "\r")))
    return draw(st.sampled_from(("", "\ufeff", " "))) + text.replace("\n", newline)


def _yaml_scalar(value: object) -> str:
    if isinstance(value, str):
        # A double-quoted YAML scalar: JSON's escapes, "\ud800" included, are YAML's too.
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


@budget(150)
@given(text=front_matter_documents())
def test_front_matter_ends_in_a_document_or_a_clear_error(text: str) -> None:
    result = attempt("front matter (text)", lambda: document_from_text(text, html=False))
    if isinstance(result, Document):
        check_document(result)


@budget(60)
@given(text=front_matter_documents(), suffix=st.sampled_from((".md", ".txt", ".markdown")))
def test_front_matter_files_end_in_a_document_or_a_clear_error(
    tmp_path: Path, text: str, suffix: str
) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = attempt("front matter (file)", lambda: read_document(path))
    if isinstance(result, Document):
        check_document(result)
        assert result.source_path == str(path)


@budget(100)
@given(text=hostile_text)
def test_plain_text_ends_in_a_document_or_a_clear_error(text: str) -> None:
    result = attempt("plain text", lambda: document_from_text(text))
    if isinstance(result, Document):
        check_document(result)


# -- bytes and encodings -----------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "koi8-r")
CHARSET_LIES = ("utf-16", "base64", "zlib", "rot13", "idna", "punycode", "utf-7", "bogus", "ascii")


@st.composite
def encoded_articles(draw: st.DrawFn) -> tuple[bytes, str, str | None]:
    text = draw(hostile_text.filter(lambda t: not _SURROGATE.search(t)))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        lie = draw(st.sampled_from(CHARSET_LIES))
        head = f'<html><head><meta charset="{lie}"><title>T</title></head><body><p>'.encode()
        data = head + data + b"\xe9\xff</p></body></html>"
    data = draw(st.sampled_from((b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00"))) + data
    suffix = draw(st.sampled_from((".txt", ".md", ".html", ".htm", ".xhtml")))
    encoding = draw(st.one_of(st.none(), st.sampled_from(ENCODINGS + CHARSET_LIES)))
    return data, suffix, encoding


@budget(120)
@given(article=encoded_articles())
def test_any_bytes_in_any_encoding_end_in_a_document_or_a_clear_error(
    tmp_path: Path, article: tuple[bytes, str, str | None]
) -> None:
    data, suffix, encoding = article
    path = tmp_path / f"article{suffix}"
    path.write_bytes(data)
    result = attempt("encodings (file)", lambda: read_document(path, encoding=encoding))
    if isinstance(result, Document):
        check_document(result)


# -- HTML --------------------------------------------------------------------------

TAGS = (
    "div", "p", "span", "b", "table", "tr", "td", "script", "style", "iframe", "noscript",
    "svg", "math", "template", "article", "h1", "title", "a", "img", "br", "meta", "head",
    "body", "html", "textarea", "pre", "select", "object", "main", "nav",
)  # fmt: skip
LEAVES = (
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&nbsp;" * 50,
    "&bogus;",
    "<!-- an unclosed comment",
    "<![CDATA[ x ]]>",
    "<?php echo 1; ?>",
    "</div></div></body>",
    "<script>while(true){}</script>",
    "<style>p{}</style>",
    '<a href="javascript:alert(1)">link</a>',
    '<a href="file:///etc/passwd">file</a>',
    '<meta charset="zlib">',
    '<meta http-equiv="refresh" content="0; url=file:///etc/passwd">',
    '<img src=x onerror="alert(1)">',
    '<base href="../../">',
)


def _element(tag: str, children: list[str], closing: str, attribute: str) -> str:
    inner = "".join(children)
    end = {"proper": f"</{tag}>", "none": "", "wrong": "</td></table>", "twice": f"</{tag}>" * 2}
    return f"<{tag}{attribute}>{inner}{end[closing]}"


html_nodes = st.recursive(
    st.one_of(
        st.sampled_from(NEWS_SENTENCES),
        st.sampled_from(LEAVES),
        hostile_text.map(lambda t: t[:500]),
    ),
    lambda inner: st.builds(
        _element,
        st.sampled_from(TAGS),
        st.lists(inner, max_size=4),
        st.sampled_from(("proper", "none", "wrong", "twice")),
        st.sampled_from(("", ' class="x"', ' lang="ru"', ' id="' + "a" * 5000 + '"', " =\"'<>")),
    ),
    max_leaves=25,
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(("", "<!DOCTYPE html>", '<?xml version="1.0"?>', "<!DOCTYPE x [")))
    charset = draw(st.sampled_from(("", '<meta charset="utf-16">', '<meta charset="base64">')))
    title = draw(st.sampled_from(("", "<title>Envoys meet</title>", "<title>" + "t" * 3000)))
    body = draw(html_nodes)
    depth = draw(st.sampled_from((0, 0, 500, 5000)))
    nested = "<div>" * depth + draw(st.sampled_from(NEWS_SENTENCES)) + "</div>" * depth
    return f"{head}<html><head>{charset}{title}</head><body>{body}{nested}</body></html>"


@budget(80)
@given(page=html_pages())
def test_html_ends_in_a_document_or_a_clear_error(page: str) -> None:
    result = attempt("HTML (text)", lambda: document_from_text(page, html=True))
    if isinstance(result, Document):
        check_document(result)
