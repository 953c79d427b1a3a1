"""Plotly figures: DataFrame in, Figure out; the same band colours everywhere. Every name put in a
figure (units, fields, bands, groups, answers: data users load) goes through `shown`, because plotly
renders a subset of HTML in labels, legends and hovers: a unit named «<a href=…>» would be a link."""

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.labels import BAND_FALLBACK, pct
from dashboard.labels import threshold as threshold_text


def shown(names: object) -> object:
    """A name, or each name of a list or Series, as plotly shows it literally (< > & escaped)."""
    if isinstance(names, pd.Index | pd.Series | list | tuple):
        return [shown(n) for n in names]
    return html.escape(str(names), quote=False)


LAYOUT = dict(
    font=dict(size=15),
    margin=dict(l=10, r=10, t=40, b=10),
    plot_bgcolor="white",
    legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
)


BIG = 150  # above this many units, per-unit charts show the top and bottom 25


def ends(table: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """The first and last n rows of a ranked table when it is too long to chart whole."""
    return table if len(table) <= BIG else pd.concat([table.head(n), table.tail(n)])


ENDS = 15  # the ranking chart shows the top and the bottom 15 units unless asked for all


def ranking_bar(table: pd.DataFrame, bands: pd.DataFrame, ends: int | None = ENDS) -> go.Figure:
    """Units sorted by index on a 0–100 % axis (a bar's length is its index), coloured by band,
    the band thresholds drawn, each value written at the bar's end. With `ends`, a longer table
    shows its top and bottom `ends` units, the ones between counted on a line of their own."""
    colors = dict(zip(bands["band_name"], bands["color"]))
    ordered = table.sort_values(
        ["index_pct", "unit_name"], ascending=[True, False]
    )  # plotly draws from the bottom
    ordered = ordered.assign(unit_name=shown(ordered["unit_name"]))
    categories = list(ordered["unit_name"])
    fig = go.Figure()
    if ends and len(ordered) > 2 * ends:
        middle = len(ordered) - 2 * ends
        gap = f"··· {middle} đơn vị ở giữa (hạng {ends + 1}–{ends + middle}) ···"
        ordered = pd.concat([ordered.head(ends), ordered.tail(ends)])
        categories = [*ordered["unit_name"].head(ends), gap, *ordered["unit_name"].tail(ends)]
        fig.add_scatter(
            x=[0], y=[gap], mode="markers", marker_opacity=0, showlegend=False, hoverinfo="skip"
        )
    for band in bands["band_name"]:
        part = ordered[ordered["band_name"] == band]
        if part.empty:
            continue
        fig.add_bar(
            x=part["index_pct"],
            y=part["unit_name"],
            orientation="h",
            name=shown(band),
            marker_color=colors.get(band, BAND_FALLBACK),
            text=[pct(v) for v in part["index_pct"]],
            textposition="outside",
            cliponaxis=False,
            textfont=dict(size=14, color="#222"),
            customdata=list(zip(part["rank"], [pct(v) for v in part["index_pct"]])),
            hovertemplate="<b>%{y}</b><br>Chỉ số: %{customdata[1]}<br>Xếp hạng: %{customdata[0]}<extra></extra>",
        )
    for _, band in bands.iterrows():
        if band["min_pct"] > 0:
            fig.add_vline(
                x=band["min_pct"],
                line_dash="dot",
                line_color=band["color"] or BAND_FALLBACK,
                annotation_text=f"{band['min_pct']:g} %",
                annotation_position="top",
            )
    fig.update_layout(
        **{**LAYOUT, "margin": dict(l=10, r=80, t=60, b=10)},
        height=max(360, 28 * len(categories) + 130),
        barmode="overlay",
        bargap=0.25,
        xaxis=dict(
            range=[0, 100], dtick=10, title="Chỉ số CCHC (%)", ticksuffix=" %", gridcolor="#e5e5e5"
        ),
        yaxis=dict(
            categoryorder="array", categoryarray=categories, automargin=True, tickfont=dict(size=16)
        ),
        separators=",.",
    )
    return fig


def _band_lines(fig: go.Figure, bands: pd.DataFrame, axis: str = "x") -> None:
    for _, band in bands.iterrows():
        if band["min_pct"] > 0:
            line = dict(
                line_dash="dot",
                line_color=band["color"] or BAND_FALLBACK,
                annotation_text=f"{band['min_pct']:g} %",
            )
            (
                fig.add_vline(x=band["min_pct"], **line)
                if axis == "x"
                else fig.add_hline(y=band["min_pct"], **line)
            )


def index_histogram(table: pd.DataFrame, bands: pd.DataFrame) -> go.Figure:
    colors = dict(zip(bands["band_name"], bands["color"]))
    fig = go.Figure()
    for band in bands["band_name"]:
        part = table[table["band_name"] == band]
        if len(part):
            fig.add_histogram(
                x=part["index_pct"],
                name=shown(band),
                marker_color=colors.get(band, BAND_FALLBACK),
                xbins=dict(size=2),
                hovertemplate="Chỉ số %{x}<br>%{y} đơn vị<extra></extra>",
            )
    _band_lines(fig, bands)
    fig.update_layout(
        **LAYOUT,
        barmode="stack",
        height=340,
        separators=",.",
        xaxis_title="Chỉ số CCHC (%)",
        yaxis_title="Số đơn vị",
    )
    return fig


def band_counts(table: pd.DataFrame, bands: pd.DataFrame) -> go.Figure:
    counts = table.groupby("band_name").size().reindex(bands["band_name"]).fillna(0)
    fig = go.Figure(
        go.Bar(
            x=counts.values,
            y=shown(counts.index),
            orientation="h",
            text=counts.astype(int).values,
            marker_color=[c or BAND_FALLBACK for c in bands["color"]],
            hovertemplate="%{y}: %{x} đơn vị<extra></extra>",
        )
    )
    fig.update_layout(
        **LAYOUT,
        height=260,
        showlegend=False,
        yaxis=dict(autorange="reversed"),
        xaxis_title="Số đơn vị",
    )
    return fig


def trend(
    frame: pd.DataFrame, y: str, series: str | None = None, title: str = "", y_title: str = "%"
) -> go.Figure:
    fig = go.Figure()
    groups = frame.groupby(series, sort=False) if series else [(title, frame)]
    for name, part in groups:
        fig.add_scatter(
            x=part["year"],
            y=part[y],
            mode="lines+markers",
            name=shown(name),
            hovertemplate="<b>%{fullData.name}</b><br>Năm %{x}: %{y:.2f}<extra></extra>",
        )
    fig.update_layout(
        **LAYOUT, height=340, separators=",.", xaxis=dict(dtick=1, title="Năm"), yaxis_title=y_title
    )
    return fig


def field_heatmap(fields: pd.DataFrame, order: list[str], threshold: float | None) -> go.Figure:
    """Units (rows, in ranking order) × fields, % of each field's max; cells below the
    threshold are marked with a dot."""
    wide = fields.pivot(index="unit_name", columns="field_code", values="field_pct").reindex(order)
    text = wide.map(
        lambda v: (
            ""
            if pd.isna(v)
            else ("● " if threshold is not None and v < threshold else "") + f"{v:.0f}"
        )
    )
    fig = go.Figure(
        go.Heatmap(
            z=wide.values,
            x=[f"LV {c}" for c in wide.columns],
            y=shown(wide.index),
            text=text.values,
            texttemplate="%{text}",
            colorscale=[[0, "#b2182b"], [0.5, "#f7f7f7"], [1, "#1b7837"]],
            zmin=50,
            zmax=100,
            colorbar=dict(title="% tối đa"),
            hovertemplate="<b>%{y}</b><br>%{x}: %{z:.2f} %<extra></extra>",
        )
    )
    fig.update_layout(
        **LAYOUT,
        height=max(400, 20 * len(wide) + 120),
        separators=",.",
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=dict(side="top"),
    )
    return fig


def pareto(lost: pd.DataFrame, label: str, top: int = 15) -> go.Figure:
    head = lost.head(top)
    cumulative = lost["points_lost"].cumsum() / lost["points_lost"].sum() * 100
    fig = go.Figure()
    names = shown(head[label])
    fig.add_bar(
        x=names,
        y=head["points_lost"],
        name="Điểm bị mất",
        marker_color="#b2182b",
        hovertext=shown(head["criterion_name"]) if "criterion_name" in head else None,
        hovertemplate="<b>%{x}</b> %{hovertext}<br>%{y:.2f} điểm<extra></extra>",
    )
    fig.add_scatter(
        x=names,
        y=cumulative.head(top),
        name="Cộng dồn (%)",
        yaxis="y2",
        mode="lines+markers",
        marker_color="#333",
        hovertemplate="%{y:.1f} %<extra></extra>",
    )
    # round ticks on both axes: the right one would otherwise be put on the left one's grid (12,3 / 24,5 %)
    fig.update_layout(
        **LAYOUT,
        height=380,
        separators=",.",
        xaxis=dict(type="category"),
        yaxis=dict(title="Điểm bị mất (cộng các đơn vị)", rangemode="tozero", tickformat=",~f"),
        yaxis2=dict(
            overlaying="y",
            side="right",
            range=[0, 104],
            tickmode="array",
            tickvals=[0, 20, 40, 60, 80, 100],
            ticktext=[f"{v} %" for v in range(0, 101, 20)],
            showgrid=False,
            title="Cộng dồn (%)",
        ),
    )
    return fig


def profile_vs_peers(profile: pd.DataFrame, unit_name: str, threshold: float | None) -> go.Figure:
    """A unit's field % next to its peers' median, with the flag rules' line (ref.flag_rules)."""
    x = [f"LV {c}" for c in profile["field_code"]]
    fig = go.Figure()
    fields = shown(profile["field_name"])
    fig.add_bar(
        x=x,
        y=profile["field_pct"],
        name=shown(unit_name),
        marker_color="#1f4e79",
        hovertext=fields,
        hovertemplate="<b>%{hovertext}</b><br>%{y:.2f} %<extra></extra>",
    )
    fig.add_bar(
        x=x,
        y=profile["peer_median_pct"],
        name="Trung vị đơn vị cùng loại",
        marker_color="#9ecae1",
        hovertext=fields,
        hovertemplate="<b>%{hovertext}</b><br>%{y:.2f} %<extra></extra>",
    )
    if threshold is not None:
        fig.add_hline(
            y=threshold,
            line_dash="dot",
            line_color="#b2182b",
            annotation_text=threshold_text(threshold),
        )
    fig.update_layout(
        **LAYOUT,
        height=360,
        barmode="group",
        separators=",.",
        yaxis=dict(range=[0, 100], title="% điểm tối đa"),
    )
    return fig


STATUS_COLORS = {
    "not_started": "#bdbdbd",
    "in_progress": "#4393c3",
    "done": "#1b7837",  # by ref.commitment_statuses
    "paused": "#f1a340",
    "cancelled": "#762a83",
}


def gantt(table: pd.DataFrame, today: object) -> go.Figure:
    """Commitments from registration to due date, coloured by status; overdue ones outlined red."""
    fig = go.Figure()
    for (status, name), part in table.groupby(["status", "status_name"], sort=False):
        fig.add_bar(
            base=part["start"],
            x=(part["due_date"] - part["start"]).dt.days * 86_400_000,
            y=shown(part["label"]),
            orientation="h",
            name=name,
            marker_color=STATUS_COLORS.get(status, BAND_FALLBACK),
            marker_line=dict(
                color=["#b2182b" if o else "rgba(0,0,0,0)" for o in part["is_overdue"]], width=3
            ),
            customdata=list(
                zip(
                    shown(part["title"]),
                    part["percent_done"],
                    part["due_date"].dt.strftime("%d/%m/%Y"),
                )
            ),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>Hạn %{customdata[2]} · %{customdata[1]:.0f} %<extra></extra>",
        )
    fig.add_vline(
        x=pd.Timestamp(today).value / 1e6,
        line_dash="dash",
        line_color="#b2182b",
        annotation_text="Hôm nay",
    )
    fig.update_layout(
        **LAYOUT,
        height=max(320, 22 * table["label"].nunique() + 120),
        barmode="overlay",
        xaxis=dict(type="date", tickformat="%d/%m/%Y"),
        yaxis=dict(autorange="reversed", automargin=True),
    )
    return fig


def status_over_time(counts: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    for (status, name), part in counts.groupby(["status", "status_name"], sort=False):
        fig.add_bar(
            x=shown(part["label"]),
            y=part["count"],
            name=name,
            marker_color=STATUS_COLORS.get(status, BAND_FALLBACK),
            hovertemplate=f"{name}: %{{y}}<extra></extra>",
        )
    fig.update_layout(**LAYOUT, height=340, barmode="stack", yaxis_title="Số cam kết")
    return fig


GROUP_COLORS = [
    "#1f4e79",
    "#6baed6",
    "#f1a340",
    "#762a83",
    "#66bd63",
]  # respondent groups, none read as bad
SAMPLE_COLORS = {True: "#1f4e79", False: "#b2182b", None: "#888888"}
SAMPLE_NAMES = {True: "Đủ cỡ mẫu", False: "Chưa đủ cỡ mẫu", None: "Chưa có tổng thể"}


def survey_intervals(table: pd.DataFrame) -> go.Figure:
    """Each unit's survey score (% of its max) with its 95 % interval as error bars, coloured by
    whether its sample reached the required size."""
    ordered = table.sort_values(["pct", "unit"], ascending=[True, False])
    ordered = ordered.assign(unit=shown(ordered["unit"]))
    fig = go.Figure()
    for ok in (True, False, None):
        part = (
            ordered[ordered["sample_ok"].isna()]
            if ok is None
            else ordered[ordered["sample_ok"] == ok]
        )
        if part.empty:
            continue
        fig.add_scatter(
            x=part["pct"],
            y=part["unit"],
            mode="markers",
            name=SAMPLE_NAMES[ok],
            marker=dict(color=SAMPLE_COLORS[ok], size=8),
            error_x=dict(
                type="data",
                symmetric=False,
                array=part["ci_high_pct"] - part["pct"],
                arrayminus=part["pct"] - part["ci_low_pct"],
                color=SAMPLE_COLORS[ok],
                thickness=1.5,
            ),
            customdata=list(
                zip(
                    [pct(v) for v in part["ci_low_pct"]],
                    [pct(v) for v in part["ci_high_pct"]],
                    part["forms"],
                    part["required_forms"].fillna(0).astype(int),
                )
            ),
            hovertemplate="<b>%{y}</b><br>%{x:.2f} % (KTC 95 %: %{customdata[0]} – %{customdata[1]})"
            "<br>%{customdata[2]} phiếu, cần %{customdata[3]}<extra></extra>",
        )
    fig.update_layout(
        **LAYOUT,
        height=max(360, 20 * len(table) + 100),
        separators=",.",
        xaxis=dict(title="Điểm điều tra xã hội học (% tối đa), khoảng tin cậy 95 %"),
        yaxis=dict(
            categoryorder="array",
            categoryarray=list(ordered["unit"]),
            automargin=True,
            range=[-0.7, len(ordered) - 0.3],
        ),
    )
    return fig


def sample_vs_required(samples: pd.DataFrame) -> go.Figure:
    """Forms collected against forms required, per unit and group: below the line falls short."""
    fig = go.Figure()
    for name, part in samples.groupby("group_name", sort=False):
        fig.add_scatter(
            x=part["required_forms"],
            y=part["forms"],
            mode="markers",
            name=shown(name),
            text=shown(part["unit_name"]),
            hovertemplate="<b>%{text}</b><br>cần %{x} phiếu, có %{y}<extra>%{fullData.name}</extra>",
        )
    top = (
        float(max(samples["required_forms"].max(), samples["forms"].max())) * 1.05
        if len(samples)
        else 1
    )
    fig.add_scatter(
        x=[0, top],
        y=[0, top],
        mode="lines",
        line=dict(dash="dot", color="#b2182b"),
        name="Số phiếu = cỡ mẫu cần",
        hoverinfo="skip",
    )
    fig.update_layout(
        **LAYOUT,
        height=420,
        separators=",.",
        xaxis_title="Cỡ mẫu cần (n = N / (1 + N·e²))",
        yaxis_title="Số phiếu thu được",
    )
    return fig


def _share_color(share: float) -> str:
    """Red (0 % of the points) through grey to green (100 %)."""
    low, mid, high = (178, 24, 43), (220, 220, 220), (27, 120, 55)
    a, b, t = (low, mid, share / 50) if share <= 50 else (mid, high, (share - 50) / 50)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


def answer_distribution(answers: pd.DataFrame) -> go.Figure:
    """One 100 % stacked bar per question: how its answers split, coloured by the share of points
    each answer earns."""
    per = answers.groupby(
        ["question_code", "question_order", "option_label", "option_order", "share_pct"],
        as_index=False,
    )["answers"].sum()
    per["pct"] = per["answers"] / per.groupby("question_code")["answers"].transform("sum") * 100
    questions = per.sort_values("question_order")["question_code"].unique().tolist()
    fig = go.Figure()
    for (label, share), part in per.sort_values(["share_pct", "option_order"]).groupby(
        ["option_label", "share_pct"], sort=False
    ):
        fig.add_bar(
            y=shown(part["question_code"]),
            x=part["pct"],
            orientation="h",
            name=shown(f"{label} ({share:g} %)"),
            marker_color=_share_color(share),
            customdata=list(zip(part["answers"], [shown(label)] * len(part))),
            hovertemplate="<b>%{y}</b> %{customdata[1]}: %{x:.1f} % (%{customdata[0]} câu trả lời)<extra></extra>",
        )
    fig.update_layout(
        **LAYOUT,
        height=max(320, 34 * len(questions) + 120),
        barmode="stack",
        separators=",.",
        xaxis=dict(title="% câu trả lời", range=[0, 100]),
        yaxis=dict(categoryorder="array", categoryarray=shown(questions[::-1]), automargin=True),
    )
    return fig


def group_comparison(answers: pd.DataFrame) -> go.Figure:
    """Each question's mean share of points, one bar per respondent group."""
    means = (
        answers.assign(earned=answers["answers"] * answers["share_pct"])
        .groupby(["question_code", "question_order", "group_name", "group_order"], as_index=False)[
            ["earned", "answers"]
        ]
        .sum()
        .sort_values(["group_order", "question_order"])
    )
    means["mean_pct"] = means["earned"] / means["answers"]
    questions = means.sort_values("question_order")["question_code"].unique().tolist()
    fig = go.Figure()
    for (name, _), part in means.groupby(["group_name", "group_order"], sort=False):
        fig.add_bar(
            x=shown(part["question_code"]),
            y=part["mean_pct"],
            name=shown(name),
            customdata=part["answers"],
            marker_color=GROUP_COLORS[len(fig.data) % len(GROUP_COLORS)],
            hovertemplate="<b>%{x}</b> %{fullData.name}: %{y:.2f} % (%{customdata} câu trả lời)<extra></extra>",
        )
    fig.update_layout(
        **LAYOUT,
        height=380,
        barmode="group",
        separators=",.",
        xaxis=dict(type="category", categoryorder="array", categoryarray=shown(questions)),
        yaxis=dict(title="% điểm của câu (trung bình)", range=[0, 100]),
    )
    return fig
