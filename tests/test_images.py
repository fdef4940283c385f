"""Responsive images (labsite.sphinx.images): the profile photo on the real site, and any image an editor
drops into a page, served resized in WebP (+ JPEG fallback) with srcset, width/height and lazy loading."""

from __future__ import annotations

import posixpath
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup, Tag
from labsite.data.dataset import SiteData
from labsite.sphinx import images
from PIL import Image
from sitebuild import Build, build


def _file(build: Build, page: str, url: str) -> Path:
    """The output file a (page-relative) URL on `page` points to."""
    return build.outdir / posixpath.normpath(posixpath.join(page, url))


def _candidates(srcset: str) -> list[tuple[str, int]]:
    pairs = [item.split() for item in srcset.split(",")]
    return [(url, int(width.rstrip("w"))) for url, width in pairs]


def _picture(soup: BeautifulSoup, alt: str) -> tuple[Tag, Tag]:
    img = soup.find("img", alt=alt)
    assert img is not None, f"no image with alt {alt!r}"
    assert img.parent.name == "picture"
    return img.parent, img


def test_profile_photo_is_webp_at_displayed_size_with_srcset_and_dimensions(site: Build, data: SiteData) -> None:
    assert data.profile and data.profile.photo
    picture, img = _picture(site.main(""), data.profile.photo_alt or data.profile.name)
    webp = picture.find("source", type="image/webp")
    assert webp is not None
    candidates = _candidates(webp["srcset"])
    assert [width for _, width in candidates] == [200, 400]  # 1x and 2x of the 200 CSS px it is shown at
    for url, width in candidates + _candidates(img["srcset"]):
        with Image.open(_file(site, "", url)) as served:
            assert served.width == width
    assert (img["width"], img["height"]) == ("200", "200")  # space reserved: no layout shift
    assert _file(site, "", img["src"]).is_file()


def test_profile_photo_at_2x_is_under_30_kb(site: Build, data: SiteData) -> None:
    picture, _ = _picture(site.main(""), data.profile.photo_alt or data.profile.name)
    url, _ = _candidates(picture.find("source", type="image/webp")["srcset"])[-1]
    assert _file(site, "", url).stat().st_size < 30_000


def test_profile_photo_is_not_lazy_because_it_is_above_the_fold(site: Build, data: SiteData) -> None:
    _, img = _picture(site.main(""), data.profile.photo_alt or data.profile.name)
    assert img.get("loading") != "lazy"
    assert img.get("fetchpriority") == "high"


def test_the_original_photo_is_not_served(site: Build, data: SiteData) -> None:
    original = Path(data.profile.photo).name
    assert not list(site.outdir.rglob(original))
    assert original not in (site.outdir / "index.html").read_text(encoding="utf-8")


def test_served_image_names_the_largest_jpeg_for_open_graph() -> None:
    variants = {
        v.name: v
        for v in (images.Variant("images/me.png", "d", w, w, ext) for w in (200, 400) for ext in ("webp", "jpg"))
    }
    env = SimpleNamespace(domains={"labsite": SimpleNamespace(data={"images": {"index": variants}})})
    assert images.served_image(env, "images/me.png") == "_images/me-400w.jpg"
    assert images.served_image(env, "/images/me.png") == "_images/me-400w.jpg"
    assert images.served_image(env, "images/other.png") is None


@pytest.mark.parametrize(
    ("source", "stem"),
    [("images/hao.png", "hao"), ("images/team/all.jpg", "team-all"), ("people/x y.png", "people-x-y")],
)
def test_served_names_are_stable_and_distinct_per_source(source: str, stem: str) -> None:
    assert images.served_stem(source) == stem


def test_display_size_keeps_the_aspect_ratio_and_caps_unsized_images() -> None:
    assert images.display_size(1200, 800, "300px", 800) == (300, 200)
    assert images.display_size(1200, 800, None, 800) == (800, 533)
    assert images.display_size(400, 300, "50%", 800) == (400, 300)


# --- an editor drops a large photo into a small site ---------------------------------------------

CONF = """
project = "Images"
extensions = ["myst_parser", "labsite"]
html_theme = "furo"
myst_enable_extensions = ["attrs_inline"]
exclude_patterns = ["_build"]
"""


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    src = tmp_path_factory.mktemp("photos")
    (src / "conf.py").write_text(CONF)
    (src / "images").mkdir()
    Image.new("RGBA", (1200, 800), (200, 40, 40, 255)).save(src / "images" / "group.png")
    (src / "index.md").write_text(
        "# Home\n\n![Banner](images/group.png){.eager w=300px}\n\nText.\n\n"
        "![Group photo](images/group.png)\n\n```{toctree}\nsub/page\n```\n"
    )
    (src / "sub").mkdir()
    (src / "sub" / "page.md").write_text("# Sub\n\n![Nested](../images/group.png){w=100px}\n")
    return src, build(src, src / "_build" / "html")


def test_images_below_the_fold_are_lazy_and_eager_ones_are_not(photo_site: tuple[Path, Build]) -> None:
    _, site = photo_site
    _, banner = _picture(site.main(""), "Banner")
    _, group = _picture(site.main(""), "Group photo")
    assert banner.get("loading") is None and "eager" not in banner.get("class", [])
    assert group["loading"] == "lazy"


def test_unsized_images_are_capped_and_never_upscaled(photo_site: tuple[Path, Build]) -> None:
    _, site = photo_site
    picture, img = _picture(site.main(""), "Group photo")
    assert (img["width"], img["height"]) == ("800", "533")
    webp = _candidates(picture.find("source", type="image/webp")["srcset"])
    assert [w for _, w in webp] == [800, 1200]  # 2x would be 1600, wider than the original
    for url, width in webp:
        with Image.open(_file(site, "", url)) as served:
            assert served.format == "WEBP" and served.width == width


def test_nested_pages_link_the_variants_relative_to_themselves(photo_site: tuple[Path, Build]) -> None:
    _, site = photo_site
    _, img = _picture(site.main("sub/page"), "Nested")
    with Image.open(_file(site, "sub/page", img["src"])) as served:
        assert served.format == "JPEG" and served.width == 100


def test_rebuilds_reuse_the_cache_and_never_write_to_the_sources(
    photo_site: tuple[Path, Build], monkeypatch: pytest.MonkeyPatch
) -> None:
    src, _ = photo_site
    sources_before = sorted(p.relative_to(src) for p in src.rglob("*") if "_build" not in p.parts)
    encoded: list[str] = []
    real_encode = images.encode
    monkeypatch.setattr(images, "encode", lambda data, variants, cache: encoded.extend(v.name for v in variants))
    again = build(src, src / "_build" / "html")  # fresh environment, same doctree folder
    assert encoded == []
    assert _file(again, "", _picture(again.main(""), "Banner")[1]["src"]).is_file()
    monkeypatch.setattr(images, "encode", real_encode)
    assert sorted(p.relative_to(src) for p in src.rglob("*") if "_build" not in p.parts) == sources_before
    assert not (src / "_build" / "html" / "_images" / "group.png").exists()
