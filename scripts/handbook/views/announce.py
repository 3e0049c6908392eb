"""Announcement kit: QR codes (segno, made offline) for the public short addresses of sessions
and worksheets (addresses: pages.public_base)."""

from __future__ import annotations

import io


def qr_svg(url: str, title: str) -> str:
    """An SVG QR code (vector, for pages and PDFs); error correction M survives a photocopy."""
    import segno  # here, not above: most builds draw no QR code (only with a public address), and segno takes 15 ms to import

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, title=title)
    return buffer.getvalue().decode("utf-8")


def qr_png(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
