"""The server as an attacker on the network meets it: no upload without a Nội vụ login, no framing."""

import asyncio
import http.client
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from benchmarks.session import Session, xsrf_token
from pipelines.files import workbook
from pipelines.loads import surveys

pytestmark = pytest.mark.e2e
LIMIT = max(
    workbook.MAX_FILE_BYTES, surveys.MAX_SURVEY_BYTES
)  # what `cchc serve` sets server.maxUploadSize to


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def put_file(url: str, session_id: str, size: int, token: str) -> int:
    """PUT `size` bytes as the file uploader does (multipart, XSRF header and cookie): the status.
    A server that refuses early closes the connection while the body is still being sent."""
    boundary = "cchc-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bang_diem.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    where = urlsplit(url)
    c = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    c.putrequest("PUT", f"/_stcore/upload_file/{session_id}/f{time.monotonic_ns()}")
    c.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    c.putheader("Content-Length", str(len(head) + size + len(tail)))
    c.putheader("X-Xsrftoken", token)
    c.putheader("Cookie", f"_streamlit_xsrf={token}")
    c.endheaders()
    try:
        c.send(head)
        chunk = bytes(2**20)
        for _ in range(size // len(chunk)):
            c.send(chunk)
        c.send(tail)
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        return c.getresponse().status
    finally:
        c.close()


def test_a_visitor_cannot_make_the_server_hold_files(served):
    """Three PUTs of (nearly: room for the multipart framing) the largest file Streamlit accepts, from a
    session without a login: each refused, and the
    server's memory stays within 50 MB of what it was idle (it grew by 300 MB before)."""

    async def visit():
        session = await Session.open(served.url)
        try:
            assert (await session.run()).finished
            await asyncio.sleep(1)
            idle = rss_mb(served.pid)
            token = xsrf_token(served.url)
            statuses = [
                await asyncio.to_thread(
                    put_file, served.url, session.session_id, LIMIT - 2**20, token
                )
                for _ in range(3)
            ]
            await asyncio.sleep(1)
            return idle, statuses, rss_mb(served.pid)
        finally:
            await session.close()

    # in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        idle, statuses, after = pool.submit(asyncio.run, asyncio.wait_for(visit(), 120)).result()
    assert statuses == [403, 403, 403]
    assert after - idle < 50, f"idle {idle:.0f} MB, after the PUTs {after:.0f} MB"


def test_every_response_forbids_framing(server):
    with urllib.request.urlopen(server + "/", timeout=10) as r:
        page = r.read().decode()
        headers = [r.headers]
    script = re.search(r'src="\.?/?(static/[^"]+\.js)"', page)
    assert script, "index.html names no static script"
    with urllib.request.urlopen(f"{server}/{script[1]}", timeout=10) as r:
        headers.append(r.headers)
    for h in headers:
        assert h["X-Frame-Options"] == "DENY"
        assert h["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_a_score_table_over_the_loaders_limit_is_refused_in_vietnamese(server, page, tmp_path):
    """Streamlit takes files up to the survey loader's 200 MB; a score table over its own 50 MB is
    refused by our loader with a Vietnamese message, not by Streamlit in English."""
    from tests.e2e.conftest import PASSWORDS
    from tests.e2e.test_browser import log_in

    big = tmp_path / "bang_diem_qua_lon.xlsx"
    big.write_bytes(bytes(workbook.MAX_FILE_BYTES + 2**20))
    log_in(page, server, "noivu", PASSWORDS["noivu"])
    page.get_by_role("link", name="Tải dữ liệu").click()
    page.get_by_text("Lịch sử tải lên").wait_for()
    page.locator("input[type=file]").set_input_files(str(big))
    page.get_by_text(f"Tệp quá lớn (51 MB, tối đa {workbook.MAX_FILE_BYTES // 2**20} MB)").wait_for(
        timeout=60000
    )
    assert page.get_by_text("or smaller").count() == 0
