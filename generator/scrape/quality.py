"""Extraction quality: saved pages with expected results, and how a cleaner's output is scored.

Bodies are scored as public extraction benchmarks do: word tokens, multisets of 4-token
shingles, precision and recall averaged over pages, F1 of the two averages.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup

from generator.scrape.dates import parse_machine
from generator.scrape.extract import extract_html
from generator.scrape.htmlmd import markdown_to_text

SHINGLE = 4
_WORD = re.compile(r"\w+")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\b(?:and|und|og|och|et|y|и)\b)\s*", re.I)
_BY = re.compile(r"^\s*(by|автор|author)\s*:?\s+", re.I)


@dataclass(frozen=True)
class Case:
    """One saved page and what a good cleaner gets from it."""

    name: str
    html: str
    url: str | None
    title: str | None
    author: str | None
    date: str | None
    body: str
    complete: bool = False  # True: a missing field means the page has none, not "not labelled"


@dataclass(frozen=True)
class Result:
    """What a cleaner got from one page."""

    title: str | None
    author: str | None
    date: str | None
    body: str


@dataclass
class Score:
    """Running totals over the pages of a set."""

    pages: int = 0
    bodies: int = 0
    precision: float = 0.0
    recall: float = 0.0
    titles: int = 0
    authors: int = 0
    dates: int = 0
    labelled: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, case: Case, got: Result) -> None:
        self.pages += 1
        if case.body.strip():
            precision, recall = score_body(case.body, got.body)
            self.bodies += 1
            self.precision += precision
            self.recall += recall
        checks = (
            ("titles", case.title, same_title(case.title, got.title)),
            ("authors", case.author, same_authors(case.author, got.author)),
            ("dates", case.date, same_date(case.date, got.date)),
        )
        for name, expected, right in checks:
            if expected is not None or case.complete:
                self.labelled[name] += 1
                setattr(self, name, getattr(self, name) + right)

    def merge(self, other: Score) -> None:
        for name in ("pages", "bodies", "precision", "recall", "titles", "authors", "dates"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.labelled.update(other.labelled)
        self.seconds += other.seconds

    def share(self, name: str) -> float:
        """Share of right titles, authors or dates among the pages labelled with one."""
        labelled = self.labelled[name]
        return getattr(self, name) / labelled if labelled else 0.0

    @property
    def avg_precision(self) -> float:
        return self.precision / self.bodies if self.bodies else 0.0

    @property
    def avg_recall(self) -> float:
        return self.recall / self.bodies if self.bodies else 0.0

    @property
    def f1(self) -> float:
        p, r = self.avg_precision, self.avg_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speed(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of size-token shingles; a text shorter than that is one shingle."""
    words = tokens(text)
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def score_body(expected: str, got: str) -> tuple[float, float]:
    """Precision and recall of got's shingles against expected's."""
    want, have = shingles(expected), shingles(got)
    if not want and not have:
        return 1.0, 1.0
    common = sum((want & have).values())
    precision = common / sum(have.values()) if have else 0.0
    recall = common / sum(want.values()) if want else 0.0
    return precision, recall


def _norm(text: str | None) -> str:
    """Whitespace collapsed, invisible characters (soft hyphen, zero width space) dropped."""
    text = (text or "").translate(_INVISIBLE)
    return " ".join(text.replace("\u00a0", " ").split())


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def same_title(expected: str | None, got: str | None) -> bool:
    return _norm(expected) == _norm(got)


def _names(text: str | None) -> frozenset[str]:
    parts = _NAME_SPLIT.split(_BY.sub("", _norm(text)))
    return frozenset(p.casefold() for p in parts if p)


def same_authors(expected: str | None, got: str | None) -> bool:
    """The same set of names, whatever the separators and a leading 'By'."""
    return _names(expected) == _names(got)


def same_date(expected: str | None, got: str | None) -> bool:
    """Right to the minute when the expected value has a time, to the day when it has not."""
    want, have = parse_machine(expected), parse_machine(got)
    if want is None or have is None:
        return want is None and have is None
    if len((expected or "").strip()) <= 10:
        return (
            want.date()
            == (have.astimezone(want.tzinfo) if want.tzinfo and have.tzinfo else have).date()
        )
    if want.tzinfo and have.tzinfo:
        return abs((want - have).total_seconds()) < 60
    return want.replace(tzinfo=None, second=0, microsecond=0) == have.replace(
        tzinfo=None, second=0, microsecond=0
    )


