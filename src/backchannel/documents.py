"""Reading articles from disk into :class:`~backchannel.model.Document` records.

Plain text and Markdown may start with a YAML front-matter block; HTML goes through
trafilatura for the main text and metadata. The body is kept as written (newlines
normalized, outer whitespace stripped) because every offset downstream points into it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, InputError
from .model import Document, PublishedHow

__all__ = [
    "HTML_SUFFIXES",
    "MAX_BODY_CHARS",
    "MAX_BODY_TOKENS",
    "MAX_DOCUMENT_BYTES",
    "MAX_FIELD_CHARS",
    "MAX_FRONT_MATTER_CHARS",
    "MAX_SYMBOL_RUN",
    "MAX_TEXT_CHARS",
    "check_text",
    "document_from_text",
    "document_id",
    "guess_language",
    "make_document",
    "parse_date",
    "read_document",
    "web_charset",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30

# Size limits on hostile or accidental input (docs/limits.md); exceeding one is BC105.
MAX_DOCUMENT_BYTES = 5_000_000  # an article file, read before decoding
MAX_TEXT_CHARS = 5_000_000  # a text in memory (stdin, a fetched page), markup included
# The article text spaCy and the extractors see. Analysis time grows faster than
# linearly with length (100k characters: 12 s, 0.5 GB; 300k: 69 s, 1.1 GB), so this
# bounds what one document can cost; long-form news is well under 100k.
MAX_BODY_CHARS = 200_000
MAX_FIELD_CHARS = 2_000  # title, outlet, url, language: one-line fields
# The same bound in words and symbols: analysis cost follows tokens, and a text of
# punctuation has five times as many per character as prose (which has ~45k here).
MAX_BODY_TOKENS = 50_000
# spaCy's tokenizer splits a run of punctuation one affix at a time, in quadratic
# time (2,000 symbols: 1 s; 30,000: six minutes); prose never has such runs.
MAX_SYMBOL_RUN = 500
MAX_FRONT_MATTER_CHARS = 64_000
_PREVIEW_CHARS = 60  # of a bad value quoted in an error message

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}.*)?")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+")  # letters of any script; apostrophes split
# Control characters that never occur in real text (tab, newlines, form feed excluded).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# In a one-line field every control character is noise (tab and newlines included).
_FIELD_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")  # roughly spaCy's tokens, for the limit
_SYMBOL_RUN_RE = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")

# Frequent English function words; their share of tokens separates English prose
# from other languages well enough for a default, at no cost.
_EN_STOPWORDS_TEXT = """
a about after against all also an and are as at be been before but by can could did do
does for from had has have he her his how i if in into is it its more most not of on or
our over said says she should since so than that the their them then there these they
this those through to under was we were what when which while who will with would you
"""
_EN_STOPWORDS = frozenset(_EN_STOPWORDS_TEXT.split())
# Function words of the languages most often mistaken for English input. English wins
# when its words are more frequent than any of these: a short wire item with
# few function words is still English, a German article with many "in"s is not.
_OTHER_STOPWORDS = {
    language: frozenset(words.split())
    for language, words in {
        "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem "
        "als auch es werden aus er hat dass sie nach wird bei einer um sind noch wie über",
        "fr": "le la les des et est un une du que qui dans pour pas sur au par avec ce "
        "il elle ne se plus sont ont été aux cette à qu",
        "es": "el la los las del y que un una por con no para es se su al lo como más "
        "pero sus ha fue este",
        "it": "il lo la gli le di del della che un una per con non è si da al nel sono",
        "pt": "o os as do da que um uma em no na para com não é se por mais foi",
        "nl": "de het een en van is dat op te zijn met voor niet aan er",
    }.items()
}
_LATIN_RE = re.compile(r"[A-Za-z]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def parse_date(value: Any, *, what: str = "date") -> str:
    """Return ``value`` as an ISO ``YYYY-MM-DD`` string or raise :class:`ConfigError`.

    Accepts ``date``/``datetime`` objects and strings such as ``2024-02-03`` or
    ``2024-02-03T10:00:00Z`` (the time is dropped).
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # Only scalars: str() of a nested YAML structure built from aliases is exponential.
    text = value.strip() if isinstance(value, str) else ""
    match = _DATE_RE.fullmatch(text) if len(text) <= 64 else None
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            pass
    shown = _preview(value) if isinstance(value, str | int | float) else type(value).__name__
    raise ConfigError(f"invalid {what} {shown}: expected YYYY-MM-DD", code="BC203")


def _preview(value: str | int | float) -> str:
    """``value`` quoted for an error message, cut short: inputs may be megabytes."""
    text = repr(value)
    return text if len(text) <= _PREVIEW_CHARS else f"{text[:_PREVIEW_CHARS]}…"


