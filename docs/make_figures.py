"""Make the README's figures from the shared corpus (needs ../shared, altair, vl-convert-python
and a CJK font such as Debian's fonts-wqy-microhei).

    python docs/make_figures.py
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import xinwen
from xinwen.report import chart_png

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
FONTS = Path("/usr/share/fonts/truetype/wqy")


def main() -> None:
    import vl_convert

    if FONTS.exists():
        vl_convert.register_font_directory(str(FONTS))
    df = xinwen.read_articles(CORPUS).filter(pl.col("status") != "error")
    # The monthly archive behind the corpus covers 2022-2024; other years hold a few stray files.
    df = df.filter(pl.col("published_at").dt.year().is_between(2022, 2024))
    trend = xinwen.term_trend(
        df, ["普京", "习近平", "中俄", "制裁"], every="1q", measure="share_of_docs"
    )
    chart = xinwen.plot.trend(trend, title="Share of articles mentioning each term, by quarter")
    chart_png(chart.configure(font="WenQuanYi Micro Hei"), HERE / "trend.png", scale=1.5)
    pairs = xinwen.cooccurrence(df, focus="普京", min_count=20)
    net = xinwen.plot.network(pairs, top=30, title="What co-occurs with 普京 (sentences, NPMI)")
    chart_png(net.configure(font="WenQuanYi Micro Hei"), HERE / "network.png", scale=1.5)


if __name__ == "__main__":
    main()