def html_text(markup: str) -> str:
    """Plain text of an HTML fragment, one block per paragraph."""
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br"]):
        tag.insert_after("\n")
    return soup.get_text()


def readability_cases(folder: Path) -> Iterator[Case]:
    """mozilla/readability test pages: source.html, expected.html, expected-metadata.json."""
    for page in sorted(p for p in (folder / "test-pages").iterdir() if p.is_dir()):
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        yield Case(
            name=f"readability/{page.name}",
            html=(page / "source.html").read_text(encoding="utf-8", errors="replace"),
            url="http://fakehost/test/page.html",
            title=meta.get("title"),
            author=meta.get("byline"),
            date=meta.get("publishedTime"),
            body=html_text((page / "expected.html").read_text(encoding="utf-8", errors="replace")),
        )


def _version_key(name: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", name)]


def fundus_cases(folder: Path) -> Iterator[Case]:
    """flairNLP/fundus test data: <Publisher>_<date>.html.gz with <Publisher>.json per version."""
    for expected in sorted((folder / "test_data").glob("*/*.json")):
        versions = json.loads(expected.read_text(encoding="utf-8"))
        pages = sorted(expected.parent.glob(f"{expected.stem}_*.html.gz"))
        info_path = expected.parent / "meta.info"
        info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
        for key, page in zip(sorted(versions, key=_version_key), pages, strict=False):
            data = versions[key]
            sections = data.get("body", {}) or {}
            parts = list(sections.get("summary", []))
            for section in sections.get("sections", []):
                parts.extend(section.get("headline", []))
                parts.extend(section.get("paragraphs", []))
            yield Case(
                name=f"fundus/{expected.parent.name}/{page.name}",
                html=gzip.decompress(page.read_bytes()).decode("utf-8", "replace"),
                url=info.get(page.name, {}).get("url"),
                title=data.get("title"),
                author=", ".join(data.get("authors") or []) or None,
                date=data.get("publishing_date"),
                body="\n\n".join(parts),
            )


def folder_cases(folder: Path) -> Iterator[Case]:
    """Pages of our own: <name>.html with <name>.json holding url, title, author, date, body."""
    for page in sorted(folder.glob("*.html")):
        data = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        yield Case(
            name=f"{folder.name}/{page.stem}",
            html=page.read_text(encoding="utf-8"),
            url=data.get("url"),
            title=data.get("title"),
            author=data.get("author"),
            date=data.get("date"),
            body=data.get("body", ""),
            complete=True,
        )


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def find_dev_sets(start: Path) -> Path | None:
    """The shared extraction sets: $DIGEST_EXTRACTION_SETS, else shared/extraction-dev in start
    or the nearest of its parents (CI keeps shared/ beside the clone)."""
    configured = os.environ.get("DIGEST_EXTRACTION_SETS")
    if configured:
        return Path(configured)
    for folder in (start, *start.parents):
        candidate = folder / "shared" / "extraction-dev"
        if candidate.is_dir():
            return candidate
    return None


def digest_result(case: Case) -> Result:
    """What digest's cleaner gets from the page, as plain text."""
    draft = extract_html(case.html, case.url)
    return Result(draft.title, draft.author, iso(draft.date), markdown_to_text(draft.markdown))


def run(cases: Iterable[Case], cleaner: Callable[[Case], Result] = digest_result) -> Score:
    """The cleaner's score and speed over the pages."""
    return run_side_by_side(cases, [cleaner])[0]


def run_side_by_side(
    cases: Iterable[Case], cleaners: list[Callable[[Case], Result]]
) -> list[Score]:
    """Each cleaner's score and speed, taking turns page by page so that a busy machine slows
    them alike; speed counts CPU seconds of this process, not wall time."""
    scores = [Score() for _ in cleaners]
    for case in cases:
        for cleaner, score in zip(cleaners, scores, strict=True):
            started = time.process_time()
            got = cleaner(case)
            score.seconds += time.process_time() - started
            score.add(case, got)
    return scores
