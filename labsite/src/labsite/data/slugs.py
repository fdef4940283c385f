"""The one slug rule: ids of records, paper page names, image file names. No Sphinx here."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, *, keep: str = "", strip: str = "-", fallback: str = "item") -> str:
    """The one slug rule (talk ids, paper page names, image file names): every run of characters other
    than ASCII letters, digits and those in ``keep`` becomes ``-``; the ends lose ``strip``; an empty
    result is ``fallback``. Case is kept: ``slug("DBLP:conf/X21", keep="_.-")`` -> ``DBLP-conf-X21``."""
    allowed = "A-Za-z0-9" + re.escape(keep)
    return re.sub(f"[^{allowed}]+", "-", text).strip(strip) or fallback


def slugify(text: str) -> str:
    """`Rutgers Efficient AI Seminar` -> `rutgers-efficient-ai-seminar`: :func:`slug` of the text in
    lower-case ASCII (accents dropped: `Zürich` -> `zurich`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slug(ascii_text.lower())
