"""Build benchmark (`make bench`): medians of repeated builds, printed as a table.

Not a test: the numbers depend on the machine. Budgets (2-core machine) are printed beside them.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _build(root: Path, site_dir: Path, downloads: bool, cache_dir: Path | None) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "HANDBOOK_DOWNLOADS": "1" if downloads else "0"}
    if cache_dir is not None and cache_dir.exists():
        shutil.rmtree(cache_dir)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                            cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"bench: build failed:\n{result.stderr[-2000:]}")
    return elapsed


def run(root: Path, runs: int) -> str:
    cache = root / ".cache" / "downloads"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        cases = [
            ("build without generated files (ja + en)", False, False),
            ("build with generated files, cold cache", True, True),
            ("build with generated files, warm cache (no change)", True, False),
        ]
        results = {}
        for name, downloads, cold in cases:
            if downloads and not cold:
                _build(root, site, True, None)  # warm the cache once
            times = [_build(root, site, downloads, cache if cold else None) for _ in range(runs)]
            results[name] = statistics.median(times)
            rows.append((name, results[name], min(times), max(times)))
        pdfs = sorted(site.rglob("*.pdf"))
        docx = sorted(site.rglob("*.docx"))
    base = results[cases[0][0]]
    lines = [f"Build benchmark: median of {runs} runs ({os.cpu_count()} CPUs)", "",
             "| build | median s | min s | max s | ratio to no files |", "|---|---:|---:|---:|---:|"]
    for name, median, low, high in rows:
        lines.append(f"| {name} | {median:.2f} | {low:.2f} | {high:.2f} | {median / base:.2f}× |")
    lines += ["", f"Generated files: {len(pdfs)} PDF, {len(docx)} Word.",
              "Budget (issue 3): full build with all files ≤ 2× the build without them."]
    return "\n".join(lines) + "\n"
