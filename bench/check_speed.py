"""How fast `digest check` reads a large built site: prints pages, links and seconds.

Usage: python bench/check_speed.py [PAGES]   (default 10000)

Writes a synthetic site the shape of a digest build (article pages linking to terms,
neighbours and assets, with anchors) into a temporary folder, then checks it.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from generator.check import CheckOptions, check_site

BASE = "https://example.github.io/digest/"


def page(number: int, pages: int) -> str:
    """One article page with about sixty links, a few to anchors on other pages."""
    links = [f'<a href="/digest/{(number + k) % pages}/">{k}</a>' for k in range(1, 40)]
    links += [f'<a href="/digest/topics/t{k}/">т{k}</a>' for k in range(15)]
    links += [f'<a href="/digest/{(number + 7) % pages}/#s{k}">§{k}</a>' for k in range(5)]
    sections = "".join(f'<h2 id="s{k}">Раздел {k}</h2><p>{"Текст. " * 40}</p>' for k in range(5))
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Статья {number}</title>'
        f'<link rel="stylesheet" href="/digest/static/style.css?v=1">'
        f'<link rel="canonical" href="{BASE}{number}/"></head><body><main id="main">'
        f'{sections}<img src="/digest/static/a.svg" srcset="/digest/static/a.svg 1x" alt="">'
        f"{''.join(links)}</main></body></html>"
    )


def write_site(output: Path, pages: int) -> None:
    for number in range(pages):
        folder = output / str(number)
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(page(number, pages), encoding="utf-8")
    for k in range(15):
        (output / "topics" / f"t{k}").mkdir(parents=True)
        (output / "topics" / f"t{k}" / "index.html").write_text(page(k, pages), encoding="utf-8")
    (output / "static").mkdir()
    (output / "static/style.css").write_text("body{}")
    (output / "static/a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (output / "index.html").write_text(page(0, pages), encoding="utf-8")
    urls = "".join(f"<url><loc>{BASE}{n}/</loc></url>" for n in range(pages))
    (output / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "output"
        write_site(output, pages)
        started = time.perf_counter()
        report = check_site(CheckOptions(output, BASE))
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"checked {report.pages} pages, {report.links} links in {seconds:.2f} s "
        f"({report.pages / seconds:.0f} pages/s), peak RSS {peak:.0f} MB, "
        f"{len(report.problems)} problems"
    )


if __name__ == "__main__":
    main()
