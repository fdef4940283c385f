"""A photo shown in a frame of another shape (the profile photo's round 200 x 200 frame) is cropped, not
squeezed: a portrait keeps its top, where the face is (labsite.sphinx.images)."""

from __future__ import annotations

from pathlib import Path

from labsite.sphinx.images import image_set
from PIL import Image

RED, BLUE = (220, 20, 20), (20, 20, 220)


def _photo(path: Path, size: tuple[int, int], band: int, horizontal: bool) -> Path:
    """A `size` picture, blue with a red band `band` pixels deep along its top (or left) edge."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0], band) if horizontal else (0, 0, band, size[1]))
    image.save(path)
    return path


def _first_row_and_column(tmp_path: Path, source: Path) -> tuple[tuple[int, ...], tuple[int, ...]]:
    shown = image_set(source, "images/photo.png", "200px", 800, tmp_path / "cache", "200px")
    assert (shown.width, shown.height) == (200, 200)
    variant = min(shown.variants, key=lambda v: (v.width, v.ext != "jpg"))
    with Image.open(tmp_path / "cache" / variant.cache_name) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((100, 0)), rgb.getpixel((0, 100))


def _is_red(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 150 and pixel[2] < 100


def test_a_portrait_keeps_its_top_in_a_square_frame(tmp_path: Path) -> None:
    """3:4 head-and-shoulders photo: a centred crop would cut its top eighth; the top 7.5 % stays."""
    top, _ = _first_row_and_column(tmp_path, _photo(tmp_path / "portrait.png", (600, 800), 60, horizontal=True))
    assert _is_red(top), top


def test_a_landscape_photo_is_cropped_around_its_centre(tmp_path: Path) -> None:
    """4:3: an eighth off each side, so a band along the left edge narrower than that is cut."""
    _, left = _first_row_and_column(tmp_path, _photo(tmp_path / "landscape.png", (800, 600), 60, horizontal=False))
    assert not _is_red(left), left
