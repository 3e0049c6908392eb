"""One command for every docs chore: `python -m handbook <command>`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .content import schema
from .content.curriculum import load_curriculum
from .paths import project_root
from .content.problems import CurriculumError


def curriculum_is_valid(root: Path) -> bool:
    """Load and check curriculum/; print every problem when it fails."""
    try:
        load_curriculum(root)
    except CurriculumError as error:
        print(error.report(), file=sys.stderr)
        return False
    return True


def cmd_validate(args) -> int:
    try:
        curriculum = load_curriculum(args.root)
    except CurriculumError as error:
        print(error.report(), file=sys.stderr)
        return 1
    stale = schema.stale_files(args.root)
    if stale:
        print(f"curriculum/schema/: out of date ({', '.join(stale)}) (hint: run `make schema`)", file=sys.stderr)
        return 1
    for warning in curriculum.warnings:  # allowed, but listed for the translators (as every build lists them)
        print(warning, file=sys.stderr)
    count = len(curriculum.warnings)
    untranslated = f", {count} text{'s' if count != 1 else ''} without English (listed above)" if count else ""
    print(f"curriculum: OK ({len(curriculum.sessions)} sessions, {len(curriculum.cases)} cases, "
          f"{len(curriculum.glossary.terms)} glossary terms, {len(curriculum.sources.sections)} report sections{untranslated})")
    return 0


def cmd_schema(args) -> int:
    if args.check:
        stale = schema.stale_files(args.root)
        if stale:
            print(f"curriculum/schema/: out of date: {', '.join(stale)} (hint: run `make schema`)", file=sys.stderr)
            return 1
        print("curriculum/schema/: up to date")
        return 0
    written = schema.write(args.root)
    print(f"curriculum/schema/: wrote {len(written)} files")
    return 0


def cmd_build(args) -> int:
    """Validate, build into a temporary folder, and only then replace site/."""
    if not curriculum_is_valid(args.root):
        return 1
    target = (args.root / args.site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=args.root))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)],
            cwd=args.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        )
        if result.returncode != 0:
            print(f"build failed; {args.site_dir}/ was left as it was", file=sys.stderr)
            return result.returncode
        previous = target.with_name(target.name + ".old")
        shutil.rmtree(previous, ignore_errors=True)
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
        print(f"built {args.site_dir}/ (Japanese at /, English at /en/)")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cmd_offline(args) -> int:
    """The closed-network edition: a zip in dist/ that works from file:// with no network."""
    from .outputs import offline

    if not curriculum_is_valid(args.root):
        return 1
    try:
        path = offline.build(args.root, (args.root / args.dist).resolve())
    except offline.OfflineBuildError as error:
        print(f"{error}\noffline: build failed; nothing was written to {args.dist}/", file=sys.stderr)
        return 1
    print(f"wrote {path.relative_to(args.root.resolve()) if path.is_relative_to(args.root.resolve()) else path} "
          f"({path.stat().st_size / 1e6:.1f} MB): unzip it and open {offline.EDITION_FOLDER}/index.html")
    return 0


def cmd_links(args) -> int:
    """Internal links and anchors of a built site folder, or of the offline zip (as opened from file://)."""
    from .qa import linkcheck

    site_url = linkcheck.site_url_from_config(args.root / "mkdocs.yml")
    target = args.root / args.path
    if not target.exists():
        print(f"links: {args.path} does not exist (hint: run `make build` or `make offline` first)", file=sys.stderr)
        return 2
    report = (linkcheck.check_zip(target, site_url=site_url) if target.suffix == ".zip"
              else linkcheck.check(target, directory_index=not args.file, site_url=site_url))
    for link in report.broken:
        print(link, file=sys.stderr)
    print(f"links: {report.summary()}")
    return 0 if report.ok else 1


def cmd_plan(args) -> int:
    """Print the dated schedule of all sessions and tasks."""
    from .views import planner

    try:
        first = planner.parse_date(args.first)
        interval = planner.parse_interval(args.interval)
    except planner.PlanError as error:
        print(f"plan: {error}", file=sys.stderr)
        return 2
    try:
        curriculum = load_curriculum(args.root)
    except CurriculumError as error:
        print(error.report(), file=sys.stderr)
        return 1
    entries = planner.plan(curriculum, first, interval, args.lang)
    if args.format == "csv":
        sys.stdout.write(planner.to_csv(entries, args.lang))
    elif args.format == "ics":
        sys.stdout.write(planner.to_ics(entries, args.lang, first))
    else:
        sys.stdout.write(planner.to_table(entries, args.lang))
    return 0


