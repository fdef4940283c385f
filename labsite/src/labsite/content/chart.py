"""Papers per year, by topic: an accessible inline SVG bar chart drawn at build time. No Sphinx here.

Text, axes and grid lines use `currentColor`, so the chart follows the page's text colour in light and
dark themes. The bar colours come from the `--labsite-chart-N` CSS variables (labsite-publications.css
sets one palette for light and one for dark, each colour at least 3:1 against its background, WCAG
1.4.11); :data:`PALETTE`, the light one, is the fallback. Every bar segment has a `<title>` (a tooltip)
and says which year and topic it counts (`data-year`, `data-series`: the topic's id), so the list's
filter (labsite-publications.js) can redraw the bars for the papers it shows; a table with the same
numbers follows the chart in a `<details>`. The whole is one `<details>` titled by the chart's title: open
on a wide screen, folded on a phone, where the list (the page's content) starts on the first screen.

Text stays legible on a phone: the stylesheet sets the text size by the chart's width (container
queries, at least 12px as drawn), and every other year label (`labsite-chart-minor`) is left out where
they would overlap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from ..data import model
from ..locale import _

#: Okabe-Ito's hues, darkened where needed to stand 3:1 against white (the dark theme's are in the CSS)
PALETTE = ["#0072B2", "#B35900", "#007A5A", "#B0478A", "#2E95D3", "#D0312D", "#8A7A00", "#6B6B6B", "#7F3C8D", "#8C564B"]
OTHER = "Other"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 34
#: the screens on which the chart starts folded (its summary line only): on a phone the chart, its
#: legend and the filter took the whole first screen, and the first paper started below it
NARROW_SCREEN = "(max-width: 40em)"
#: closes the chart's `<details>` (just before it) on a narrow screen while the page is parsed, before
#: the first paint, so nothing moves; without scripts the chart is open
FOLD_ON_PHONES = (
    "<script>(function (d) { if (window.matchMedia && matchMedia("
    f'"{NARROW_SCREEN}"'
    ").matches) d.open = false; })(document.currentScript.previousElementSibling);</script>"
)
#: room a year label needs at the largest text size the stylesheet gives the chart (on a narrow phone)
NARROW_LABEL = 80


def _nice_step(maximum: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if maximum / step <= 5:
            return step
    return 10000


def counts(
    publications: Sequence[model.Publication], topics: Sequence[str]
) -> tuple[list[int], list[str], Counter[tuple[int, str]]]:
    """Years (ascending, no gaps), series (topics in data order, then Other) and (year, series) -> papers.
    A paper counts once, under its first topic, so the bars add up to the papers of each year."""
    table: Counter[tuple[int, str]] = Counter()
    for publication in publications:
        if publication.year is None:
            continue  # forthcoming, no year yet
        series = publication.topics[0] if publication.topics else OTHER
        table[publication.year, series] += 1
    if not table:
        return [], [], table
    years_present = [year for year, _series in table]
    years = list(range(min(years_present), max(years_present) + 1))
    used = {series for _year, series in table}
    series_list = [t for t in topics if t in used] + [s for s in sorted(used) if s not in topics]
    return years, series_list, table


def chart_html(
    publications: Sequence[model.Publication],
    topics: Sequence[str],
    chart_id: str = "pubchart",
    topic_ids: dict[str, str] | None = None,
) -> str:
    """The chart (a `<figure>` with an inline SVG, legend and note) and its table, as HTML; "" without
    papers. `topics` are the topic labels in data order; `topic_ids` (label -> id) name each bar's
    topic in `data-series` as the list's entries name theirs in `data-topics` ("" for Other)."""
    years, series_list, table = counts(publications, topics)
    ids = topic_ids or {}
    if not years:
        return ""
    colour = {
        s: f"var(--labsite-chart-{i % len(PALETTE) + 1}, {PALETTE[i % len(PALETTE)]})"
        for i, s in enumerate(series_list)
    }
    totals = {year: sum(table[year, s] for s in series_list) for year in years}
    top = max(totals.values())
    step = _nice_step(top)
    axis_max = -(-top // step) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    bar_w = max(2.0, slot * 0.7)
    summary = ", ".join(f"{year}: {totals[year]}" for year in years if totals[year])
    description = _("Number of papers each year: {counts}.").format(counts=summary)
    if len(years) > 1:
        title = _("Papers per year by topic, {first}–{last}").format(first=years[0], last=years[-1])
    else:  # not "2026–2026"
        title = _("Papers by topic, {year}").format(year=years[0])
    parts = [
        f'<svg class="labsite-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'data-base="{TOP + plot_h}" data-scale="{plot_h / axis_max:.4f}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g fill="currentColor" font-size="11" font-family="inherit">',
    ]
    for tick in range(0, axis_max + 1, step):
        y = TOP + plot_h - plot_h * tick / axis_max
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="currentColor" '
            f'stroke-opacity="{0.5 if tick == 0 else 0.15}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, -(-len(years) * 34 // plot_w))
    narrow_every = max(label_every, -(-NARROW_LABEL // int(slot)) if slot >= 1 else len(years))
    for index, year in enumerate(years):
        x = LEFT + slot * index + (slot - bar_w) / 2
        y = TOP + plot_h
        for series in series_list:
            value = table[year, series]
            if not value:
                continue
            height = plot_h * value / axis_max
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
                f'data-year="{year}" data-series="{escape(ids.get(series, ""))}" style="fill:{colour[series]}">'
                f"<title>{year} · {escape(series)}: {value}</title></rect>"
            )
        if index % label_every == 0:
            minor = ' class="labsite-chart-minor"' if index % narrow_every else ""
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle"{minor}>{year}</text>')
    parts.append("</g></svg>")
    shown = {s: _(OTHER) if s == OTHER else s for s in series_list}  # topics as written, "Other" translated
    legend = "".join(
        f'<li><span class="labsite-swatch" style="background:{colour[s]}"></span>{escape(shown[s])}</li>'
        for s in series_list
    )
    head = "".join(
        f'<th scope="col" data-series="{escape(ids.get(s, ""))}">{escape(shown[s])}</th>' for s in series_list
    )
    rows = "".join(
        f'<tr><th scope="row">{year}</th>{"".join(f"<td>{table[year, s]}</td>" for s in series_list)}'
        f"<td>{totals[year]}</td></tr>"
        for year in reversed(years)
        if totals[year]
    )
    table_html = (
        f'<details class="labsite-chart-table"><summary>{escape(_("The numbers as a table"))}</summary>'
        # a column per topic is wider than a phone: the table scrolls in its own box, not the page;
        # the box is focusable so keyboard users can scroll it too (WCAG 2.1.1)
        f'<div class="labsite-table-scroll" tabindex="0" role="region" aria-label="{escape(title)}">'
        f'<table class="docutils"><caption>{escape(title)} '
        f"{escape(_('(each paper counted under its first topic)'))}</caption>"
        f'<thead><tr><th scope="col">{escape(_("Year"))}</th>{head}'
        f'<th scope="col">{escape(_("Total"))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></details>"
    )
    return (
        f'<details class="labsite-chart-details" open><summary>{escape(title)}</summary>'
        f'<figure class="labsite-chart-figure">{"".join(parts)}'
        f'<figcaption><ul class="labsite-chart-legend" aria-label="{escape(_("Topics"))}">{legend}</ul>'
        f'<p class="labsite-chart-note">{escape(_("Each paper is counted once, under its first topic."))}</p>'
        "</figcaption>"
        f"</figure>{table_html}</details>{FOLD_ON_PHONES}"
    )
