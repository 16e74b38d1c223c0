"""PDF and Word (.docx) articles: their text read and split like plain text, and every way a
document can fail gives one message saying why and what to do (files made in the test)."""

from __future__ import annotations

import pytest
from document_files import encrypted_pdf, make_docx, make_pdf

from analytics import documents
from analytics.errors import InputError
from analytics.extract import extract_articles
from analytics.reading import SUPPORTED_EXTENSIONS, read_articles

HEADLINE = "Quillfeather Robotics raises $12 million Series A"
LINES = [
    HEADLINE,
    "",
    "Quillfeather Robotics, a warehouse automation startup, raised $12 million",
    "in a Series A round led by Marrowby Partners, the company said on Tuesday.",
]


def _refusal(data: bytes, name: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_articles(data, name)
    return info.value


def test_pdf_and_docx_are_supported_extensions() -> None:
    assert {".pdf", ".docx"} <= set(SUPPORTED_EXTENSIONS)


def test_a_pdf_article_is_read_and_its_event_found() -> None:
    articles = read_articles(make_pdf([LINES]), "robotics.pdf")
    assert [(a.title, a.source) for a in articles] == [(HEADLINE, "robotics.pdf")]
    assert articles[0].body == "\n".join(LINES[2:])
    events = extract_articles(articles)
    rows = events[["event_type", "company", "counterparty", "amount", "currency"]].values.tolist()
    assert rows == [["funding", "Quillfeather Robotics", "Marrowby Partners", 12e6, "USD"]]


def test_a_pdf_without_extension_is_read_as_a_pdf() -> None:
    assert [a.title for a in read_articles(make_pdf([LINES]), "download")] == [HEADLINE]


def test_pdf_pages_are_joined_by_a_blank_line() -> None:
    text = documents.pdf_text(make_pdf([["page one"], [], ["page three"]]), "x.pdf", 10_000)
    assert text == "page one\n\npage three"


def test_a_docx_article_with_a_table_is_read() -> None:
    data = make_docx(
        [HEADLINE, "", " ".join(LINES[2:])], table=[["Round", "Amount"], ["Series A", "$12m"]]
    )
    articles = read_articles(data, "robotics.docx")
    assert [a.title for a in articles] == [HEADLINE]
    assert articles[0].body == " ".join(LINES[2:]) + "\n\nRound | Amount\n\nSeries A | $12m"
    funding = extract_articles(articles).query("event_type == 'funding'")
    assert funding[["company", "amount"]].values.tolist() == [["Quillfeather Robotics", 12e6]]


def test_document_text_is_capped() -> None:
    text = documents.docx_text(make_docx(["a" * 50, "b" * 50, "c" * 50]), "x.docx", 60)
    assert text == "a" * 50 + "\n\n" + "b" * 8


@pytest.mark.parametrize(
    ("name", "make", "code", "message"),
    [
        (
            "locked.pdf",
            lambda: encrypted_pdf(LINES),
            "pdf_encrypted",
            "“locked.pdf” is a password-protected PDF: open it, save or print it without the "
            "password (or copy its text into a .txt file), and try again.",
        ),
        (
            "scan.pdf",
            lambda: make_pdf([[], []]),
            "pdf_no_text",
            "“scan.pdf” has no text layer (2 pages of images, probably scanned): run it through "
            "OCR first, or copy its text into a .txt file and try again.",
        ),
        (
            "cut.pdf",
            lambda: make_pdf([LINES])[:200],
            "pdf_damaged",
            None,
        ),
        (
            "empty.docx",
            lambda: make_docx(["", "  "]),
            "docx_no_text",
            "“empty.docx” has no text in it: copy its text into a .txt file and try again.",
        ),
        (
            "old.docx",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "docx_encrypted",
            "“old.docx” is a password-protected or old-format Word document: open it in Word, "
            "save it as .docx without a password, and try again.",
        ),
        ("cut.docx", lambda: make_docx([HEADLINE])[:300], "docx_damaged", None),
    ],
)
def test_documents_that_give_no_text_are_refused_with_a_reason(
    name: str, make: object, code: str, message: str | None
) -> None:
    err = _refusal(make(), name)  # type: ignore[operator]
    assert err.code == code
    if message is not None:
        assert str(err) == message
    else:
        assert str(err).startswith(f"“{name}” is ") and "try again." in str(err)


def test_too_many_pdf_pages_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 2)
    err = _refusal(make_pdf([["a"], ["b"], ["c"]]), "long.pdf")
    assert (err.code, str(err)) == (
        "pdf_too_many_pages",
        "“long.pdf” has 3 pages, more than the 2 read from one PDF: split it into smaller files.",
    )


def test_a_docx_zip_bomb_is_refused_before_unpacking() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<a/>")
        z.writestr("word/document.xml", b" " * (20 * 2**20))
    err = _refusal(buf.getvalue(), "bomb.docx")
    assert err.code == "docx_bomb"
    assert str(err).startswith("“bomb.docx” looks like a zip bomb (a part unpacks to ")


def test_a_docx_whose_zip_claims_a_version_python_cannot_read_is_refused_with_a_message() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "Quillfeather Robotics raises $12 million")
    data = bytearray(buf.getvalue())
    data[data.rfind(b"PK\x01\x02") + 6] = 64  # "version needed to extract": 6.4
    err = _refusal(bytes(data), "odd.docx")
    assert (err.code, str(err)) == (
        "docx_damaged",
        "“odd.docx” is not a readable Word document (zip file version 6.4): save it again as "
        ".docx, or copy its text into a .txt file and try again.",
    )
