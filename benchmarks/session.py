"""One browser tab as Streamlit's frontend speaks to the server, without a browser: a websocket on
/_stcore/stream carrying BackMsg (a rerun of a page) and ForwardMsg (the session id, the page's
elements, script_finished). For the load test and the server tests; nothing of ours is mocked."""

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

XSRF_COOKIE = "_streamlit_xsrf"


def xsrf_token(url: str) -> str:
    """The XSRF cookie the server sets on its health check: PUTs must echo it in X-Xsrftoken."""
    with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == XSRF_COOKIE:
                return rest.split(";", 1)[0].strip('"')
    raise RuntimeError("the server set no XSRF cookie")


@dataclass
class Run:
    """What one page run showed: every text of its elements, its metrics, exceptions, seconds it took."""

    seconds: float
    texts: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    finished: bool = False


def _texts(msg: ForwardMsg, run: Run) -> None:
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        return
    if kind == "metric":
        run.metrics[element.metric.label] = element.metric.body
    inner = getattr(element, kind, None) if kind else None
    for name in ("body", "label", "value", "text"):
        value = getattr(inner, name, None)
        if isinstance(value, str) and value:
            run.texts.append(value)


class Session:
    """A websocket session. `await Session.open(url)`, then `await s.run("rankings")`."""

    def __init__(self, ws):
        self.ws = ws
        self.session_id: str | None = None

    @classmethod
    async def open(cls, url: str) -> "Session":
        ws = await connect(
            url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=30,
        )
        return cls(ws)

    async def run(self, page: str = "", timeout: float = 60) -> Run:
        """Rerun the script on `page` (its url_path; "" = the default page) and read until it finishes."""
        back = BackMsg()
        back.rerun_script.page_name = page
        back.rerun_script.query_string = ""
        start = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        run = Run(0.0)
        async with asyncio.timeout(timeout):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await self.ws.recv())
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    self.session_id = msg.new_session.initialize.session_id
                elif kind == "script_finished":
                    if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    run.finished = msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
                    break
                _texts(msg, run)
        run.seconds = time.perf_counter() - start
        return run

    async def close(self) -> None:
        await self.ws.close()
