"""`cchc`: the command line. Exit 0 on success, 2 on invalid input (every problem on stderr),
1 on any other failure; never a traceback."""

import argparse
import datetime as dt
import functools
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

# Only light modules here, so that `cchc --help` imports neither duckdb nor pandas: each
# command imports what it uses.
from pipelines import accounts, problems, reads, settings, vocabulary, wording
from pipelines.argparse_vi import Parser
from pipelines.problems import InvalidInput, Problem
from pipelines.text import to_date, vn_number

EXIT_INVALID = 2
YEAR = dict(metavar="NĂM", help="năm đánh giá, ví dụ 2024")
OUT = dict(metavar="TỆP", help="tệp sẽ ghi ra")
KIND = dict(
    choices=vocabulary.KIND_CHOICES,
    metavar="LOẠI",
    help="nhóm hoặc loại đơn vị: %(choices)s (mặc định: tất cả)",
)
AS_OF = dict(
    type=lambda t: _date(t),
    metavar="NGÀY",
    help="tình trạng vào ngày này (YYYY-MM-DD hoặc dd/mm/yyyy; mặc định: hôm nay)",
)
BY = dict(metavar="TÊN", help="người nạp, ghi vào nhật ký (mặc định: tên người dùng máy)")


def _format(*choices: str) -> dict:
    return dict(
        choices=choices,
        default="table",
        help="cách in: " + ", ".join(choices) + " (mặc định: table, bảng dễ đọc)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="cchc",
        description="Chỉ số cải cách hành chính (CCHC). Xem hướng dẫn từng lệnh: cchc LỆNH -h",
    )
    p.add_argument(
        "--db",
        metavar="TỆP",
        help="đường dẫn cơ sở dữ liệu DuckDB (mặc định: $CCHC_DB hoặc data/cchc.duckdb)",
    )
    sub = p.add_subparsers(dest="command", required=True)
    problems_out = Parser(add_help=False)  # for every command that reads a file
    problems_out.add_argument(
        "--problems-out",
        metavar="TỆP.csv",
        help="khi tệp có lỗi: ghi toàn bộ danh sách lỗi ra tệp CSV",
    )
    for add in (
        _database_commands,
        _template_commands,
        _survey_commands,
        _scores_commands,
        _ranking_commands,
        _comparison_commands,
        _follow_up_commands,
        _report_commands,
        _admin_commands,
        _publication_commands,
        _history_commands,
    ):
        add(sub, problems_out)
    return p


def _database_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc init`, `demo`, `serve`, `framework`."""
    sub.add_parser(
        "init", help="tạo cơ sở dữ liệu trống (chưa có bộ chỉ số, chưa có đơn vị)"
    ).set_defaults(run=_init)
    d = sub.add_parser("demo", help="tạo cơ sở dữ liệu mẫu (tỉnh ví dụ, 2021–2025)")
    d.set_defaults(run=_demo)
    d.add_argument(
        "--if-absent", action="store_true", help="chỉ tạo khi chưa có tệp; có rồi thì giữ nguyên"
    )
    d.add_argument(
        "--force",
        action="store_true",
        help="thay tệp đã có bằng dữ liệu mẫu (mất toàn bộ dữ liệu trong tệp); không khi tệp đang được mở",
    )
    s = sub.add_parser("serve", help="chạy bảng điều khiển")
    s.set_defaults(run=_serve)
    s.add_argument(
        "--port",
        type=int,
        default=8501,
        metavar="CỔNG",
        help="cổng của bảng điều khiển (mặc định: 8501)",
    )
    s.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ĐỊA_CHỈ",
        help="địa chỉ lắng nghe (mặc định: 127.0.0.1, chỉ máy này); 0.0.0.0 để phục vụ mạng nội bộ của cơ quan",
    )

    fw = sub.add_parser("framework", help="bộ chỉ số").add_subparsers(dest="action", required=True)
    fl = fw.add_parser(
        "load",
        parents=[problems_out],
        help="nạp bộ chỉ số từ tệp .xlsx (xem `cchc template framework`) hoặc .toml",
    )
    fl.set_defaults(run=_framework_load)
    fl.add_argument("file", nargs="?", metavar="TỆP", help="tệp bộ chỉ số .xlsx hoặc .toml")
    fl.add_argument(
        "--example",
        action="store_true",
        help="nạp bộ chỉ số VÍ DỤ (và bộ câu hỏi khảo sát ví dụ) để thử; không dùng cho số liệu thật",
    )
    fl.add_argument("--by", **BY)
    fr = fw.add_parser(
        "remove", help="gỡ một bộ chỉ số chưa chấm điểm nào (ví dụ bộ VÍ DỤ đã nạp để thử)"
    )
    fr.set_defaults(run=_framework_remove)
    fr.add_argument(
        "code",
        metavar="MÃ",
        help="mã bộ chỉ số (xem trên thanh bên của bảng điều khiển hoặc trong tệp bộ chỉ số)",
    )


def _template_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc template`: the files to fill in."""
    t = sub.add_parser("template", help="tải mẫu").add_subparsers(dest="action", required=True)
    ts = t.add_parser("scores", help="mẫu bảng chấm điểm chi tiết")
    ts.set_defaults(run=_template_scores)
    ts.add_argument("--year", type=int, required=True, **YEAR)
    ts.add_argument(
        "--kind",
        choices=vocabulary.KIND_CHOICES,
        metavar="LOẠI",
        default="commune_level",
        help="nhóm hoặc loại đơn vị của mẫu: %(choices)s (mặc định: commune_level, cấp xã)",
    )
    ts.add_argument("--out", required=True, **OUT)
    tu = t.add_parser("units", help="danh mục đơn vị hiện có, dạng Excel")
    tu.set_defaults(run=_template_units)
    tu.add_argument("--out", required=True, **OUT)
    tt = t.add_parser("tasks", help="mẫu đăng ký cam kết và cập nhật tiến độ")
    tt.set_defaults(run=_template_tasks)
    tt.add_argument("--out", required=True, **OUT)
    tsv = t.add_parser(
        "survey", help="bộ câu hỏi điều tra xã hội học dạng Excel (mặc định: bộ câu hỏi ví dụ)"
    )
    tsv.set_defaults(run=_template_survey)
    tsv.add_argument("--code", metavar="MÃ", help="mã bộ câu hỏi đã nạp")
    tsv.add_argument("--out", required=True, **OUT)
    tsr = t.add_parser("survey-responses", help="mẫu nhập phiếu khảo sát và tổng thể của một năm")
    tsr.set_defaults(run=_template_survey_responses)
    tsr.add_argument("--year", type=int, required=True, **YEAR)
    tsr.add_argument("--out", required=True, **OUT)
    tf = t.add_parser("framework", help="bộ chỉ số dạng Excel (mặc định: bộ chỉ số ví dụ)")
    tf.set_defaults(run=_template_framework)
    tf.add_argument("--code", metavar="MÃ", help="mã bộ chỉ số đã nạp")
    tf.add_argument("--out", required=True, **OUT)


def _survey_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc survey`: forms, definitions, summary."""
    sv = sub.add_parser("survey", help="điều tra xã hội học").add_subparsers(
        dest="action", required=True
    )
    svl = sv.add_parser(
        "load",
        parents=[problems_out],
        help="nạp phiếu khảo sát (mỗi dòng một phiếu; .xlsx, .xls, .ods, .csv)",
    )
    svl.set_defaults(run=_survey_load)
    svl.add_argument("file", metavar="TỆP", help="tệp phiếu khảo sát")
    svl.add_argument("--year", type=int, required=True, **YEAR)
    svl.add_argument(
        "--definition",
        metavar="TỆP",
        help="bộ câu hỏi (.xlsx, xem `cchc template survey`, hoặc .toml), nạp cùng lúc",
    )
    svl.add_argument(
        "--population",
        metavar="TỆP",
        help="tệp tổng thể N theo đơn vị và nhóm (khi không có trang «Tổng thể»)",
    )
    svl.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không nạp")
    svl.add_argument("--by", **BY)
    svd = sv.add_parser(
        "definition", parents=[problems_out], help="nạp bộ câu hỏi (.xlsx hoặc .toml)"
    )
    svd.set_defaults(run=_survey_definition)
    svd.add_argument("file", metavar="TỆP", help="tệp bộ câu hỏi .xlsx hoặc .toml")
    svs = sv.add_parser(
        "summary", help="kết quả điều tra theo đơn vị: điểm, khoảng tin cậy 95 %%, cỡ mẫu"
    )
    svs.set_defaults(run=_survey_summary)
    svs.add_argument("--year", type=int, required=True, **YEAR)
    svs.add_argument("--format", **_format("table", "csv", "json"))