def document_id(title: str, body: str) -> str:
    """Content hash: the same text from two outlets is deliberately one document."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())

    return hashlib.sha256(f"{norm(title)}\n{norm(body)}".encode()).hexdigest()


def guess_language(text: str) -> str:
    """``"en"`` when English function words are frequent enough, else ``"und"``."""
    sample = text[:20_000]
    letters = _LETTER_RE.findall(sample)
    if not letters or len(_LATIN_RE.findall(sample)) < 0.7 * len(letters):
        return "und"  # mostly Cyrillic, Arabic, CJK, ...
    words = _WORD_RE.findall(sample.lower())
    if len(words) < 3:
        return "und"

    def share(vocabulary: frozenset[str]) -> float:
        return sum(word in vocabulary for word in words) / len(words)

    english = share(_EN_STOPWORDS)
    rival = max(share(vocabulary) for vocabulary in _OTHER_STOPWORDS.values())
    return "en" if english >= 0.08 and english > rival else "und"


def make_document(
    title: str,
    body: str,
    *,
    outlet: str | None = None,
    url: str | None = None,
    published: str | dt.date | None = None,
    published_how: PublishedHow | None = None,
    language: str | None = None,
    source_path: str | None = None,
) -> Document:
    """Build a :class:`Document` from text already in memory.

    ``published_how`` defaults to ``"given"`` when a date is passed, else ``"unknown"``.
    Raises :class:`InputError` for text no store or model can take: NUL bytes or lone
    surrogates (BC103/BC104), a body over :data:`MAX_BODY_CHARS` or
    :data:`MAX_BODY_TOKENS`, a run of over :data:`MAX_SYMBOL_RUN` symbols, or a field
    over :data:`MAX_FIELD_CHARS` (BC105).
    """
    body = _normalize_newlines(body).strip()
    _check_body(body)
    title = _clean_field(title, "title") or ""
    date = parse_date(published, what="publication date") if published is not None else None
    how: PublishedHow = published_how or ("given" if date else "unknown")
    language = _clean_field(language, "language")
    return Document(
        id=document_id(title, body),
        title=title,
        body=body,
        outlet=_clean_field(outlet, "outlet"),
        url=_clean_field(url, "url"),
        language=language or guess_language(f"{title}\n{body}"),
        published=date,
        published_how=how if date else "unknown",
        source_path=source_path,
    )


def _check_body(body: str) -> None:
    """Refuse a body that no store could take or that would cost the models too much."""
    _check_unicode(body, "text")
    if "\x00" in body:
        raise InputError("article text contains NUL bytes (binary data)", code="BC103")
    if len(body) > MAX_BODY_CHARS:
        raise InputError(
            f"article text of {len(body):,} characters is more than the "
            f"{MAX_BODY_CHARS:,}-character limit",
            code="BC105",
        )
    tokens = sum(1 for _ in _TOKEN_RE.finditer(body))
    if tokens > MAX_BODY_TOKENS:
        raise InputError(
            f"article text of {tokens:,} words and symbols is more than the "
            f"{MAX_BODY_TOKENS:,} limit",
            code="BC105",
        )
    run = _SYMBOL_RUN_RE.search(body)
    if run:
        raise InputError(
            f"article text has {len(run.group()):,} symbols in a row at character "
            f"{run.start():,} (limit {MAX_SYMBOL_RUN:,}); is it text?",
            code="BC105",
        )


def _clean_field(value: str | None, what: str) -> str | None:
    """A one-line metadata field: whitespace collapsed, control characters dropped."""
    if value is None:
        return None
    _check_unicode(value, what)
    text = " ".join(_FIELD_CONTROL_RE.sub(" ", value).split())
    if len(text) > MAX_FIELD_CHARS:
        raise InputError(
            f"{what} of {len(text):,} characters is more than the "
            f"{MAX_FIELD_CHARS:,}-character limit",
            code="BC105",
        )
    return text or None


def _check_unicode(text: str, what: str) -> None:
    # A lone surrogate (from JSON "\ud800" escapes or surrogateescape) cannot be
    # encoded, so no database or hash could take the text.
    found = _SURROGATE_RE.search(text)
    if found:
        raise InputError(
            f"{what} is not valid Unicode (lone surrogate at character {found.start()})",
            code="BC104",
        )


def read_document(
    path: str | Path,
    *,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Document:
    """Read one article file. Arguments override what the file itself says.

    Raises :class:`InputError` (BC101-BC106) for files that cannot be used and
    :class:`ConfigError` for a bad date or encoding name.
    """
    path = Path(path)
    given = parse_date(published, what="publication date") if published else None
    text = _decode(path, _read_bytes(path, max_bytes), encoding)
    html = path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text)
    return _from_string(
        str(path), text, html=html, given=given, outlet=outlet, url=url, source_path=str(path)
    )


def document_from_text(
    text: str,
    *,
    source: str = "<text>",
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    html: bool | None = None,
    max_chars: int = MAX_TEXT_CHARS,
) -> Document:
    """Like :func:`read_document` for a text already in memory (stdin, a fetched page).

    ``source`` names the input in error messages; ``html=None`` sniffs the markup.
    Raises :class:`InputError` for empty, binary or oversized text.
    """
    given = parse_date(published, what="publication date") if published else None
    check_text(text, source=source, max_chars=max_chars)
    text = _normalize_newlines(text).lstrip("\ufeff")
    if html is None:
        html = _looks_like_html(text)
    return _from_string(source, text, html=html, given=given, outlet=outlet, url=url)


def check_text(text: str, *, source: str = "<text>", max_chars: int = MAX_TEXT_CHARS) -> None:
    """Raise :class:`InputError` when ``text`` is empty, binary-looking, too long or
    not valid Unicode."""
    if len(text) > max_chars:
        raise InputError(
            f"{source}: {len(text):,} characters is more than the {max_chars:,} limit",
            code="BC105",
        )
    if not text.strip():
        raise InputError(f"{source}: no text", code="BC102")
    if "\x00" in text or _is_mostly_binary(text):
        raise InputError(f"{source}: binary data, not text", code="BC103")
    try:
        _check_unicode(text, "text")
    except InputError as exc:
        raise InputError(f"{source}: {exc}", code=exc.code) from None


def _from_string(
    where: str,
    text: str,
    *,
    html: bool,
    given: str | None,
    outlet: str | None,
    url: str | None,
    source_path: str | None = None,
) -> Document:
    if html:
        title, body, meta = _from_html(where, text, url)
    else:
        title, body, meta = _from_text(where, text)
    if not body:
        raise InputError(f"{where}: no text besides the title", code="BC102")

    meta_date = None
    if meta.get("published") is not None:
        try:
            meta_date = parse_date(meta["published"], what="publication date")
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}", code=exc.code) from None
    date, how = (given, "given") if given else (meta_date, "metadata")
    try:
        return make_document(
            title,
            body,
            outlet=outlet or _str_or_none(meta.get("outlet")),
            url=url or _str_or_none(meta.get("url")),
            published=date,
            published_how=how if date else "unknown",
            language=_str_or_none(meta.get("language")),
            source_path=source_path,
        )
    except InputError as exc:
        raise InputError(f"{where}: {exc}", code=exc.code) from None


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a file", code="BC101")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is larger than the {max_bytes:,}-byte limit",
                code="BC105",
            )
        with path.open("rb") as handle:
            # read(n) allocates n bytes at once: ask for the size stat() gave, then
            # for the rest of the limit only if the file grew in between.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(max_bytes + 1 - len(data))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", code="BC101") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied", code="BC101") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}", code="BC101") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: larger than the {max_bytes:,}-byte limit", code="BC105")
    if not data.strip():
        raise InputError(f"{path}: file is empty", code="BC102")
    return data


def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    if encoding:
        if not _is_text_encoding(encoding):
            raise ConfigError(f"unknown text encoding {_preview(encoding)}", code="BC205")
        try:
            text = data.decode(encoding)
        except UnicodeError as exc:  # idna and others raise the base class
            where = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
            raise InputError(
                f"{path}: cannot be decoded as {_preview(encoding)}{where}", code="BC104"
            ) from None
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _strict(path, data, "utf-8-sig")
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        # Before UTF-16: a little-endian UTF-32 mark starts with UTF-16's.
        text = _strict(path, data, "utf-32")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(path, data, "utf-16")
    else:
        if b"\x00" in data:
            raise InputError(f"{path}: binary file (contains NUL bytes)", code="BC103")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _is_mostly_binary(data.decode("latin-1")):
                raise InputError(f"{path}: binary file, not text", code="BC103") from None
            declared = _declared_charset(data)
            if declared:
                return _decode(path, data, declared)
            raise InputError(
                f"{path}: not UTF-8 (invalid byte at offset {exc.start}); pass the file's "
                f"encoding, e.g. --encoding cp1252 (or encoding='cp1252' from Python)",
                code="BC104",
            ) from None
    if "\x00" in text or _is_mostly_binary(text):
        raise InputError(f"{path}: binary file, not text", code="BC103")
    text = _normalize_newlines(text).lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{path}: file contains only whitespace", code="BC102")
    return text


def _declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` of an HTML page, when it names a codec Python knows."""
    match = _CHARSET_RE.search(data[:4096])
    if not match:
        return None
    name = web_charset(match.group(1).decode("ascii"))
    return None if name is None or codecs.lookup(name).name == "utf-8" else name


