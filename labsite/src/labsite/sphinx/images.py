"""Responsive images: every local raster image in a page is served resized, in WebP with a JPEG fallback.

An editor drops a large photo into the pages folder and references it as usual
(``![alt](images/photo.png){w=200px}``). While reading the page, the photo is resized (Pillow) to
the displayed width and twice that (for high-density screens), encoded as WebP and JPEG, and the
image node is replaced by a ``<picture>`` with ``srcset``, ``width`` and ``height`` (no layout
shift) and ``loading="lazy"``; an image with the class ``eager`` (above the fold, such as the
profile photo) loads at once with high priority. The original file is not copied to the output.

An image given both a width and a height in pixels (``{w=200px h=200px}``, as the profile photo in
its round frame) is shown in exactly that shape, never squeezed: a photo of another shape is cropped
(as CSS ``object-fit: cover`` would show it), a wider one around its centre, a taller one nearer its top
(a quarter of what is cut comes off the top, three quarters off the bottom: a portrait's face is in its
upper part, and a centred crop of a head-and-shoulders photo cuts into the head); a landscape photo in
the round frame is a circle, not an oval.

Encoded variants live in a content-addressed cache in the doctree folder (never in the sources),
so a rebuild does not redo work; the build copies the variants it uses to ``_images/``. Variant
file names are stable (``<name>-<width>w.<ext>``), so other parts of the site (for example an
Open Graph image) can refer to them: see :func:`served_image`.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import MutableMapping
from dataclasses import dataclass
from html import escape
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..data.dataset import slug
from ..data.paths import PathProblem, check_image
from .domain import labsite_domain

if TYPE_CHECKING:
    from PIL import Image
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger("labsite")
#: the key of a Sphinx file record: a path from the pages folder (str for images, Path for downloads)
_Relative = TypeVar("_Relative", str, Path)
_Target = TypeVar("_Target")

RASTER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp"})
EAGER_CLASS = "eager"
OUTPUT_DIR = "_images"
# Bump when the encoder settings change: the cache key includes it.
ENCODER_VERSION = "2"
# (extension, MIME type, Pillow format, save options); the last one is the <img> fallback.
FORMATS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("webp", "image/webp", "WEBP", {"quality": 80, "method": 4}),
    ("jpg", "image/jpeg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}),
)
_PX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")


@dataclass(frozen=True)
class Variant:
    """One encoded file: `name` under ``_images/`` in the output, `cache_name` in the cache."""

    source: str  # path relative to the pages folder
    digest: str
    width: int
    height: int
    ext: str
    crop: tuple[int, int, int, int] | None = None  # (left, upper, right, lower) of the source, in pixels

    @property
    def name(self) -> str:
        """The file's name under ``_images/``: ``<served stem>-<width>w.<ext>``."""
        return f"{served_stem(self.source)}-{self.width}w.{self.ext}"

    @property
    def cache_name(self) -> str:
        """The file's name in the image cache: ``<digest>-<width>w.<ext>``."""
        return f"{self.digest}-{self.width}w.{self.ext}"


@dataclass(frozen=True)
class ImageSet:
    """All variants of one source image at one displayed size."""

    width: int  # displayed size in CSS pixels
    height: int
    variants: tuple[Variant, ...]

    def of(self, ext: str) -> list[Variant]:
        """The variants in format `ext` (``webp``, ``jpg``), narrowest first."""
        return sorted((v for v in self.variants if v.ext == ext), key=lambda v: v.width)

    @property
    def fallback(self) -> Variant:
        """The largest variant in the fallback format (JPEG): the one to use where WebP may not work."""
        return self.of(FORMATS[-1][0])[-1]


def served_stem(source: str) -> str:
    """`images/hao.png` -> `hao`; `images/team/all.jpg` -> `team-all`; `people/x.png` -> `people-x`."""
    parts = list(Path(source).with_suffix("").parts)
    if len(parts) > 1 and parts[0] == "images":
        parts = parts[1:]
    return slug("-".join(parts), keep="_.-", fallback="image")


def display_size(
    width: int, height: int, wanted_width: str | None, max_width: int, wanted_height: str | None = None
) -> tuple[int, int]:
    """The size the image is shown at: `wanted_width` if given in pixels, else its own (capped); the
    height follows the image's shape unless `wanted_height` is given in pixels too."""
    match = _PX.match(wanted_width or "")
    shown = round(float(match.group(1))) if match else min(width, max_width)
    shown = max(1, shown)
    if match and (tall := _PX.match(wanted_height or "")):
        return shown, max(1, round(float(tall.group(1))))
    return shown, max(1, round(shown * height / width))


