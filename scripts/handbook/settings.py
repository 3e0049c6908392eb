"""Every setting the handbook reads from the environment, read here and nowhere else (README: *Settings*).

Read on each call, never cached and never written back: a value put into os.environ would outlive the
build that put it there (a long `make serve` would keep it)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PUBLIC_URL = "HANDBOOK_PUBLIC_URL"
DOWNLOADS = "HANDBOOK_DOWNLOADS"
PRINT_PACKS = "HANDBOOK_PRINT_PACKS"
ROOT = "HANDBOOK_ROOT"
OFFLINE = "HANDBOOK_OFFLINE"  # read by mkdocs.yml itself (!ENV): the offline plugin of the closed-network edition
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
DOWNLOAD_CACHE = "HANDBOOK_DOWNLOAD_CACHE"
BENCH_CAPTURE = "HANDBOOK_BENCH_CAPTURE"  # set by the benchmark in its throw-away copy only (bench_plain.py)


@dataclass(frozen=True)
class Settings:
    public_url: str  # the published address, e.g. https://www.pref.example.lg.jp/kenko/handbook/ ("" = not set)
    downloads: bool  # PDFs, Word files and QR codes (0: pages only, the benchmark's baseline)
    print_packs: bool  # the per-session print packs and the book PDFs (0: left out, e.g. under make serve)
    root: Path | None  # the project folder (tests point it at a copy), else found from the current folder
    source_date_epoch: int | None  # the edition's time (reproducible builds), else the last commit's
    bench_capture: Path | None  # where the benchmark's capture hook writes the expanded Markdown
    download_cache: Path | None  # the PDF/Word cache folder (tests share the real one with project copies), else <root>/.cache/downloads


def current() -> Settings:
    env = os.environ
    epoch = env.get(SOURCE_DATE_EPOCH, "").strip()
    return Settings(
        public_url=env.get(PUBLIC_URL, "").strip(),
        downloads=env.get(DOWNLOADS, "1") != "0",
        print_packs=env.get(DOWNLOADS, "1") != "0" and env.get(PRINT_PACKS, "1") != "0",
        root=Path(env[ROOT]).resolve() if env.get(ROOT) else None,
        source_date_epoch=int(epoch) if epoch else None,
        bench_capture=Path(env[BENCH_CAPTURE]) if env.get(BENCH_CAPTURE) else None,
        download_cache=Path(env[DOWNLOAD_CACHE]).resolve() if env.get(DOWNLOAD_CACHE, "").strip() else None,
    )