def _scores_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc scores load`."""
    sc = sub.add_parser("scores", help="điểm").add_subparsers(dest="action", required=True)
    sl = sc.add_parser(
        "load", parents=[problems_out], help="nạp tệp điểm (.xlsx, .xls, .ods, .csv)"
    )
    sl.set_defaults(run=_scores_load)
    sl.add_argument("file", metavar="TỆP", help="tệp điểm")
    sl.add_argument("--year", type=int, required=True, **YEAR)
    sl.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không nạp")
    sl.add_argument(
        "--new-units", action="store_true", help="đăng ký đơn vị chưa có trong danh mục"
    )
    sl.add_argument("--sheet", metavar="TRANG", help="chỉ đọc trang tính này")
    sl.add_argument(
        "--header-row",
        type=int,
        metavar="DÒNG",
        help="dòng tiêu đề bảng bắt đầu ở dòng này (đánh số như Excel)",
    )
    sl.add_argument(
        "--columns",
        metavar="CỘT=VAI_TRÒ,…",
        help='vai trò các cột, ví dụ "B=unit, C=field:1/9, D=field:2/7, K=total, L=ignore"'
        " (cột theo chữ cái hoặc theo tiêu đề; vai trò: unit, unit_code, area, stt, field:MÃ[/TỐI_ĐA],"
        " criterion:MÃ[/TỐI_ĐA], total, index, rank, band, bonus, penalty, max, ignore);"
        " cách đọc được ghi nhớ cho tiêu đề này",
    )
    sl.add_argument("--by", **BY)


def _ranking_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc ranking`, `flags`, `export ranking` (the annex to the decision)."""
    for name, helptext, run in (
        ("ranking", "bảng xếp hạng", _ranking),
        ("flags", "đơn vị bị cảnh báo", _flags),
    ):
        r = sub.add_parser(name, help=helptext)
        r.set_defaults(run=run)
        r.add_argument("--year", type=int, required=True, **YEAR)
        r.add_argument("--kind", **KIND)
        r.add_argument("--format", **_format("table", "csv", "json"))

    e = sub.add_parser("export", help="xuất bảng").add_subparsers(dest="action", required=True)
    er = e.add_parser(
        "ranking",
        help="bảng xếp hạng chính thức: phụ lục kèm quyết định (.xlsx hoặc .docx), hoặc .csv",
    )
    er.set_defaults(run=_export_ranking)
    er.add_argument("--year", type=int, required=True, **YEAR)
    er.add_argument("--kind", **KIND)
    er.add_argument(
        "--out",
        required=True,
        metavar="TỆP.xlsx|TỆP.docx|TỆP.csv",
        help="tệp sẽ ghi ra; loại theo đuôi tệp",
    )


def _comparison_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc compare`, `scorecard`."""
    cmp = sub.add_parser("compare", help="so sánh hai năm hoặc hai đơn vị").add_subparsers(
        dest="action", required=True
    )
    cy = cmp.add_parser(
        "years", help="hai năm cạnh nhau: điểm, chỉ số, hạng, xếp loại từng đơn vị và thay đổi"
    )
    cy.set_defaults(run=_compare_years)
    cy.add_argument(
        "--from",
        dest="year_from",
        type=int,
        required=True,
        metavar="NĂM",
        help="năm thứ nhất (năm trước), ví dụ 2023",
    )
    cy.add_argument(
        "--to",
        dest="year_to",
        type=int,
        required=True,
        metavar="NĂM",
        help="năm thứ hai (năm sau), ví dụ 2024",
    )
    cy.add_argument("--kind", **KIND)
    cy.add_argument(
        "--out", required=True, metavar="TỆP.xlsx|TỆP.csv", help="tệp sẽ ghi ra; loại theo đuôi tệp"
    )
    cu = cmp.add_parser(
        "units", help="hai đơn vị cạnh nhau trong một năm: lĩnh vực, tiêu chí mất điểm, cam kết"
    )
    cu.set_defaults(run=_compare_units)
    cu.add_argument(
        "--unit",
        action="append",
        required=True,
        metavar="MÃ",
        help="mã đơn vị; ghi hai lần: --unit A --unit B",
    )
    cu.add_argument("--year", type=int, required=True, **YEAR)
    cu.add_argument("--as-of", default=dt.date.today(), **AS_OF)
    cu.add_argument(
        "--out", required=True, metavar="TỆP.xlsx|TỆP.csv", help="tệp sẽ ghi ra; loại theo đuôi tệp"
    )

    card = sub.add_parser("scorecard", help="phiếu điểm đơn vị: một trang A4 (.pdf hoặc .xlsx)")
    card.set_defaults(run=_scorecard)
    who = card.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="MÃ", help="mã đơn vị")
    who.add_argument(
        "--all",
        action="store_true",
        help="mọi đơn vị được xếp hạng trong năm: mỗi đơn vị một tệp (tên theo mã đơn vị) trong thư mục --out",
    )
    card.add_argument("--year", type=int, required=True, **YEAR)
    card.add_argument(
        "--kind",
        choices=vocabulary.KIND_CHOICES,
        metavar="LOẠI",
        help="với --all: chỉ một loại hoặc nhóm đơn vị: %(choices)s",
    )
    card.add_argument(
        "--format",
        choices=("pdf", "xlsx"),
        default="pdf",
        help="với --all: loại tệp (mặc định pdf)",
    )
    card.add_argument("--as-of", default=dt.date.today(), **AS_OF)
    card.add_argument(
        "--out",
        required=True,
        metavar="TỆP.pdf|TỆP.xlsx|THƯ_MỤC",
        help="tệp ghi ra (loại theo đuôi tệp); với --all: thư mục",
    )


