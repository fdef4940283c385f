"""Site icons for every browser, from one source image, made at build time with Pillow.

Sphinx links one ``html_favicon`` (here an SVG). Browsers and devices that cannot use it ask for fixed
files at the site's root instead: ``/favicon.ico`` (Safari before 26, feed readers, bookmarks) and
``/apple-touch-icon.png`` (iOS and iPadOS home screens). From one raster source (``labsite_icon``,
else ``html_favicon`` when that is a raster image) this writes, at the output's root:

- ``favicon.ico``: 16, 32 and 48 px in one file;
- ``favicon-32x32.png``: the PNG fallback;
- ``apple-touch-icon.png``: 180 x 180 px on an opaque background (iOS shows transparency as black);

and links them in every page's head (the ICO with ``sizes="32x32"``, so browsers that render the SVG
still prefer it). Sizes follow https://evilmartians.com/chronicles/how-to-favicon-in-2021-six-files-that-fit-most-needs
and Apple's "Configuring Web Applications". PNG and ICO files carry no timestamps, so builds stay
reproducible. A missing or unreadable source is a build error naming the file and the setting.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from .domain import labsite_domain

if TYPE_CHECKING:
    from PIL import Image

#: file suffixes Pillow reads as a source
RASTER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico"})
ICO_NAME = "favicon.ico"
ICO_SIZES = ((16, 16), (32, 32), (48, 48))
PNG_NAME = "favicon-32x32.png"
PNG_SIZE = 32
TOUCH_NAME = "apple-touch-icon.png"
TOUCH_SIZE = 180
#: the touch icon's background where the source is transparent
TOUCH_BACKGROUND = (255, 255, 255)


def icon_source(app: Sphinx) -> tuple[Path, str] | None:
    """The source image and the setting it came from: ``labsite_icon``, else a raster
    ``html_favicon`` (paths relative to the configuration folder); None if there is neither.
    URLs (an ``html_favicon`` on another host) are not sources."""
    if app.config.labsite_icon:
        return Path(app.confdir) / app.config.labsite_icon, "labsite_icon"
    favicon = app.config.html_favicon
    if favicon and "://" not in str(favicon) and Path(str(favicon)).suffix.lower() in RASTER_SUFFIXES:
        return Path(app.confdir) / str(favicon), "html_favicon"
    return None


def square(image: Image.Image) -> Image.Image:
    """`image` (RGBA) centred on a transparent square canvas, so resizing keeps its proportions."""
    from PIL import Image

    side = max(image.size)
    if image.size == (side, side):
        return image
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    return canvas


def make_icons(source: bytes) -> dict[str, bytes]:
    """File name -> bytes of every icon, from the bytes of a raster image.

    Raises ``PIL.UnidentifiedImageError`` (or OSError) when `source` is no image Pillow reads.
    """
    from PIL import Image

    with Image.open(BytesIO(source)) as opened:
        image = square(opened.convert("RGBA"))
    files: dict[str, bytes] = {}
    out = BytesIO()
    image.save(out, format="ICO", sizes=list(ICO_SIZES))
    files[ICO_NAME] = out.getvalue()
    out = BytesIO()
    image.resize((PNG_SIZE, PNG_SIZE), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    files[PNG_NAME] = out.getvalue()
    touch = Image.new("RGB", (TOUCH_SIZE, TOUCH_SIZE), TOUCH_BACKGROUND)
    resized = image.resize((TOUCH_SIZE, TOUCH_SIZE), Image.Resampling.LANCZOS)
    touch.paste(resized, (0, 0), resized)
    out = BytesIO()
    touch.save(out, format="PNG", optimize=True)
    files[TOUCH_NAME] = out.getvalue()
    return files


def make_site_icons(app: Sphinx) -> None:
    """At ``builder-inited`` (HTML builds): make the icons from the source, to be written at the end.

    Raises ConfigError when the configured source is missing or is no image, naming the file and
    the setting.
    """
    icons = icons_made(app)  # kept by the labsite domain for this build (never pickled)
    icons.clear()
    if app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    found = icon_source(app)
    if found is None:
        return
    path, setting = found
    if not path.is_file():
        raise ConfigError(f"{setting} = {path.name!r}: the icon's source image {path} does not exist")
    try:
        icons.update(make_icons(path.read_bytes()))
    except OSError as error:  # PIL.UnidentifiedImageError is an OSError
        raise ConfigError(f"{setting}: {path} is not an image Pillow can read ({error})") from error


def icons_made(app: Sphinx) -> dict[str, bytes]:
    """The icons of this build: file name -> bytes (empty when there is no source), kept by the
    ``labsite`` domain for this build."""
    return labsite_domain(app.env).per_build("icons", dict[str, bytes])


def link_icons(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: link the icons (relative addresses, so the site works under any path). A
    site without any icon (no ``labsite_icon``, no ``html_favicon``: a new lab's) links an empty one, so
    that browsers do not ask for ``/favicon.ico`` on every page and log its 404 as an error."""
    if not icons_made(app):
        if not app.config.html_favicon and app.builder.format == "html":
            context["metatags"] = context.get("metatags", "") + '\n<link rel="icon" href="data:," />'
        return
    if pagename == getattr(app.config, "notfound_pagename", None):
        # the not-found page is served at any depth: addresses from the site's root (sphinx-notfound-page)
        prefix = app.config.notfound_urls_prefix or "/"

        def href(name: str) -> str:
            return prefix + name
    else:

        def href(name: str) -> str:
            url: str = context["pathto"](name, 1)
            return url

    tags = [
        f'<link rel="icon" href="{href(ICO_NAME)}" sizes="32x32" />',
        f'<link rel="icon" type="image/png" href="{href(PNG_NAME)}" sizes="{PNG_SIZE}x{PNG_SIZE}" />',
        f'<link rel="apple-touch-icon" href="{href(TOUCH_NAME)}" />',
    ]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the icons at the output's root (unchanged files are left alone), each
    registered with the ``labsite`` domain, so that they leave the output once ``labsite_icon`` is gone."""
    if exception is not None:
        return
    for name, data in icons_made(app).items():
        target = Path(app.outdir) / name
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        labsite_domain(app.env).output_depends(app.builder, name)


def setup_icons(app: Sphinx) -> None:
    """Register the hooks (the source image is ``labsite_icon``, relative to the configuration folder)."""
    app.connect("builder-inited", make_site_icons)
    app.connect("html-page-context", link_icons)
    app.connect("build-finished", finish)