def crop_box(width: int, height: int, shown_w: int, shown_h: int) -> tuple[int, int, int, int] | None:
    """The part of a `width` x `height` image that has the shape `shown_w` x `shown_h`, as (left, upper,
    right, lower) in pixels: centred across, and for a taller image a quarter of the cut off the top (see
    the module's docstring); None when the shapes already agree to within a pixel."""
    if abs(width * shown_h - height * shown_w) < max(shown_w, shown_h):
        return None
    if width * shown_h > height * shown_w:  # wider than shown: cut the sides
        cut = max(1, round(height * shown_w / shown_h))
        left = (width - cut) // 2
        return (left, 0, left + cut, height)
    cut = max(1, round(width * shown_h / shown_w))
    upper = (height - cut) // 4
    return (0, upper, width, upper + cut)


def image_set(
    source: Path,
    relative: str,
    wanted_width: str | None,
    max_width: int,
    cache_dir: Path,
    wanted_height: str | None = None,
) -> ImageSet:
    """Describe (and make sure the cache holds) the variants of `source` for its displayed size
    (cropped to the shape of `wanted_width` x `wanted_height` when both are given in pixels)."""
    from PIL import Image, ImageOps

    data = source.read_bytes()
    with Image.open(BytesIO(data)) as image:
        width, height = ImageOps.exif_transpose(image).size if _rotated(image) else image.size
    shown_w, shown_h = display_size(width, height, wanted_width, max_width, wanted_height)
    crop = crop_box(width, height, shown_w, shown_h)
    if crop:
        width, height = crop[2] - crop[0], crop[3] - crop[1]
    digest = hashlib.sha256(data + ENCODER_VERSION.encode() + repr(crop).encode()).hexdigest()[:20]
    widths = sorted({min(shown_w, width), min(2 * shown_w, width)})
    variants = tuple(
        Variant(relative, digest, w, max(1, round(w * height / width)), ext, crop)
        for w in widths
        for ext, *_ in FORMATS
    )
    missing = [v for v in variants if not (cache_dir / v.cache_name).is_file()]
    if missing:
        encode(data, missing, cache_dir)
    return ImageSet(shown_w, shown_h, variants)


def _rotated(image: Image.Image) -> bool:
    orientation: int = image.getexif().get(0x0112, 1)  # EXIF orientation
    return orientation != 1


def encode(data: bytes, variants: list[Variant], cache_dir: Path) -> None:
    """Resize and encode `variants` of the image `data` into the cache (atomic writes: parallel-safe)."""
    from PIL import Image, ImageOps

    options = {ext: (fmt, save) for ext, _, fmt, save in FORMATS}
    cache_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        for variant in variants:
            part = image.crop(variant.crop) if variant.crop else image
            resized = part.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
            fmt, save = options[variant.ext]
            if fmt == "JPEG":
                resized = _flatten(resized)
            elif resized.mode not in ("RGB", "RGBA"):
                resized = resized.convert("RGBA")
            fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".part")
            with os.fdopen(fd, "wb") as out:
                resized.save(out, fmt, **save)
            os.chmod(tmp, 0o644)
            os.replace(tmp, cache_dir / variant.cache_name)