def _follow_up_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc tasks`, `plans`: commitments and remediation plans."""
    tk = sub.add_parser("tasks", help="nhiệm vụ đột phá, kế hoạch khắc phục").add_subparsers(
        dest="action", required=True
    )
    tkl = tk.add_parser(
        "load",
        parents=[problems_out],
        help="nạp cam kết và tiến độ từ tệp (xem `cchc template tasks`)",
    )
    tkl.set_defaults(run=_tasks_load)
    tkl.add_argument("file", metavar="TỆP", help="tệp cam kết và tiến độ .xlsx")
    tkl.add_argument("--by", **BY)
    tst = tk.add_parser("status", help="tình trạng các cam kết vào một ngày")
    tst.set_defaults(run=_tasks_status)
    tst.add_argument("--as-of", default=dt.date.today(), **AS_OF)
    tst.add_argument("--year", type=int, metavar="NĂM", help="chỉ cam kết theo kết quả năm này")
    tst.add_argument("--format", **_format("table", "json"))
    pl = sub.add_parser("plans", help="kế hoạch khắc phục").add_subparsers(
        dest="action", required=True
    )
    plm = pl.add_parser("missing", help="kế hoạch phải nộp mà chưa nhận được")
    plm.set_defaults(run=_plans_missing)
    plm.add_argument(
        "--year", type=int, required=True, metavar="NĂM", help="năm của kết quả phải khắc phục"
    )
    plm.add_argument("--as-of", default=dt.date.today(), **AS_OF)
    plm.add_argument("--format", **_format("table", "json"))


def _report_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc digest`, `calendar`, `brief`."""
    dg = sub.add_parser(
        "digest",
        help="báo cáo thứ Hai: nhiệm vụ quá hạn, kế hoạch, nhiệm vụ đột phá, báo cáo định kỳ chưa nộp",
    )
    dg.set_defaults(run=_digest)
    dg.add_argument(
        "--year",
        type=int,
        metavar="NĂM",
        help="năm kết quả được theo dõi (mặc định: năm trước năm của ngày --as-of)",
    )
    dg.add_argument("--as-of", default=dt.date.today(), **AS_OF)
    dg.add_argument("--kind", **KIND)
    dg.add_argument(
        "--out", required=True, metavar="TỆP.xlsx|TỆP.pdf", help="tệp sẽ ghi ra; loại theo đuôi tệp"
    )
    ca = sub.add_parser(
        "calendar",
        help="lịch và hạn của năm: kế hoạch, nhiệm vụ đột phá, báo cáo định kỳ, ai đã nộp, ai muộn",
    )
    ca.set_defaults(run=_calendar)
    ca.add_argument(
        "--year",
        type=int,
        required=True,
        metavar="NĂM",
        help="năm kết quả; các hạn rơi vào năm sau đó",
    )
    ca.add_argument("--as-of", default=dt.date.today(), **AS_OF)
    ca.add_argument("--kind", **KIND)
    ca.add_argument("--format", **_format("table", "json"))

    br = sub.add_parser(
        "brief",
        help="báo cáo nhanh cho lãnh đạo (PDF, A4): chỉ số, xếp hạng, lĩnh vực mất điểm, cảnh báo, quá hạn",
    )
    br.set_defaults(run=_brief)
    br.add_argument("--year", type=int, required=True, **YEAR)
    br.add_argument("--as-of", default=dt.date.today(), **AS_OF)
    br.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi ra")


def _admin_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc units`, `users`, `mappings`, `settings`."""
    un = sub.add_parser("units", help="danh mục đơn vị").add_subparsers(
        dest="action", required=True
    )
    unl = un.add_parser(
        "load",
        parents=[problems_out],
        help="nạp danh mục đơn vị từ tệp (xem `cchc template units`)",
    )
    unl.set_defaults(run=_units_load)
    unl.add_argument("file", metavar="TỆP", help="tệp danh mục đơn vị .xlsx")
    unl.add_argument("--by", **BY)

    us = sub.add_parser("users", help="tài khoản").add_subparsers(dest="action", required=True)
    ua = us.add_parser(
        "add", help="thêm hoặc đổi mật khẩu một tài khoản (mật khẩu đọc từ bàn phím hoặc stdin)"
    )
    ua.set_defaults(run=_users_add)
    ua.add_argument("name", metavar="TÊN", help="tên đăng nhập")
    ua.add_argument(
        "--role",
        choices=tuple(accounts.ROLES),
        required=True,
        help="; ".join(f"{k}: {v}" for k, v in accounts.ROLES.items()),
    )

    mp = sub.add_parser("mappings", help="cách đọc bảng đã ghi nhớ (từ --columns)").add_subparsers(
        dest="action", required=True
    )
    mp.add_parser("list", help="liệt kê").set_defaults(run=_mappings_list)
    mpr = mp.add_parser("remove", help="xóa một cách đọc đã ghi nhớ")
    mpr.set_defaults(run=_mappings_remove)
    mpr.add_argument(
        "id",
        type=int,
        metavar="SỐ",
        help="số thứ tự của cách đọc (cột # trong `cchc mappings list`)",
    )

    st = sub.add_parser(
        "settings", help="cơ quan ban hành, người ký, số quyết định: in trên phụ lục, báo cáo"
    )
    sta = st.add_subparsers(dest="action", required=True)
    sta.add_parser("list", help="liệt kê các thiết lập và giá trị").set_defaults(run=_settings_list)
    sts = sta.add_parser("set", help='đặt một thiết lập (giá trị rỗng "" để xóa)')
    sts.set_defaults(run=_settings_set)
    sts.add_argument("key", metavar="KHÓA", help="tên thiết lập (xem `cchc settings list`)")
    sts.add_argument("value", metavar="GIÁ_TRỊ", help="giá trị mới")


