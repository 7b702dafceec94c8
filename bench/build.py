"""Build speed and memory of digest, Hugo and Pelican on one generated corpus.

    python bench/build.py [--sizes 1000 10000] [--runs 3] [--tools digest hugo pelican]

For each size it writes a corpus (bench/corpus.py), converts it for Hugo and Pelican (their
configs and templates are in bench/peers/), then, run after run, times:
  digest cold    no cache, empty output/
  digest warm    the same build again, nothing changed
  digest edit    after one article's body was edited
  hugo           a full build (Debian's hugo, installed if missing)
  pelican        a full build (PyPI's pelican, installed if missing)
with the peak memory (maximum resident set) of each, and prints medians and each figure's
ratio to Hugo's full build.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import write_site  # noqa: E402
from generator.contentfile import split_front_matter  # noqa: E402
from generator.slugs import slugify  # noqa: E402

PEERS = HERE / "peers"
TOOLS = ("digest", "hugo", "pelican")


@dataclass(frozen=True)
class Run:
    """One timed command."""

    seconds: float
    peak_mb: float
    output: str
    cpu: float = 0.0  # user + system seconds, workers included: less noisy on a busy machine


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command; its wall time and peak memory (largest process, its workers included)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{output[-3000:]}")
    return Run(
        seconds,
        usage.ru_maxrss / 1024,
        output.strip().splitlines()[-1:][0] if output.strip() else "",
        usage.ru_utime + usage.ru_stime,
    )


def ensure_hugo() -> str:
    """The hugo binary, installed from Debian if missing."""
    found = shutil.which("hugo")
    if found is None:
        print("installing hugo (apt-get install -y hugo)...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], check=True)
        found = shutil.which("hugo")
    assert found is not None
    return found


def ensure_pelican() -> list[str]:
    """The pelican command of this interpreter, installed from PyPI if missing."""
    try:
        import pelican  # noqa: F401
    except ImportError:
        print("installing pelican (pip install pelican)...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pelican>=4.9"], check=True)
    return [sys.executable, "-m", "pelican"]


def articles(site: Path) -> list[Path]:
    return sorted((site / "content" / "articles").rglob("*.md"))


def make_hugo_site(source: Path, target: Path, base_url: str) -> None:
    """The corpus as a Hugo site: front-matter renamed to Hugo's, body unchanged."""
    import yaml

    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(PEERS / "hugo", target)
    config = target / "hugo.toml"
    config.write_text(f'baseURL = "{base_url}"\n' + config.read_text("utf-8"), "utf-8")
    for path in articles(source):
        data, body = split_front_matter(path.read_text("utf-8"), str(path))
        date = str(data["date"])
        front = {
            "title": data["title"],
            "date": date,
            "slug": slugify(str(data["title"])),
            "authors": [data["author"]],
            "tags": data["tags"],
            "topics": data["topics"],
            "countries": data["countries"],
            "months": [date[:7]],
            "views": data["views"],
            "source": data["source"],
            "source_url": data["source_url"],
        }
        out = target / "content" / "posts" / path.relative_to(source / "content" / "articles")
        out.parent.mkdir(parents=True, exist_ok=True)
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        out.write_text(f"---\n{header}---\n\n{body}\n", "utf-8")