def _report_problems(name: str, check, args) -> int:
    """Run a check over the project and print its problems (or a count per file); exit 1 when there are any."""
    from collections import Counter

    try:
        problems = check(args.root)
    except CurriculumError as error:
        print(error.report(), file=sys.stderr)
        return 1
    if args.only:
        problems = [p for p in problems if any(p.file.startswith(prefix) for prefix in args.only)]
    if args.summary:
        for file, count in sorted(Counter(p.file for p in problems).items()):
            print(f"{count:5d}  {file}")
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
    print(f"{name}: {len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


def cmd_parity(args) -> int:
    """Japanese ↔ English: missing translations, one rendering per glossary term, untranslated text, page outlines."""
    from .qa import parity

    return _report_problems("parity", parity.check, args)


def cmd_terms(args) -> int:
    """One English rendering per concept: glossary terms and repeated Japanese texts (curriculum/, labels)."""
    from .qa import parity

    return _report_problems("terms", parity.check_renderings, args)


def cmd_urls(args) -> int:
    """Check (or extend) the list of published addresses against a built site."""
    from .qa import published

    site = (args.root / args.site_dir).resolve()
    if not site.is_dir():
        print(f"urls: {args.site_dir}/ not found (hint: run `make build` first)", file=sys.stderr)
        return 1
    if args.write:
        added = published.write_list(args.root, site)
        print(f"{published.LIST_FILE}: {added} new address{'es' if added != 1 else ''} added")
        return 0
    gone = published.missing(args.root, site)
    for address in gone:
        print(f"{published.LIST_FILE}: {address}: published address missing from the build "
              "(hint: add a redirect in mkdocs.yml → redirects → redirect_maps)", file=sys.stderr)
    if gone:
        return 1
    print(f"{published.LIST_FILE}: all {len(published.read_list(args.root))} published addresses exist")
    return 0


def cmd_bench(args) -> int:
    from .bench import bench

    try:
        if args.plain:
            sys.stdout.write(bench.run_same_size(args.root, args.runs))
        else:
            sys.stdout.write(bench.run(args.root, args.runs, quick=args.quick))
    except RuntimeError as error:  # a failed build or Lighthouse run inside the benchmark
        print(f"bench: {error}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m handbook", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="project root (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every YAML file in curriculum/ against the schema and each other").set_defaults(func=cmd_validate)
    p = commands.add_parser("build", help="validate and build the site; site/ is replaced only when the build succeeds")
    p.add_argument("--site-dir", default="site")
    p.set_defaults(func=cmd_build)
    p = commands.add_parser("offline", help="closed-network edition: a zip in dist/ that works from file:// (LGWAN)")
    p.add_argument("--dist", type=Path, default=Path("dist"), help="folder for the zip (default: dist)")
    p.set_defaults(func=cmd_offline)
    p = commands.add_parser("links", help="check internal links and anchors of a built site or of the offline zip")
    p.add_argument("path", nargs="?", default="site", help="site folder or offline zip (default: site)")
    p.add_argument("--file", action="store_true", help="check a folder as opened from file:// (a link to a folder is broken)")
    p.set_defaults(func=cmd_links)
    p = commands.add_parser("plan", help="dated schedule of all sessions and preparation tasks")
    p.add_argument("--first", required=True, help="first day of the first session: 2027-06-10, 2027/6/10 or 2027年6月10日 (full-width digits too)")
    p.add_argument("--interval", default="1m", help="time between sessions: 1m (monthly, default) … 6m, or 1w … 26w")
    p.add_argument("--format", choices=("table", "csv", "ics"), default="table")
    p.add_argument("--lang", choices=("ja", "en"), default="ja")
    p.set_defaults(func=cmd_plan)
    p = commands.add_parser("parity", help="check the English edition against the Japanese (texts, terms, pages)")
    p.add_argument("--summary", action="store_true", help="count problems per file instead of listing them")
    p.add_argument("--only", nargs="*", help="only files whose path starts with one of these")
    p.set_defaults(func=cmd_parity)
    p = commands.add_parser("terms", help="one English rendering per glossary term and per repeated Japanese text")
    p.add_argument("--summary", action="store_true", help="count problems per file instead of listing them")
    p.add_argument("--only", nargs="*", help="only files whose path starts with one of these")
    p.set_defaults(func=cmd_terms)
    p = commands.add_parser("urls", help="check that every published address still exists in the built site")
    p.add_argument("--site-dir", default="site")
    p.add_argument("--write", action="store_true", help="add the build's new addresses to tests/published-urls.txt")
    p.set_defaults(func=cmd_urls)
    p = commands.add_parser("bench", help="build times, page weight, search speed and Lighthouse scores (medians, budgets)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--quick", action="store_true", help="one run, no 10x build (for development)")
    p.add_argument("--plain", action="store_true", help="only the handbook against plain Material at 1x and 10x (interleaved runs)")
    p.set_defaults(func=cmd_bench)
    p = commands.add_parser("schema", help="export the JSON Schema into curriculum/schema/")
    p.add_argument("--check", action="store_true", help="only report whether the export is up to date")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.root = (args.root or project_root()).resolve()
    return args.func(args)