def _publication_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc publish`, `unpublish`, `publications`."""
    pb = sub.add_parser(
        "publish",
        help="công bố kết quả một năm theo quyết định (trước đó là dự thảo: chỉ người đăng nhập xem)",
    )
    pb.set_defaults(run=_publish)
    pb.add_argument("--year", type=int, required=True, **YEAR)
    pb.add_argument(
        "--decision",
        required=True,
        metavar="SỐ_QĐ",
        help="số, ký hiệu quyết định công bố, ví dụ 125/QĐ-UBND",
    )
    pb.add_argument(
        "--date",
        required=True,
        metavar="NGÀY",
        help="ngày ký quyết định (dd/mm/yyyy hoặc YYYY-MM-DD)",
    )
    pb.add_argument(
        "--by",
        default=os.environ.get("USER", "cli"),
        metavar="TÊN",
        help="người công bố (mặc định: tên người dùng máy)",
    )
    upb = sub.add_parser(
        "unpublish", help="thu hồi công bố một năm (trở lại dự thảo), phải ghi lý do"
    )
    upb.set_defaults(run=_unpublish)
    upb.add_argument("--year", type=int, required=True, **YEAR)
    upb.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do thu hồi công bố")
    upb.add_argument(
        "--by",
        default=os.environ.get("USER", "cli"),
        metavar="TÊN",
        help="người thu hồi (mặc định: tên người dùng máy)",
    )
    pbs = sub.add_parser(
        "publications", help="tình trạng công bố từng năm, và người xem chưa đăng nhập thấy gì"
    )
    pbs.set_defaults(run=_publications)
    pbs.add_argument(
        "--visitors",
        metavar="CHẾ_ĐỘ",
        help="đặt điều người xem chưa đăng nhập thấy (các chế độ: xem `cchc publications`)",
    )
    pbs.add_argument(
        "--by",
        default=os.environ.get("USER", "cli"),
        metavar="TÊN",
        help="người đặt (mặc định: tên người dùng máy)",
    )


def _history_commands(sub, problems_out: argparse.ArgumentParser) -> None:
    """`cchc uploads`, `audit`."""
    u = sub.add_parser("uploads", help="lịch sử tải lên").add_subparsers(
        dest="action", required=True
    )
    u.add_parser("list", help="liệt kê").set_defaults(run=_uploads_list)
    ur = u.add_parser(
        "rollback", help="hoàn tác một lần tải: in ra điều sẽ xảy ra, hoàn tác khi được xác nhận"
    )
    ur.set_defaults(run=_uploads_rollback)
    ur.add_argument(
        "id", type=int, metavar="SỐ", help="số lần tải (cột # trong `cchc uploads list`)"
    )
    ur.add_argument("--yes", action="store_true", help="hoàn tác ngay, không hỏi lại")

    au = sub.add_parser(
        "audit",
        help="nhật ký: đăng nhập, tải lên, hoàn tác, bộ chỉ số, danh mục, cài đặt, tài khoản",
    )
    au.set_defaults(run=_audit)
    au.add_argument(
        "--since",
        type=lambda t: _date(t),
        required=True,
        metavar="NGÀY",
        help="từ ngày này (YYYY-MM-DD hoặc dd/mm/yyyy)",
    )
    au.add_argument(
        "--until",
        type=lambda t: _date(t),
        metavar="NGÀY",
        help="đến hết ngày này (mặc định: đến nay)",
    )
    au.add_argument(
        "--action",
        metavar="VIỆC",
        help="chỉ một việc, ví dụ login_failed, upload, rollback, settings",
    )
    au.add_argument("--format", **_format("table", "csv", "json"))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import duckdb

    path = settings.db_path(args.db)
    try:
        return args.run(args, path) or 0
    except BrokenPipeError:  # output piped into `head`
        sys.stdout = open(os.devnull, "w")
        return 0
    except InvalidInput as e:
        _print_problems(e.problems, getattr(args, "problems_out", None), hasattr(args, "file"))
        return EXIT_INVALID
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            print(
                f"Lỗi: cơ sở dữ liệu {path} đang được một chương trình khác (không phải cchc) mở để ghi;"
                " hãy đóng chương trình đó trước.",
                file=sys.stderr,
            )
        else:
            print(f"Lỗi: không mở được cơ sở dữ liệu {path}: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # never a traceback for a user
        print(f"Lỗi: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


# Every command is `run(args, path) -> exit code (None: 0)`, set on its parser. Most are written
# `command(args, con)` under one of these two, which say how the command opens the database:
# `_reads` opens the newest snapshot and never waits for a writer; `_writes` takes the write lock
# and opens the file itself (pipelines.sharing). The few commands without either open it their way.


def _reads(command: Callable) -> Callable:
    @functools.wraps(command)
    def run(args, path: Path):
        from pipelines import sharing

        con = sharing.reading(path)
        try:
            return command(args, con)
        finally:
            con.close()

    return run


def _writes(command: Callable) -> Callable:
    @functools.wraps(command)
    def run(args, path: Path):
        from pipelines import sharing

        with sharing.writing(path, _who(args), on_wait=_waiting) as con:
            return command(args, con)

    return run


def _waiting(holder: str) -> None:
    print(f"Đang chờ lần nạp khác ({holder}) …", file=sys.stderr, flush=True)


def _who(args) -> str:
    """Who a command acts for, in the audit log: its --by, else the user logged in to this machine."""
    if getattr(args, "by", None):
        return args.by
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name in the environment nor in the password database
        return "cli"


@_writes
def _init(args, con) -> None:
    count = con.execute("select count(*) from ref.frameworks").fetchone()[0]
    print(f"Cơ sở dữ liệu sẵn sàng: {settings.db_path(args.db)}")
    if not count:
        print(
            "Chưa có bộ chỉ số: nạp bộ chỉ số của tỉnh (`cchc framework load TỆP`), hoặc nạp thẳng bảng điểm"
            " có ghi điểm tối đa để suy ra bộ chỉ số từ tệp. Bộ chỉ số ví dụ: `cchc framework load --example`."
        )


def _demo(args, path: Path) -> int:
    """Builds the demo under the write lock; never over a file that exists, unless --force."""
    if path.exists() and not args.force:
        if args.if_absent:
            print(f"Đã có cơ sở dữ liệu {path}; giữ nguyên")
            return 0
        print(
            f"Lỗi: đã có cơ sở dữ liệu {path}; `cchc demo` không xóa nó. Để thay bằng dữ liệu mẫu (mất toàn bộ"
            " dữ liệu trong tệp), chạy lại với --force; hoặc chọn tệp khác với --db.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    from pipelines import demo, sharing

    with sharing.locked(path, "cchc demo", on_wait=_waiting):
        if path.exists():  # refused (a lock error) while a program other than cchc holds it
            import duckdb

            duckdb.connect(str(path)).close()
        said = demo.build(path)
        sharing.publish(path)
    print(said)
    return 0


def _serve(args, path: Path) -> int:
    if not path.exists():
        print(
            f"Chưa có cơ sở dữ liệu {path}: chạy `cchc demo` hoặc `cchc init` trước",
            file=sys.stderr,
        )
        return 1
    from pipelines import sharing

    con = sharing.reading(path)  # and a first snapshot for the dashboard's readers
    try:
        demo = accounts.is_demo(con)
    finally:
        con.close()
    print(
        "Tài khoản mẫu: lanhdao / lanhdao (xem), noivu / noivu (tải dữ liệu); chúng mất hiệu lực khi nạp tệp"
        " thật đầu tiên hoặc thêm tài khoản (`cchc users add`)."
        if demo
        else "Không có tài khoản mẫu: đăng nhập bằng tài khoản đã thêm với `cchc users add`.",
        flush=True,
    )
    from pipelines.files import workbook
    from pipelines.loads import surveys

    largest = max(
        workbook.MAX_FILE_BYTES, surveys.MAX_SURVEY_BYTES
    )  # the largest file a loader accepts
    app = (
        Path(__file__).resolve().parents[1] / "dashboard" / "server.py"
    )  # streamlit_app.py behind an upload guard
    env = {**os.environ, "CCHC_DB": str(path.resolve())}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxUploadSize",
        str(largest // 2**20),
    ]
    os.chdir(settings.PROJECT_DIR)
    os.execve(
        sys.executable, cmd, env
    )  # this process becomes the server: stopping it stops the server


@_writes
def _framework_load(args, con) -> None:
    if args.example:
        return _framework_example(args, con)
    from pipelines.loads import framework_workbook

    if not args.file:
        raise InvalidInput([Problem("Cần tệp bộ chỉ số (.xlsx hoặc .toml), hoặc --example")])
    checked = framework_workbook.check(con, Path(args.file))
    print(framework_workbook.store(con, checked, _who(args)))


def _framework_example(args, con) -> None:
    from pipelines import audit, db, frameworks, survey_definitions
    from pipelines.loads import uploads

    with db.write(con):
        framework = frameworks.load_example(con)
        survey_definitions.load_example(con)
        path = settings.EXAMPLE_FRAMEWORK
        upload_id = uploads.record(
            con,
            "framework",
            path.name,
            uploads.file_sha256(path),
            len(framework.criteria),
            _who(args),
        )
        audit.record(
            con,
            _who(args),
            "framework",
            f"Nạp {frameworks.called(framework.name)} (mã {framework.code})"
            f" và bộ câu hỏi ví dụ (lần tải #{upload_id})",
        )
    print(
        f"Đã nạp {frameworks.called(framework.name)} ({framework.year_from}–{framework.year_to}) và bộ câu hỏi ví dụ;"
        " chỉ dùng để thử, điểm thật cần bộ chỉ số của tỉnh"
    )


@_writes
def _framework_remove(args, con) -> None:
    from pipelines import audit, frameworks

    print(frameworks.remove(con, args.code, _who(args), audit.CLI))


@_reads
def _template_scores(args, con) -> None:
    from pipelines.workbooks import templates

    templates.write_scores_template(con, args.year, args.kind, Path(args.out))
    print(f"Đã ghi mẫu {args.out}")


@_reads
def _template_units(args, con) -> None:
    from pipelines.workbooks import templates

    templates.write_units(con, Path(args.out))
    print(f"Đã ghi danh mục đơn vị vào {args.out}")


@_reads
def _template_tasks(args, con) -> None:
    from pipelines.workbooks import templates

    templates.write_commitment_template(con, Path(args.out))
    print(f"Đã ghi mẫu {args.out}")


@_reads
def _template_survey(args, con) -> None:
    from pipelines import survey_definitions
    from pipelines.workbooks import templates

    d = (
        survey_definitions.fetch(con, args.code)
        if args.code
        else survey_definitions.read_toml(settings.EXAMPLE_SURVEY)
    )
    templates.write_survey_definition(d, Path(args.out))
    print(f"Đã ghi bộ câu hỏi {d.code} vào {args.out}")


@_reads
def _template_survey_responses(args, con) -> None:
    from pipelines.workbooks import templates

    print(templates.write_survey_template(con, args.year, Path(args.out)))


@_reads
def _template_framework(args, con) -> None:
    from pipelines import frameworks
    from pipelines.workbooks import templates

    framework = (
        frameworks.fetch(con, args.code)
        if args.code
        else frameworks.read_toml(settings.EXAMPLE_FRAMEWORK)
    )
    templates.write_framework(framework, Path(args.out), con)
    print(f"Đã ghi {frameworks.called(framework.name)} vào {args.out}")


@_writes
def _scores_load(args, con) -> None:
    from pipelines.loads import scores

    options = scores.Options(sheet=args.sheet, header_row=args.header_row, columns=args.columns)
    try:
        checked = scores.check(
            con,
            args.file,
            year=args.year,
            new_units=args.new_units,
            options=options,
            preview=args.dry_run,
        )
    except InvalidInput:
        if args.dry_run:  # what was read, to say with --columns what should have been
            _print_columns(_reading(con, args.file, args.year, options), sys.stderr)
        raise
    if args.dry_run:
        _print_columns(checked.report.columns)
        return _print_report(checked.report)
    _print_report(scores.store(con, checked, _who(args)))


@_writes
def _survey_load(args, con) -> None:
    from pipelines import survey_definitions
    from pipelines.loads import surveys

    definition = survey_definitions.read(Path(args.definition)) if args.definition else None
    checked = surveys.check(
        con,
        args.file,
        year=args.year,
        definition=definition,
        population=args.population,
        preview=args.dry_run,
    )
    _print_report(checked.report if args.dry_run else surveys.store(con, checked, _who(args)))


@_writes
def _survey_definition(args, con) -> None:
    from pipelines import survey_definitions

    checked = survey_definitions.check(con, Path(args.file))
    print("Đã nạp " + survey_definitions.store(con, checked, _who(args)))


@_reads
def _survey_summary(args, con) -> None:
    from pipelines.loads import surveys

    _print(
        reads.survey_summary(con, args.year),
        args.format,
        surveys.summary_records,
        surveys.summary_rows,
    )


@_writes
def _units_load(args, con) -> None:
    from pipelines.loads import units

    print(units.store(con, units.check(con, Path(args.file)), _who(args)))


@_reads
def _ranking(args, con) -> None:
    from pipelines.workbooks import excel

    _print(
        reads.ranking(con, args.year, args.kind),
        args.format,
        wording.ranking_records,
        excel.ranking_rows,
    )


@_reads
def _flags(args, con) -> None:
    from pipelines.workbooks import excel

    _print(
        reads.flags(con, args.year, args.kind), args.format, wording.flag_records, excel.flag_rows
    )


@_reads
def _export_ranking(args, con) -> None:
    from pipelines.workbooks import excel

    out = Path(args.out)
    warnings = excel.write_ranking(con, args.year, args.kind, out)
    print(f"Đã xuất {out}")
    _print_warnings(warnings)


@_reads
def _compare_years(args, con) -> None:
    from pipelines.workbooks import compare

    print(compare.write_years(con, args.year_from, args.year_to, args.kind, Path(args.out)))


@_reads
def _compare_units(args, con) -> None:
    from pipelines.workbooks import compare

    if len(args.unit) != 2:
        raise InvalidInput(
            [Problem(f"Cần đúng hai đơn vị (--unit A --unit B), đã ghi {len(args.unit)}")]
        )
    print(compare.write_units(con, *args.unit, args.year, args.as_of, Path(args.out)))


@_reads
def _scorecard(args, con) -> None:
    from pipelines.workbooks import scorecard_files

    if args.all:
        print(
            scorecard_files.write_all(
                con, args.year, Path(args.out), args.format, args.as_of, args.kind
            )
        )
    else:
        print(scorecard_files.write(con, args.unit, args.year, Path(args.out), args.as_of))


@_writes
def _tasks_load(args, con) -> None:
    from pipelines.loads import commitment_workbook

    checked = commitment_workbook.check(con, Path(args.file))
    print(commitment_workbook.store(con, checked, _who(args)))


@_reads
def _tasks_status(args, con) -> None:
    from pipelines import commitments

    records = commitments.status_records(reads.commitment_status_at(con, args.as_of, args.year))
    if args.format == "json":
        return _print_json(records)
    for r in records:
        late = "  QUÁ HẠN" if r["overdue"] else ""
        print(
            f"{r['code']}  {r['unit']}  {r['title']}  hạn {_vn_date(r['due'])}  {r['status_name']} {r['percent']:g} %{late}"
        )


@_reads
def _plans_missing(args, con) -> None:
    from pipelines import commitments

    records = [
        r
        for r in commitments.plan_records(reads.plans_for_year(con, args.year, args.as_of))
        if not r["received"]
    ]
    if args.format == "json":
        return _print_json(records)
    for r in records:
        late = "QUÁ HẠN" if r["overdue"] else "chưa đến hạn"
        print(
            f"{r['unit_code']}  {r['unit']}  hạn {_vn_date(r['due'])}  {late}  ({'; '.join(r['reasons'])})"
        )


@_reads
def _digest(args, con) -> None:
    from pipelines import duties
    from pipelines.workbooks import digest

    year = args.year or duties.default_year(con, args.as_of)
    if year is None:
        raise InvalidInput(
            [
                Problem(
                    "Chưa có kết quả chấm điểm hay cam kết nào: không có gì để lập báo cáo thứ Hai."
                )
            ]
        )
    write = digest.write_pdf if Path(args.out).suffix.lower() == ".pdf" else digest.write_xlsx
    print(write(con, year, args.as_of, Path(args.out), args.kind))


@_reads
def _calendar(args, con) -> None:
    from pipelines import duties

    rows = duties.summary(con, args.year, args.as_of, args.kind)
    if args.format == "json":
        return _print_json(duties.summary_records(rows))
    print(
        f"Lịch và hạn theo kết quả năm {args.year}, tình trạng ngày {args.as_of:%d/%m/%Y}"
        f" ({duties.monday_line(args.as_of)}):"
    )
    _aligned(duties.SUMMARY_HEADER, duties.summary_rows(rows))


@_reads
def _brief(args, con) -> None:
    from pipelines.workbooks import brief

    Path(args.out).write_bytes(brief.pdf(con, args.year, args.as_of))
    print(
        f"Đã xuất báo cáo nhanh năm {args.year} (số liệu đến ngày {args.as_of:%d/%m/%Y}) vào {args.out}"
    )


def _users_add(args, path: Path) -> None:
    password = (
        getpass.getpass("Mật khẩu: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    )
    saved = _add_account(args, password, path)
    print(f"Đã lưu tài khoản {args.name.strip().lower()} ({accounts.ROLES[args.role]}) vào {saved}")


def _add_account(args, password: str, path: Path) -> Path:
    """Add the account to the account file and, when the database exists, log it there in the
    same write (never the password nor its hash); a database in use gets no line, and it is said."""
    if not path.exists():
        return accounts.add(args.name, args.role, password)
    import duckdb

    from pipelines import audit, db, sharing

    name = args.name.strip().lower()
    try:
        with sharing.writing(path, _who(args), on_wait=_waiting) as con, db.write(con):
            what = "Đổi mật khẩu hoặc vai trò" if accounts.exists(name) else "Thêm"
            saved = accounts.add(args.name, args.role, password)
            audit.record(
                con, _who(args), "account", f"{what} tài khoản {name} ({accounts.ROLES[args.role]})"
            )
        return saved
    except duckdb.IOException:  # a program other than cchc holds the file
        saved = accounts.add(args.name, args.role, password)
        print(
            f"Lưu ý: cơ sở dữ liệu {path} đang được mở nơi khác: việc này không được ghi vào nhật ký.",
            file=sys.stderr,
        )
        return saved


@_reads
def _mappings_list(args, con) -> None:
    from pipelines.loads import mappings

    found = mappings.listing(con)
    for m in found:
        print(
            f"#{m['id']}  {m['at']:%d/%m/%Y}  {m['by']}  {m['file']} («{m['sheet']}»)\n    {m['columns']}"
        )
    if not found:
        print("Chưa ghi nhớ cách đọc nào (ghi nhớ khi nạp với --columns).")


@_writes
def _mappings_remove(args, con) -> None:
    from pipelines.loads import mappings

    print(mappings.remove(con, args.id))


@_reads
def _settings_list(args, con) -> None:
    from pipelines.workbooks import issuing_body

    rows = [
        [k["key"], k["value"] or ("(chưa đặt)" if k["required"] else ""), k["label"]]
        for k in issuing_body.keys(con)
    ]
    _aligned(["Khóa", "Giá trị", "Ý nghĩa"], rows)


@_writes
def _settings_set(args, con) -> None:
    from pipelines import audit, db
    from pipelines.workbooks import issuing_body

    with db.write(con):
        print(issuing_body.set_value(con, args.key, args.value, _who(args), audit.CLI))


@_writes
def _publish(args, con) -> None:
    from pipelines import publication

    print(publication.publish(con, args.year, args.decision, args.date, args.by))


@_writes
def _unpublish(args, con) -> None:
    from pipelines import publication

    print(publication.unpublish(con, args.year, args.reason, args.by))


def _publications(args, path: Path) -> None:
    """Each year's state and what visitors see; with --visitors, a write that sets it first."""
    (_writes if args.visitors else _reads)(_publications_shown)(args, path)


def _publications_shown(args, con) -> None:
    from pipelines import publication

    if args.visitors is not None:
        print(publication.set_visitors(con, args.visitors, args.by))
    _aligned(
        ["Năm", "Tình trạng"],
        [[str(r.year), publication.state_line(r)] for r in reads.publications(con).itertuples()],
    )
    mode, _ = publication.visitors(con)
    modes = publication.visitor_modes(con)
    print(
        f"Người xem chưa đăng nhập: {modes[mode]} ({mode}). Các chế độ: "
        + "; ".join(f"{m} ({label})" for m, label in modes.items())
    )


@_reads
def _uploads_list(args, con) -> None:
    import pandas as pd

    kinds, counted = vocabulary.upload_kinds(con), vocabulary.upload_counts(con)
    statuses = vocabulary.upload_statuses(con)
    for r in reads.uploads(con).itertuples():
        what = vocabulary.in_sentence(kinds[r.upload_kind]) + (
            f" năm {r.year}" if pd.notna(r.year) else ""
        )
        print(
            f"#{r.upload_id}  {r.uploaded_at:%d/%m/%Y %H:%M}  {statuses[r.status]:<12}  {what}  "
            f"{vn_number(r.row_count, 0)} {counted[r.upload_kind]}  {r.uploaded_by}  {r.file_name}"
        )


def _uploads_rollback(args, path: Path) -> int | None:
    """Says what comes back and asks before the lock is taken (nobody waits for an answer), then rolls back."""
    if not args.yes:
        _rollback_preview(args, path)
        if not _confirmed("Hoàn tác? (c/k): "):
            print(
                "Chưa hoàn tác gì. Để hoàn tác, trả lời «c», hoặc chạy lại lệnh với --yes.",
                file=sys.stderr,
            )
            return EXIT_INVALID
    return _rollback(args, path)


@_reads
def _rollback_preview(args, con) -> None:
    from pipelines.loads import uploads

    print(uploads.plan(con, args.id).preview())


@_writes
def _rollback(args, con) -> None:
    from pipelines.loads import uploads

    print(uploads.rollback(con, args.id, _who(args)))


@_reads
def _audit(args, con) -> None:
    from pipelines import audit

    _print(
        audit.lines(con, args.since, args.until, args.action),
        args.format,
        audit.records,
        audit.rows,
    )


def _print_problems(found: list, out: str | None, of_file: bool) -> None:
    """The first problems, those that recur grouped; the full list into a CSV file on request."""
    shown = problems.grouped(found)
    what = (
        "Tệp không hợp lệ, không có gì được nạp"
        if of_file
        else "Không thực hiện được, không có gì thay đổi"
    )
    print(f"{what} ({vn_number(len(found), 0)} lỗi):", file=sys.stderr)
    for problem in shown[: problems.SHOWN]:
        print(f"  - {problem}", file=sys.stderr)
    if out:
        Path(out).write_bytes(problems.to_csv(found))
        print(f"Toàn bộ {vn_number(len(found), 0)} lỗi đã ghi vào {out}", file=sys.stderr)
    elif len(shown) > problems.SHOWN:
        print(
            f"  … và {vn_number(len(shown) - problems.SHOWN, 0)} lỗi khác; để có toàn bộ danh sách,"
            " chạy lại lệnh với --problems-out loi.csv",
            file=sys.stderr,
        )


def _print_report(report) -> None:
    """A load's summary line, its warnings on stderr."""
    print(report.summary())
    _print_warnings(report.warnings)


def _print_warnings(warnings: list) -> None:
    for warning in warnings:
        print(f"  lưu ý: {warning}", file=sys.stderr)


def _print_json(records: list[dict]) -> None:
    print(json.dumps(records, ensure_ascii=False, indent=1))


def _print(table, fmt, to_records, to_rows) -> None:
    if fmt == "json":
        return _print_json(to_records(table))
    header, rows = to_rows(table)
    if fmt == "csv":
        from pipelines.workbooks import excel

        sys.stdout.write(excel.csv_text(header, rows))
        return
    if not rows:
        print("(không có dữ liệu)")
        return
    _aligned(
        header,
        [
            [vn_number(v) if isinstance(v, float) else str(v if v is not None else "") for v in r]
            for r in rows
        ],
    )


def _aligned(header: list, rows: list[list[str]], indent: str = "", out=None) -> None:
    """A table for the terminal: the header, then the rows, each column as wide as its widest cell."""
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for r in [[str(h) for h in header], *rows]:
        print(
            indent + "  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip(),
            file=out or sys.stdout,
        )


def _reading(con, path: str, year: int, options) -> list[dict]:
    """How the file's tables were read, for a refused load (nothing when the file is unreadable)."""
    from pipelines.files import column_specs
    from pipelines.loads import scores

    try:
        sheets = scores.read_tables(con, path, year, options)
    except InvalidInput:
        return []
    return [c for s in sheets if s.table for c in column_specs.describe(s.table)]


def _print_columns(columns: list[dict], out=None) -> None:
    """How each column was read: the role taken, the max and why."""
    if not columns:
        return
    print("Cách đọc các cột:", file=out or sys.stdout)
    rows = [
        [
            c["sheet"],
            c["column"],
            c["header"][:40],
            c["role"],
            f"{vn_number(c['max'])} ({c['max_from']})" if c["max"] is not None else "",
            c["why"],
        ]
        for c in columns
    ]
    _aligned(["Trang", "Cột", "Tiêu đề", "Vai trò", "Điểm tối đa", "Lý do"], rows, "  ", out)


def _confirmed(question: str) -> bool:
    """Yes only from a person at a terminal who answers c (có); piped input never confirms."""
    if not sys.stdin.isatty():
        return False
    return input(question).strip().lower() in ("c", "có", "co", "y")


def _date(text: str) -> dt.date:
    day = to_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"ngày «{text}» không hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy)")
    return day


def _vn_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
