"""Papers per year, by topic: an accessible inline SVG bar chart drawn at build time. No Sphinx here.

Text, axes and grid lines use `currentColor`, so the chart follows the page's text colour in light and
dark themes; the bar colours are the colour-blind-safe Okabe-Ito palette, readable on both
backgrounds, and can be changed with the `--labsite-chart-N` CSS variables. Every bar segment has a
`<title>` (a tooltip), and a table with the same numbers follows the chart in a `<details>`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from ..data import model
from ..locale import _

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999", "#7F3C8D", "#11A579"]
OTHER = "Other"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 28


def _nice_step(maximum: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if maximum / step <= 5:
            return step
    return 10000


def counts(publications: Sequence[model.Publication], topics: Sequence[str]) -> tuple[list[int], list[str], Counter]:
    """Years (ascending, no gaps), series (topics in data order, then Other) and (year, series) -> papers.
    A paper counts once, under its first topic, so the bars add up to the papers of each year."""
    table: Counter = Counter()
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


def chart_html(publications: Sequence[model.Publication], topics: Sequence[str], chart_id: str = "pubchart") -> str:
    years, series_list, table = counts(publications, topics)
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
    title = _("Papers per year by topic, {first}–{last}").format(first=years[0], last=years[-1])
    parts = [
        f'<svg class="labsite-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
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
                f'style="fill:{colour[series]}">'
                f"<title>{year} · {escape(series)}: {value}</title></rect>"
            )
        if index % label_every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">{year}</text>')
    parts.append("</g></svg>")
    shown = {s: _(OTHER) if s == OTHER else s for s in series_list}  # topics as written, "Other" translated
    legend = "".join(
        f'<li><span class="labsite-swatch" style="background:{colour[s]}"></span>{escape(shown[s])}</li>'
        for s in series_list
    )
    head = "".join(f'<th scope="col">{escape(shown[s])}</th>' for s in series_list)
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
        f'<figure class="labsite-chart-figure">{"".join(parts)}'
        f'<figcaption><ul class="labsite-chart-legend" aria-label="{escape(_("Topics"))}">{legend}</ul>'
        f'<p class="labsite-chart-note">{escape(_("Each paper is counted once, under its first topic."))}</p>'
        "</figcaption>"
        f"</figure>{table_html}"
    )
