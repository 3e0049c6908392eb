"""The addresses the handbook has published (flyers, QR codes, e-mails): tests/published-urls.txt.

Never delete a line. A page that moves keeps its old address through a redirect
(mkdocs.yml → plugins → redirects → redirect_maps); the tests check every listed address.
"""

from __future__ import annotations

from pathlib import Path

LIST_FILE = Path("tests") / "published-urls.txt"
DOWNLOADS = (".pdf", ".docx")
NOT_PUBLISHED = ("assets/", "search/", "404.html")


def addresses_in(site: Path) -> list[str]:
    """Every page folder and download of a built site, as site-relative addresses ('' = home)."""
    found = set()
    for path in site.rglob("*"):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(NOT_PUBLISHED) or "/search/" in relative or "/assets/" in relative:
            continue
        if path.name == "index.html":
            folder = path.parent.relative_to(site).as_posix()
            found.add("" if folder == "." else folder + "/")
        elif path.suffix in DOWNLOADS:
            found.add(relative)
    return sorted(found)


def read_list(root: Path) -> list[str]:
    lines = (root / LIST_FILE).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def missing(root: Path, site: Path) -> list[str]:
    """Listed addresses that the build no longer has (neither the page nor a redirect to it)."""
    present = set(addresses_in(site))
    return [address for address in read_list(root) if address.removeprefix("/") not in present]


def write_list(root: Path, site: Path) -> int:
    """Add the build's addresses to the list (keeping every address already there)."""
    path = root / LIST_FILE
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")] if path.exists() else []
    if not header:
        header = ["# Every address the handbook has published, relative to site_url ('/' = home).",
                  "# Never delete a line: move a page with a redirect (mkdocs.yml: redirects → redirect_maps).",
                  "# Add new ones with: python -m handbook urls --write"]
    known = set(read_list(root)) if path.exists() else set()
    addresses = sorted(known | {"/" + a for a in addresses_in(site)})
    path.write_text("\n".join(header + addresses) + "\n", encoding="utf-8")
    return len(addresses) - len(known)
