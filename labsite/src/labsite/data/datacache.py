"""A cache of the validated data, so a rebuild does not parse and check every data file again.

The cache is one pickle in the doctree folder (never in the sources), keyed by the bytes of every
file in the data folder and of the extension's own code: any edit to either reloads and re-checks
everything, exactly as without the cache. Only data that passed every check is stored, so a data
error is always reported.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .dataset import SiteData, load_site_data

CACHE_NAME = "labsite-data.pickle"
_CODE = Path(__file__).parent.parent  # the whole labsite package


def cache_key(data_dir: Path) -> str:
    digest = hashlib.sha256(f"{sys.version}\0{data_dir}\0".encode())
    for folder in (data_dir, _CODE):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_load(data_dir: Path, cache_dir: Path, key: str | None = None) -> SiteData:
    """`load_site_data(data_dir)`, or its stored result when nothing it depends on has changed
    (`key`: :func:`cache_key` of `data_dir`, when the caller has it already)."""
    key = key or cache_key(data_dir)
    path = cache_dir / CACHE_NAME
    try:
        with path.open("rb") as f:
            stored_key, data = pickle.load(f)
        if stored_key == key and isinstance(data, SiteData):
            return data
    except Exception:  # missing, truncated or from other code: load afresh
        pass
    data = load_site_data(data_dir)  # raises DataError: nothing is stored
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".part")
    with os.fdopen(fd, "wb") as f:
        pickle.dump((key, data), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return data