def _flatten(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: put transparent images on white."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


# --- Sphinx ------------------------------------------------------------------------------------


class picture(nodes.General, nodes.Inline, nodes.Element):
    """A responsive image (docutils naming); attributes: alt, classes, ids, width, height, eager, images."""


def cache_dir(env: BuildEnvironment) -> Path:
    """The folder of encoded image variants, kept between builds beside the doctrees."""
    return Path(env.doctreedir) / "labsite-images"


class DecodedImagePaths(SphinxTransform):
    """MyST writes an image's path percent-encoded (``![x](<images/my photo.png>)`` gives the URI
    ``images/my%20photo.png``), which names no file: a local image whose URI names no file but whose
    decoded URI does is given the decoded one, so a file name with a space (the profile photo's
    included) shows the image instead of a broken link."""

    default_priority = 690  # before ResponsiveImages and Sphinx's image collector

    def apply(self, **kwargs: Any) -> None:
        """Give each local image whose URI names no file but whose decoded URI does the decoded URI."""
        for image in self.document.findall(nodes.image):
            uri = image.get("uri", "")
            if "%" not in uri or "://" in uri or uri.startswith("data:"):
                continue
            decoded = unquote(uri)
            if (
                not Path(self.env.relfn2path(uri, self.env.docname)[1]).exists()
                and Path(self.env.relfn2path(decoded, self.env.docname)[1]).is_file()
            ):
                image["uri"] = decoded


class ResponsiveImages(SphinxTransform):
    """Replace local raster image nodes by `picture` nodes (HTML builders only)."""

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        """Replace each local raster image (PNG, JPEG, WebP) by a `picture` of its variants, noting them for
        the page; an image that cannot be read is left as it is, with a warning."""
        if not labsite_domain(self.env).data.get("images_enabled", False):
            return
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if "://" in uri or uri.startswith("data:") or Path(uri).suffix.lower() not in RASTER_SUFFIXES:
                continue
            relative, absolute = self.env.relfn2path(uri, self.env.docname)
            source = Path(absolute)
            if not source.is_file() or not inside_pages(self.env.srcdir, source):
                continue  # Sphinx reports a missing image; `refuse_files_outside` one outside the pages
            self.env.note_dependency(absolute)
            try:
                check_image(source)  # Pillow's limits (decompression bombs) first: a located warning
            except PathProblem as err:
                logger.warning("image %s (%s): %s", relative, uri, err, location=image, type="labsite", subtype="image")
                continue
            try:
                images = image_set(
                    source,
                    relative,
                    image.get("width"),
                    self.config.labsite_image_max_width,
                    cache_dir(self.env),
                    image.get("height"),
                )
            except (OSError, ValueError, SyntaxError) as err:  # a truncated or corrupt file
                logger.warning(
                    "cannot optimise image %s: %s", relative, err, location=image, type="labsite", subtype="image"
                )
                continue
            record = labsite_domain(self.env).data["images"].setdefault(self.env.docname, {})
            for variant in images.variants:
                record[variant.name] = variant
            given: list[str] = image.get("classes", [])
            classes = [c for c in given if c != EAGER_CLASS]
            if image.get("align"):
                classes.append(f"align-{image['align']}")
            node = picture(
                alt=image.get("alt", ""),
                classes=classes,
                ids=image.get("ids", []),
                width=images.width,
                height=images.height,
                eager=EAGER_CLASS in image.get("classes", []),
                images=images,
            )
            node.source, node.line = image.source, image.line
            image.replace_self(node)
            node["classes"] = classes  # replace_self copied the image's classes, `eager` included


def srcset(urls: list[tuple[str, int]]) -> str:
    """An HTML ``srcset`` value: `(url, width in pixels)` pairs as ``url 480w, url 960w``."""
    return ", ".join(f"{url} {width}w" for url, width in urls)


def visit_picture_html(self: HTML5Translator, node: picture) -> None:
    """HTML visitor of `picture`: a ``<picture>`` with a ``<source>`` per modern format and an ``<img>``
    fallback (sizes, width and height in CSS pixels; lazy unless the image is marked eager)."""
    images: ImageSet = node["images"]
    base = self.builder.imgpath

    def candidates(ext: str) -> list[tuple[str, int]]:
        return [(posixpath.join(base, v.name), v.width) for v in images.of(ext)]

    width = images.width
    sizes = f"(max-width: {width}px) 100vw, {width}px"
    html = ["<picture>"]
    for ext, mime, *_ in FORMATS[:-1]:
        html.append(f'<source type="{mime}" srcset="{escape(srcset(candidates(ext)))}" sizes="{sizes}">')
    fallback = candidates(FORMATS[-1][0])
    attributes = {
        "src": fallback[0][0],
        "srcset": srcset(fallback),
        "sizes": sizes,
        "width": str(width),
        "height": str(images.height),
        "alt": node["alt"],
        "class": " ".join(node["classes"]) or None,
        "id": node["ids"][0] if node["ids"] else None,
        "decoding": "async",
    }
    attributes.update({"fetchpriority": "high"} if node["eager"] else {"loading": "lazy"})
    rendered = " ".join(f'{key}="{escape(value)}"' for key, value in attributes.items() if value is not None)
    html.append(f"<img {rendered}></picture>")
    self.body.append("".join(html))
    raise nodes.SkipNode


def visit_picture_text(self: nodes.NodeVisitor, node: picture) -> None:
    """Visitor of `picture` for builders other than HTML: the picture is left out."""
    raise nodes.SkipNode


def inside_pages(srcdir: str | Path, path: Path) -> bool:
    """True when `path`, every symlink resolved, is inside the pages folder `srcdir` and names no hidden
    file or folder: the rule of :mod:`labsite.data.paths`, for the paths pages give."""
    root = Path(os.path.realpath(srcdir))
    resolved = Path(os.path.realpath(path))
    return resolved.is_relative_to(root) and not any(p.startswith(".") for p in resolved.relative_to(root).parts)


def refuse_files_outside(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: an image or download a page names (``![x](path)``, ``{download}`path```) that
    leads outside the pages folder (``../``, an absolute path, a symlink to elsewhere, a hidden file) is
    not copied to the output: it is dropped from Sphinx's records with a warning naming the page
    (``labsite.path``). Returns no documents to rewrite."""
    _refuse_outside(app, env.images, "image")
    _refuse_outside(app, env.dlfiles, "download")
    return []


def _refuse_outside(app: Sphinx, table: MutableMapping[_Relative, tuple[set[str], _Target]], what: str) -> None:
    """Drop the files of Sphinx's record `table` (images or downloads: path from the pages folder ->
    (documents naming it, output name)) that lead outside the pages folder, warning once for each."""
    for relative in list(table):
        if inside_pages(app.srcdir, Path(app.srcdir) / relative):
            continue
        docnames = sorted(table[relative][0])
        del table[relative]  # never copied
        logger.warning(
            "%s %r leads outside the pages folder (to %s); it is not published: expected a file inside it",
            what,
            str(relative),
            os.path.realpath(Path(app.srcdir) / relative),
            location=docnames[0] if docnames else None,
            type="labsite",
            subtype="path",
        )


def enable(app: Sphinx) -> None:
    """``builder-inited``: make images responsive for HTML builders only. The variants each page uses are
    kept (purged and merged per document) by the ``labsite`` domain."""
    labsite_domain(app.env).data["images_enabled"] = app.builder.format == "html"


def used_variants(env: BuildEnvironment) -> dict[str, Variant]:
    """Output file name -> variant, of every image variant the pages use."""
    return {name: v for record in labsite_domain(env).data["images"].values() for name, v in record.items()}


def copy_variants(app: Sphinx, exception: Exception | None) -> None:
    """Copy the variants the pages use from the cache into ``_images/`` (re-encoding any lost ones)."""
    if exception is not None or app.builder.format != "html":
        return
    cache = cache_dir(app.env)
    target_dir = Path(app.outdir) / OUTPUT_DIR
    for name, variant in sorted(used_variants(app.env).items()):
        cached = cache / variant.cache_name
        if not cached.is_file():
            source = Path(app.srcdir) / variant.source
            encode(source.read_bytes(), [variant], cache)
        target = target_dir / name
        if not target.is_file() or target.read_bytes() != cached.read_bytes():
            target_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)


def register_variants(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: register with the ``labsite`` domain the variants in use, by name and content, as
    shown on every page (:meth:`~labsite.sphinx.domain.LabsiteDomain.note_shared`: the profile photo is
    in every page's head), and as the files of ``_images/`` to keep. Returns no documents."""
    domain = labsite_domain(env)
    variants = used_variants(env)
    domain.note_shared("images", sorted((name, v.digest) for name, v in variants.items()))
    domain.keep_files(OUTPUT_DIR, variants)
    return []


def served_image(env: BuildEnvironment, source: str) -> str | None:
    """The output path (from the site root, e.g. ``_images/hao-400w.jpg``) of the largest JPEG variant
    of `source` (a path relative to the pages folder) that the built pages use, for links that need
    one widely supported file (Open Graph, structured data). None if no page shows that image."""
    relative = source.lstrip("/")
    ours = [v for v in used_variants(env).values() if v.source == relative and v.ext == FORMATS[-1][0]]
    if not ours:
        return None
    return f"{OUTPUT_DIR}/{max(ours, key=lambda v: v.width).name}"


def setup_images(app: Sphinx) -> None:
    """Register the `picture` node, the image transforms and the image events."""
    app.add_node(
        picture,
        html=(visit_picture_html, None),
        text=(visit_picture_text, None),
        latex=(visit_picture_text, None),
        man=(visit_picture_text, None),
        texinfo=(visit_picture_text, None),
    )
    app.add_transform(DecodedImagePaths)
    app.add_transform(ResponsiveImages)
    app.connect("builder-inited", enable)
    app.connect("env-updated", refuse_files_outside)
    app.connect("env-updated", register_variants)
    app.connect("build-finished", copy_variants)