def make_pelican_site(source: Path, target: Path, base_url: str) -> None:
    """The corpus as a Pelican site: Markdown metadata lines, body unchanged."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    config = (PEERS / "pelican" / "pelicanconf.py").read_text("utf-8")
    config = config.replace('SITEURL = ""', f'SITEURL = "{base_url.rstrip("/")}"')
    (target / "pelicanconf.py").write_text(config, "utf-8")
    for path in articles(source):
        data, body = split_front_matter(path.read_text("utf-8"), str(path))
        date = str(data["date"])
        lines = [
            f"Title: {data['title']}",
            f"Date: {date[:10]} {date[11:16]}",
            f"Slug: {slugify(str(data['title']))}",
            f"Category: {data['topics'][0]}",
            f"Tags: {', '.join([*data['tags'], *data['countries']])}",
            f"Author: {data['author']}",
        ]
        out = target / "content" / path.relative_to(source / "content" / "articles")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines) + "\n\n" + body + "\n", "utf-8")


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def edit_one(site: Path, number: int) -> None:
    """Change the body of one article in the middle of the site."""
    files = articles(site)
    target = files[len(files) // 2]
    target.write_text(target.read_text("utf-8") + f"\nПравка номер {number}.\n", "utf-8")


def bench_size(size: int, runs: int, tools: list[str], work: Path) -> dict[str, list[Run]]:
    """Every measurement at one size."""
    base_url = "https://example.github.io/digest/"
    site = work / f"digest-{size}"
    print(f"\n== {size} articles: writing the corpus into {site}", flush=True)
    write_site(site, size, seed=1)
    digest = [sys.executable, "-m", "generator", "build", "--site", str(site)]
    results: dict[str, list[Run]] = {}
    if "hugo" in tools:
        hugo = ensure_hugo()
        make_hugo_site(site, work / f"hugo-{size}", base_url)
    if "pelican" in tools:
        pelican = ensure_pelican()
        make_pelican_site(site, work / f"pelican-{size}", base_url)
    for run in range(1, runs + 1):
        if "digest" in tools:
            shutil.rmtree(site / "output", ignore_errors=True)
            shutil.rmtree(site / ".digest-cache", ignore_errors=True)
            record(results, "digest cold", timed(digest, HERE.parent))
            record(results, "digest warm", timed(digest, HERE.parent))
            edit_one(site, run)
            record(results, "digest edit", timed(digest, HERE.parent))
            results.setdefault("files digest", []).append(
                Run(0, 0, str(count_files(site / "output")))
            )
        if "hugo" in tools:
            folder = work / f"hugo-{size}"
            shutil.rmtree(folder / "public", ignore_errors=True)
            shutil.rmtree(folder / "resources", ignore_errors=True)
            record(results, "hugo", timed([hugo, "--quiet", "-s", str(folder)], folder))
            results.setdefault("files hugo", []).append(
                Run(0, 0, str(count_files(folder / "public")))
            )
        if "pelican" in tools:
            folder = work / f"pelican-{size}"
            shutil.rmtree(folder / "output", ignore_errors=True)
            command = [*pelican, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
            record(results, "pelican", timed(command, folder))
            results.setdefault("files pelican", []).append(
                Run(0, 0, str(count_files(folder / "output")))
            )
    return results


def record(results: dict[str, list[Run]], name: str, run: Run) -> None:
    results.setdefault(name, []).append(run)
    print(
        f"  {name:<12} {run.seconds:8.2f} s {run.cpu:8.2f} cpu s {run.peak_mb:8.0f} MB  {run.output}",
        flush=True,
    )


def table(size: int, results: dict[str, list[Run]]) -> str:
    """The medians at one size, as a Markdown table with ratios to Hugo."""
    hugo = statistics.median(r.seconds for r in results["hugo"]) if "hugo" in results else None
    lines = [
        f"| {size:,} articles | median s | ratio to Hugo | median cpu s | peak MB | files |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, runs in results.items():
        if name.startswith("files "):
            continue
        seconds = statistics.median(r.seconds for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        peak = max(r.peak_mb for r in runs)
        ratio = f"{seconds / hugo:.2f}" if hugo else "–"
        tool = name.split()[0]
        files = results.get(f"files {tool}", [Run(0, 0, "–")])[-1].output
        lines.append(f"| {name} | {seconds:.2f} | {ratio} | {cpu:.1f} | {peak:.0f} | {files} |")
    return "\n".join(lines)


def machine() -> str:
    memory = ""
    try:
        total = next(
            line for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
        )
        memory = f", {int(total.split()[1]) / 1024 / 1024:.0f} GB memory"
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
        f"load average {load:.1f} at the end"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    parser.add_argument("--work", type=Path, default=Path("/tmp/digest-bench"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    tables = []
    by_size: dict[int, dict[str, list[Run]]] = {}
    for size in args.sizes:
        by_size[size] = bench_size(size, args.runs, args.tools, args.work)
        tables.append(table(size, by_size[size]))
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine()}")
    print(f"command: python bench/build.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    for text in tables:
        print("\n" + text)
    lines = scaling(by_size)
    if lines:
        print("\nScaling (median time at the larger size ÷ linear extrapolation from the smaller):")
        print("\n".join(lines))
    return 0


def scaling(by_size: dict[int, dict[str, list[Run]]]) -> list[str]:
    """How each measurement grows from one size to the next, against linear growth."""
    lines = []
    sizes = sorted(by_size)
    for small, big in zip(sizes, sizes[1:], strict=False):
        for name in by_size[big]:
            if name.startswith("files ") or name not in by_size[small]:
                continue
            before = statistics.median(r.seconds for r in by_size[small][name])
            after = statistics.median(r.seconds for r in by_size[big][name])
            linear = before * big / small
            lines.append(
                f"  {name}: {small:,} → {big:,} articles: {before:.1f} s → {after:.1f} s, "
                f"{after / linear:.2f}× linear"
            )
    return lines


if __name__ == "__main__":
    sys.exit(main())
