"""Reproducible output: two builds of the same tree give byte-identical files, and zips do not
depend on file mtimes or listing order."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from handbook.outputs import reproducible

# 2026-09-21 12:00:00 UTC: a fixed "last commit" time for both builds.
EPOCH = 1789992000
EPOCH_DATE = (2026, 9, 21, 0, 0, 0)  # files dated by the edition carry its midnight


def digests(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.build
def test_two_builds_of_the_same_tree_are_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    builds = []
    # Each copy has its own, empty .cache/downloads: every PDF and Word file is made twice.
    # Different hash seeds: output must not follow the order of a set or dict of strings.
    for number, seed in ((1, "1"), (2, "2")):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        project = copy_project(tmp_path / f"project-{number}")
        assert not (project / ".cache").exists()
        site = tmp_path / f"site-{number}"
        # With a public address, so the QR codes (SVG, PNG) are made and compared too.
        result = build_site(project, site, extra_env={"HANDBOOK_PUBLIC_URL": "https://www.pref.example.lg.jp/handbook/",
                                                      "HANDBOOK_DOWNLOAD_CACHE": ""})  # its own cache: made twice
        assert result.returncode == 0, result.stderr[-4000:]
        builds.append(digests(site))
    first, second = builds
    assert sorted(first) == sorted(second), f"files only in one build: {sorted(set(first) ^ set(second))}"
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], f"{len(differing)} files differ between two builds:\n" + "\n".join(differing)
    kinds = {Path(name).suffix for name in first}
    assert {".html", ".pdf", ".docx", ".png", ".svg", ".json", ".gz"} <= kinds
    assert len(first) > 300

    site = tmp_path / "site-1"
    # Dates come from SOURCE_DATE_EPOCH, not the clock: the sitemap's gzip header and the Word files.
    with gzip.open(site / "sitemap.xml.gz") as sitemap:
        sitemap.read()
        assert sitemap.mtime == int(datetime(*EPOCH_DATE, tzinfo=timezone.utc).timestamp())
    with zipfile.ZipFile(site / "worksheets" / "roadmap" / "roadmap.docx") as word:
        entries = word.infolist()
        assert entries[0].filename == "[Content_Types].xml"
        assert {entry.date_time for entry in entries} == {EPOCH_DATE}
        core = word.read("docProps/core.xml").decode("utf-8")
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-09-21T00:00:00Z</dcterms:created>" in core
        assert "lastPrinted" not in core


def test_built_word_file_still_opens(tmp_path):
    """The rewritten zip is still a Word document python-docx reads, with its tables."""
    from docx import Document

    from handbook.outputs import edition

    source = io.BytesIO()
    document = Document()
    document.add_paragraph("段落")
    document.add_table(rows=2, cols=2)
    document.save(source)
    rewritten = reproducible.normalise_zip(source.getvalue(), edition.edition_epoch("2026-09-21"), first=("[Content_Types].xml",))
    reopened = Document(io.BytesIO(rewritten))
    assert reopened.paragraphs[0].text == "段落" and len(reopened.tables) == 1
    with zipfile.ZipFile(io.BytesIO(rewritten)) as archive, zipfile.ZipFile(source) as original:
        assert sorted(archive.namelist()) == sorted(original.namelist())
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert archive.namelist()[1:] == sorted(archive.namelist()[1:])


def make_folder(folder: Path, names: list[str], mtime: float) -> Path:
    for name in names:  # created in the order given: the file system may list them so
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"content of {name}", encoding="utf-8")
        os.utime(path, (mtime, mtime))
    return folder


def test_zip_writer_ignores_mtimes_and_creation_order(tmp_path):
    names = ["index.html", "en/index.html", "assets/site.css", "worksheets/a/a.pdf", "日本語.txt"]
    one = make_folder(tmp_path / "one", names, mtime=time.time())
    two = make_folder(tmp_path / "two", list(reversed(names)), mtime=1_000_000_000)
    os.chmod(two / "index.html", 0o600)
    zip_one = reproducible.write_zip(one, tmp_path / "one.zip", prefix="handbook", epoch=EPOCH)
    zip_two = reproducible.write_zip(two, tmp_path / "two.zip", prefix="handbook", epoch=EPOCH)
    assert zip_one.read_bytes() == zip_two.read_bytes()

    with zipfile.ZipFile(zip_one) as archive:
        entries = archive.infolist()
        assert [entry.filename for entry in entries] == sorted(f"handbook/{name}" for name in names)
        assert {entry.date_time for entry in entries} == {(2026, 9, 21, 12, 0, 0)}
        assert {entry.external_attr >> 16 for entry in entries} == {0o100644}
        assert archive.read("handbook/日本語.txt").decode("utf-8") == "content of 日本語.txt"


def test_zip_writer_follows_source_date_epoch(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "folder", ["a.txt"], mtime=time.time())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    with zipfile.ZipFile(reproducible.write_zip(folder, tmp_path / "a.zip")) as archive:
        assert archive.infolist()[0].date_time == (2026, 9, 21, 12, 0, 0)
    # Zip dates start in 1980: an earlier SOURCE_DATE_EPOCH (e.g. 0) is clamped, not an error.
    with zipfile.ZipFile(io.BytesIO(reproducible.zip_bytes([("a.txt", b"a")], 0))) as archive:
        assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


def test_source_date_epoch_of_a_commit(tmp_path, monkeypatch):
    """Without SOURCE_DATE_EPOCH the time of the last commit; with it, that value."""
    import subprocess

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env = {**os.environ, "GIT_AUTHOR_DATE": "@1700000000 +0900", "GIT_COMMITTER_DATE": "@1700000000 +0900",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    subprocess.run(["git", "add", "a.txt"], cwd=tmp_path, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "a"], cwd=tmp_path, check=True, env=env)
    assert reproducible.source_date_epoch(tmp_path) == 1700000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert reproducible.source_date_epoch(tmp_path) == EPOCH


def test_sitemap_is_dated_by_the_last_commit_not_the_clock(site):
    """lastmod and the gzip header carry the edition (its date; its midnight UTC), with SOURCE_DATE_EPOCH unset."""
    from conftest import ROOT
    from handbook.outputs.edition import edition_date, edition_epoch

    epoch = edition_epoch(edition_date(ROOT))
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", text))
    assert dates == {edition_date(ROOT)}
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(packed[4:8], "little") == epoch  # the gzip header's MTIME field
    assert gzip.decompress(packed).decode("utf-8") == text


def test_no_module_writes_the_process_environment():
    """Settings are read, never written: a value put into os.environ outlives the build that put it there
    (under `mkdocs serve`, every rebuild would see the first build's date)."""
    from conftest import ROOT

    writes = re.compile(r"os\.environ\[[^]]+\]\s*=|os\.environ\.(setdefault|update|pop)\(|os\.putenv\(")
    offenders = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "scripts").rglob("*.py"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if writes.search(line)]
    assert offenders == []
