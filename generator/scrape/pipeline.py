"""One input (URL, saved HTML, text dump) -> a cleaned, classified Draft; shared by scrape and clean."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.config import CONFIG_NAME, ScrapeConfig, SiteConfig, load_config
from generator.errors import ScrapeError
from generator.scrape.classify import Vocabulary, classify, load_vocabulary
from generator.scrape.decode import decode_html, decode_text
from generator.scrape.draft import Draft
from generator.scrape.fetch import Fetcher, FetchOptions, is_web_url
from generator.scrape.plaintext import to_text
from generator.scrape.profiles import Profile, find_profile, load_profiles
from generator.scrape.textdump import detect_lang, parse_textdump

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
MAX_FILE = 50_000_000


@dataclass(frozen=True)
class Input:
    """One thing to clean, as the user named it."""

    name: str  # as given: a URL or a path
    url: str | None = None
    path: Path | None = None
    problem: str | None = None  # why it cannot be read at all


@dataclass(frozen=True)
class Cleaned:
    """A cleaned page: its draft (classified) and its body as plain text."""

    input: Input
    draft: Draft
    text: str
    retrieved: datetime | None = None  # when the page was fetched or saved


@dataclass(frozen=True)
class Cleaner:
    """What cleaning needs: profiles, vocabulary, a fetcher for URLs, the site's time zone."""

    profiles: list[Profile]
    vocabulary: Vocabulary
    tz: tzinfo
    fetcher: Fetcher | None = None
    max_bytes: int = MAX_FILE  # a saved page gets the same size cap as a fetched one

    def clean(self, item: Input) -> Cleaned:
        """The input cleaned; ScrapeError says why it cannot be."""
        if item.problem:
            raise ScrapeError(item.name, item.problem)
        retrieved = None
        if item.url is not None:
            if self.fetcher is None:
                raise ScrapeError(item.name, "fetching is not available here")
            page = self.fetcher.fetch(item.url)
            retrieved = page.fetched_at
            draft = self._html(decode_html(page.content, page.content_type), page.url)
        else:
            assert item.path is not None
            data = _read(item.path, item.name, self.max_bytes)
            # A saved page's file time is when it was saved: the best date it has of its own.
            retrieved = datetime.fromtimestamp(item.path.stat().st_mtime, UTC)
            if item.path.suffix.lower() in HTML_SUFFIXES:
                draft = self._html(decode_html(data), None)
            else:
                text = decode_text(data)
                if text.lstrip("\ufeff").startswith("---\n") and "\n---" in text[4:]:
                    raise ScrapeError(item.name, "has front-matter: it is an article already, not a page")  # fmt: skip
                draft = parse_textdump(text, find_profile(self.profiles, None, text))
        draft = printable(draft)
        if not draft.title:
            raise ScrapeError(item.name, "no title found")
        if not draft.markdown.strip():
            raise ScrapeError(item.name, "no article text found")
        if draft.date is not None and draft.date.tzinfo is None:
            draft = replace(draft, date=draft.date.replace(tzinfo=self.tz))
        text = to_text(draft.markdown)
        return Cleaned(item, classify(draft, self.vocabulary, text), text, retrieved)

    def _html(self, html: str, url: str | None) -> Draft:
        try:  # imported here: HTML extraction is its own stage, in its own module
            from generator.scrape.extract import extract_html
        except ModuleNotFoundError as exc:
            if exc.name != "generator.scrape.extract":
                raise
            raise ScrapeError(url or "page", "this installation cannot read HTML pages") from None

        profile = find_profile(self.profiles, url, html)
        draft = extract_html(html, url, profile)
        return replace(
            draft,
            source_url=draft.source_url or url,
            source=draft.source or (profile.source if profile else None),
            lang=draft.lang or detect_lang(draft.markdown),
        )


# C0 controls but tab and newline, DEL, and C1 controls: a page's bytes must not reach a
# terminal (`digest clean` prints them) or a content file as escape sequences.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _one_line(value: str) -> str:
    # A title, an author or a tag is one line: controls and runs of spaces become one space,
    # none at the ends, so the file's value is the value every reader of it gets.
    return " ".join(_CONTROL.sub(" ", value).split())


def printable(draft: Draft) -> Draft:
    """The draft without control characters; one-line fields trimmed, empty ones None."""
    changes: dict[str, object] = {"markdown": _CONTROL.sub("", draft.markdown)}
    for item in fields(draft):
        value = getattr(draft, item.name)
        if item.name == "markdown":
            continue
        if isinstance(value, str):
            changes[item.name] = _one_line(value) or None
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            changes[item.name] = [line for line in map(_one_line, value) if line]
    return replace(draft, **changes)  # type: ignore[arg-type]


def _read(path: Path, name: str, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise ScrapeError(name, f"too big: more than {limit} bytes")
        return path.read_bytes()
    except FileNotFoundError:
        raise ScrapeError(name, "no such file") from None
    except IsADirectoryError:
        raise ScrapeError(name, "is a folder") from None
    except OSError as exc:
        raise ScrapeError(name, exc.strerror or str(exc)) from None


def _from_folder(folder: Path) -> list[Input]:
    found = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in HTML_SUFFIXES + TEXT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    return [Input(str(p), path=p) for p in found]


def resolve_inputs(names: list[str], list_file: Path | None = None) -> list[Input]:
    """Inputs in the order given, folders expanded and the list file read; bad ones say why."""
    if list_file is not None:
        try:
            lines = list_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return [Input(str(list_file), problem=f"cannot read the list: {reason}")]
        base = list_file.parent
        listed = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
        names = names + [
            n if "://" in n or Path(n).is_absolute() else str(base / n) for n in listed
        ]
    inputs: list[Input] = []
    for name in names:
        if "://" in name:
            ok = is_web_url(name)
            problem = None if ok else "only http and https URLs can be fetched"
            inputs.append(Input(name, url=name if ok else None, problem=problem))
            continue
        path = Path(name)
        if path.is_dir():
            inputs.extend(_from_folder(path))
        elif not path.exists():
            inputs.append(Input(name, problem="no such file or folder"))
        elif path.suffix.lower() not in HTML_SUFFIXES + TEXT_SUFFIXES:
            inputs.append(Input(name, problem="not a page: expected .html, .htm, .txt or .md"))
        else:
            inputs.append(Input(name, path=path))
    return inputs


def make_cleaner(config: SiteConfig | None, refresh: bool = False) -> Cleaner:
    """A cleaner with the site's profiles, vocabulary and page cache (shipped ones without a site)."""
    root = config.root if config else None
    scrape = config.scrape if config else ScrapeConfig()
    cache = config.cache_dir / "pages" if config else None
    return Cleaner(
        profiles=load_profiles(root),
        vocabulary=load_vocabulary(root, config.language if config else "ru"),
        tz=config.tz if config else ZoneInfo("Europe/Moscow"),
        fetcher=Fetcher(FetchOptions(scrape, cache_dir=cache, refresh=refresh)),
        max_bytes=scrape.max_bytes,
    )


def find_site(root: Path) -> SiteConfig | None:
    """The site at root, or None when root holds no digest.toml."""
    return load_config(root) if (root / CONFIG_NAME).is_file() else None
