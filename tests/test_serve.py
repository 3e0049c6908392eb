"""`mkdocs serve` (make serve) while a lecturer edits the YAML: a rebuild that finds problems in curriculum/
shows them in the browser and in the terminal, every time, and the next good rebuild shows the real pages."""

from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project
from test_bad_input import CASES

pytestmark = pytest.mark.build

DEADLINE = 900  # seconds for the whole test: a cold first build on a loaded 2-core machine takes minutes
MARK = "data-build-problems"  # build_problems.html


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`python -m mkdocs serve` in its own process group; its terminal output collected line by line."""

    def __init__(self, project: Path):
        env = {key: value for key, value in os.environ.items() if key != "HANDBOOK_PUBLIC_URL"}
        # No Word/PDF files: the test is about the pages and the terminal, not the printed outputs.
        env.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "HANDBOOK_PRINT_PACKS": "0",
                    "HANDBOOK_DOWNLOADS": "0"})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{free_port()}"], cwd=project, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", start_new_session=True)
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.end = time.monotonic() + DEADLINE
        threading.Thread(target=self._read, daemon=True).start()
        serving = self.wait_for(lambda: next((line for line in self.lines if "Serving on " in line), None), "the server to start")
        self.url = serving.split("Serving on ", 1)[1].strip()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    @property
    def output(self) -> str:
        with self.changed:
            return "\n".join(self.lines)

    def wait_for(self, condition, what: str):
        """Check `condition` whenever the server prints a line (and at least every second, for the HTTP side)
        until it holds; fail with the server's output at the deadline or when the server ends."""
        while True:
            with self.changed:
                seen = len(self.lines)
            result = condition()
            if result:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"the server ended while waiting for {what}:\n{self.output[-5000:]}")
            if time.monotonic() > self.end:
                pytest.fail(f"timed out waiting for {what}:\n{self.output[-5000:]}")
            with self.changed:
                self.changed.wait_for(lambda: len(self.lines) > seen, timeout=1)

    def messages_since(self, start: int) -> list[str]:
        """The messages (without the level column) the server printed from line `start` on."""
        with self.changed:
            return [line.split("-  ", 1)[-1] for line in self.lines[start:]]

    def page(self, path: str = "") -> str:
        """The served page's HTML ("" while the server does not answer)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # PDF workers left behind
        except ProcessLookupError:
            pass


def heading(page: str) -> str:
    return page.split("<h1", 1)[1].split("</h1>", 1)[0] if "<h1" in page else ""


def test_problems_show_in_the_browser_and_terminal_on_every_failed_rebuild(tmp_path):
    project = copy_project(tmp_path / "project")
    first, second = CASES["dangling-source"], CASES["dangling-session"]
    assert first.file != second.file  # fixed one at a time below
    originals = {case.file: (project / case.file).read_bytes() for case in (first, second)}
    server = Server(project)
    try:
        home = server.wait_for(server.page, "the home page")
        assert MARK not in home
        real_heading = heading(home)
        assert real_heading

        def line_of(case) -> tuple[str, str]:
            file, line, field, message, _hint = case.apply(project)
            return f"{file}:{line}: {field}: ", message

        def shown(expected: list[tuple[str, str]], path: str = ""):
            """The page at `path` once it lists exactly the expected problems (text unescaped)."""
            page = server.page(path)
            text = html.unescape(page)
            if MARK not in page:
                return None
            items = text.split(MARK, 1)[1].count("<li>")
            return page if items == len(expected) and all(where in text and message in text for where, message in expected) else None

        def printed(expected: list[tuple[str, str]], start: int) -> bool:
            """The terminal's last problem list since line `start` is exactly the expected problems, in full."""
            messages = server.messages_since(start)
            ends = [n for n, message in enumerate(messages) if message.startswith("curriculum: ") and " found" in message]
            if not ends or ends[-1] < len(expected):
                return False
            listed = messages[ends[-1] - len(expected): ends[-1]]
            return all(where in line and message in line for line, (where, message) in zip(listed, sorted(expected)))

        # First failed rebuild: one problem, on the Japanese and the English pages and in the terminal.
        start = len(server.lines)
        problem_a = line_of(first)
        server.wait_for(lambda: shown([problem_a]), "the first problem in the browser")
        server.wait_for(lambda: shown([problem_a], "en/"), "the first problem on the English page")
        server.wait_for(lambda: printed([problem_a], start), "the first problem in the terminal")

        # Second failed rebuild: both problems.
        start = len(server.lines)
        problem_b = line_of(second)
        server.wait_for(lambda: shown([problem_a, problem_b]), "both problems in the browser")
        server.wait_for(lambda: printed([problem_a, problem_b], start), "both problems in the terminal")

        # Third failed rebuild: the first fixed, the second still there and printed again in full.
        start = len(server.lines)
        (project / first.file).write_bytes(originals[first.file])
        server.wait_for(lambda: shown([problem_b]), "the remaining problem in the browser")
        server.wait_for(lambda: printed([problem_b], start), "the remaining problem in the terminal again")

        # Repaired: the real page again.
        (project / second.file).write_bytes(originals[second.file])
        page = server.wait_for(lambda: (lambda p: p if p and MARK not in p else None)(server.page()), "the real page")
        assert heading(page) == real_heading
        assert "Traceback" not in server.output
    finally:
        server.stop()
