"""Locating files under output/, their content types, and where the reload script goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.serve.files import Located, content_type, inject, locate

TAG = b"<script></script>"


def test_inject_before_the_first_head_end_in_any_case() -> None:
    page = b"<HTML><HEAD><title>x</title></HEAD ><body>&lt;/head&gt;</body></HTML>"
    assert inject(page, TAG) == page.replace(b"</HEAD >", TAG + b"</HEAD >")


def test_inject_before_the_last_body_end_without_head() -> None:
    page = b"<body><pre>code with </body> inside</pre></body>\n"
    assert inject(page, TAG) == b"<body><pre>code with </body> inside</pre>" + TAG + b"</body>\n"


def test_inject_appends_to_a_fragment() -> None:
    assert inject(b"<p>x</p>", TAG) == b"<p>x</p>" + TAG


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.HTML", "text/html; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("photo.jpg", "image/jpeg"),
        ("pagefind.wasm", "application/wasm"),
        ("data.unknownext", "application/octet-stream"),
    ],
)
def test_content_type(name: str, kind: str) -> None:
    assert content_type(Path(name)) == kind


@pytest.fixture
def root(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    (out / "x").mkdir(parents=True)
    (out / "index.html").write_text("home")
    (out / "x" / "index.html").write_text("x")
    (out / "файл.txt").write_text("ф")
    return out.resolve()


def test_locate(root: Path) -> None:
    assert locate(root, "") == Located(root / "index.html")
    assert locate(root, "x/") == Located(root / "x" / "index.html")
    assert locate(root, "x") == Located(add_slash=True)
    assert locate(root, "%D1%84%D0%B0%D0%B9%D0%BB.txt") == Located(root / "файл.txt")
    for bad in ("../output/index.html", "x/../index.html", "%ff", "x//index.html", "/index.html"):
        assert locate(root, bad) == Located(), bad