def web_charset(name: str | None) -> str | None:
    """``name`` lower-cased when it is a text encoding a web page may be written in;
    None for unknown names and for codecs such as ``base64``, ``zlib`` or ``idna``
    that a hostile page or server may name."""
    if not name:
        return None
    name = name.strip().lower()
    if not _is_text_encoding(name) or codecs.lookup(name).name in _NOT_CHARSETS:
        return None
    return name


# Text codecs no web page is written in; a page naming one is lying, and punycode's
# decoder takes quadratic time.
_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"}
)


def _is_text_encoding(name: str) -> bool:
    """Whether ``name`` is a codec from bytes to text (``base64``, ``zlib`` are not)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return False
    return bool(getattr(info, "_is_text_encoding", True))


def _strict(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: starts with a {codec} byte-order mark but is not valid {codec} "
            f"(byte {exc.start})",
            code="BC104",
        ) from None


def _is_mostly_binary(text: str) -> bool:
    sample = text[:8192]
    return bool(sample) and len(_CONTROL_RE.findall(sample)) / len(sample) > 0.05


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _from_text(path: str | Path, text: str) -> tuple[str, str, dict[str, Any]]:
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER_RE.match(text)
    if match:
        meta = _front_matter(path, match.group(1))
        text = text[match.end() :]
    body = text.strip()
    title = _str_or_none(meta.get("title")) or ""
    first, rest = _split_headline(body)
    if title:
        # A Markdown file often repeats its front-matter title as a heading.
        if first is not None and _same_text(first, title):
            body = rest
    elif first is not None:
        title, body = first, rest
    return title, body, meta


def _front_matter(path: str | Path, block: str) -> dict[str, Any]:
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise InputError(
            f"{path}: front matter of {len(block):,} characters is more than the "
            f"{MAX_FRONT_MATTER_CHARS:,}-character limit",
            code="BC105",
        )
    try:
        data = yaml.load(block, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"{path}: front matter is not valid YAML{where}", code="BC106") from None
    except (ValueError, RecursionError) as exc:  # a date like 2024-02-30; deep nesting
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError(f"{path}: front matter has a bad value ({reason})", code="BC106") from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InputError(f"{path}: front matter must be a YAML mapping", code="BC106")
    meta = {str(key).lower(): value for key, value in data.items()}
    if "published" not in meta and "date" in meta:
        meta["published"] = meta["date"]
    for key in _FRONT_MATTER_FIELDS:
        if not isinstance(meta.get(key), _FRONT_MATTER_SCALARS):
            kind = type(meta[key]).__name__
            raise InputError(
                f"{path}: front matter {key!r} must be a single value, not a {kind}",
                code="BC106",
            )
    return meta


# libyaml's parser is ~10x faster and refuses deep nesting at once; the pure-Python
# one takes seconds to hit the recursion limit on a line of 3,000 "[".
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The fields read from front matter, and the YAML values they may hold: a list or a
# mapping there is a mistake (and str() of an alias-built one can take forever).
_FRONT_MATTER_FIELDS = ("title", "outlet", "url", "language", "published")
_FRONT_MATTER_SCALARS = (str, int, float, dt.date, type(None))


def _split_headline(body: str) -> tuple[str | None, str]:
    """Split off the first line when it reads as a headline followed by a blank line."""
    head, sep, rest = body.partition("\n")
    if not sep or rest.split("\n", 1)[0].strip():
        return None, body
    line = head.strip().lstrip("#").strip()
    if (
        not line
        or len(line) > MAX_TITLE_CHARS
        or len(line.split()) > MAX_TITLE_WORDS
        or line.endswith((".", ",", ";", ":"))
        or not rest.strip()
    ):
        return None, body
    return line, rest.strip()


def _from_html(path: str | Path, html: str, url: str | None) -> tuple[str, str, dict[str, Any]]:
    import trafilatura  # slow import; only HTML needs it

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            # Metadata dates only: a date found in running text is not a publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on junk
        raise InputError(f"{path}: HTML could not be parsed ({exc})", code="BC102") from None
    text = _normalize_newlines(getattr(result, "text", None) or "").strip()
    if not text:
        raise InputError(f"{path}: HTML page has no extractable text", code="BC102")
    title = " ".join((result.title or "").split())
    head, _, rest = text.partition("\n")
    if title and _same_text(head, title):
        text = rest.strip()  # trafilatura keeps the <h1> as the first line
    elif not title:
        first, rest = _split_headline(text)
        if first is not None:
            title, text = first, rest
    meta = {
        "published": result.date,
        "outlet": result.sitename or result.hostname,
        "url": result.url,
        "language": result.language,
    }
    return title, text, meta


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lstrip("# ").split()).casefold() == " ".join(b.split()).casefold()


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
