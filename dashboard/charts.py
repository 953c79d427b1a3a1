"""Plotly figures: DataFrame in, Figure out; the same band colours everywhere."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.labels import BAND_FALLBACK, pct

LAYOUT = dict(font=dict(size=15), margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
              legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))


def ranking_bar(table: pd.DataFrame, bands: pd.DataFrame) -> go.Figure:
    """Units sorted by index, coloured by band, with the band thresholds drawn."""
    colors = dict(zip(bands["band_name"], bands["color"]))
    ordered = table.sort_values(["index_pct", "unit_name"], ascending=[True, False])
    fig = go.Figure()
    for band in bands["band_name"]:
        part = ordered[ordered["band_name"] == band]
        if part.empty:
            continue
        fig.add_bar(
            x=part["index_pct"], y=part["unit_name"], orientation="h", name=band,
            marker_color=colors.get(band, BAND_FALLBACK),
            customdata=list(zip(part["rank"], [pct(v) for v in part["index_pct"]])),
            hovertemplate="<b>%{y}</b><br>Chỉ số: %{customdata[1]}<br>Xếp hạng: %{customdata[0]}<extra></extra>",
        )
    for _, band in bands.iterrows():
        if band["min_pct"] > 0:
            fig.add_vline(x=band["min_pct"], line_dash="dot", line_color=band["color"] or BAND_FALLBACK,
                          annotation_text=f"{band['min_pct']:g} %", annotation_position="top")
    low = max(0, float(table["index_pct"].min()) - 5) if len(table) else 0
    fig.update_layout(**LAYOUT, height=max(360, 22 * len(table) + 80), barmode="overlay",
                      xaxis=dict(range=[low, 100], title="Chỉ số CCHC (%)", separatethousands=True),
                      yaxis=dict(categoryorder="array", categoryarray=list(ordered["unit_name"]), automargin=True),
                      separators=",.")
    return fig
