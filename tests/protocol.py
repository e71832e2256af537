"""A Streamlit session over its WebSocket protocol, without a browser: what a scripted client
sends and receives. benchmarks/load.py opens fifty of these; the Review tests send crafted saves
with one (tests/test_review_protocol.py).

The client does what the browser's JavaScript does: it connects to /_stcore/stream with the
`streamlit` subprotocol (and, as the browser does, the XSRF cookie's value as a second
subprotocol entry when it has cookies), asks for a page to run (BackMsg.rerun_script, with the
query string and the widget values it wants the server to see), and reads ForwardMsgs until the
run finishes.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

FINISHED_EARLY_FOR_RERUN = 2  # ForwardMsg.script_finished: the run gave way to a rerun
XSRF_COOKIE = "_streamlit_xsrf"


@dataclass
class Run:
    """What one script run sent: its elements with their arrival time (seconds after the
    request), any redirect the app asked for (st.login / st.logout), and how it finished."""
    elements: list[tuple[float, object]] = field(default_factory=list)
    redirect: str | None = None
    finished: int | None = None

    def of_type(self, kind: str) -> list:
        return [element for _, element in self.elements if element.WhichOneof("type") == kind]

    def first(self, kind: str) -> tuple[float, object] | None:
        return next(((at, element) for at, element in self.elements if element.WhichOneof("type") == kind), None)

    def texts(self) -> list[str]:
        """The text of every markdown-like element (markdown, alerts, captions)."""
        out = []
        for _, element in self.elements:
            kind = element.WhichOneof("type")
            if kind == "markdown":
                out.append(element.markdown.body)
            elif kind == "alert":
                out.append(element.alert.body)
        return out

    def widget_id(self, kind: str, key: str) -> str | None:
        """The id the server gave the widget of this kind whose key is `key` (ids end with "-<key>")."""
        for element in self.of_type(kind):
            widget_id = getattr(element, kind).id
            if widget_id.endswith(f"-{key}"):
                return widget_id
        return None


class Session:
    """One session: `async with Session(base, cookies) as session: run = await session.run("review")`."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None, timeout: float = 60.0):
        self.base, self.cookies, self.timeout = base, dict(cookies or {}), timeout
        self._socket = None

    async def __aenter__(self) -> "Session":
        import websockets

        subprotocols = ["streamlit"]
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            if XSRF_COOKIE in self.cookies:
                subprotocols.append(self.cookies[XSRF_COOKIE])
        url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        self._socket = await websockets.connect(url, subprotocols=subprotocols, additional_headers=headers,
                                                origin=self.base, max_size=None, open_timeout=self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        await self._socket.close()

    async def run(self, page: str, query: str = "", widgets: list | None = None) -> Run:
        """Ask for a run of `page` with `widgets` (WidgetState messages) and read it to its end."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        for widget in widgets or ():
            back.rerun_script.widget_states.widgets.append(widget)
        result, start = Run(), time.perf_counter()
        await self._socket.send(back.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(self._socket.recv(), self.timeout))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                result.elements.append((time.perf_counter() - start, message.delta.new_element))
            elif kind == "auth_redirect":
                result.redirect = message.auth_redirect.url
            elif kind == "script_finished" and message.script_finished != FINISHED_EARLY_FOR_RERUN:
                result.finished = message.script_finished
                return result


def trigger(widget_id: str):
    """A button press, as the browser sends it."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, trigger_value=True)


def text_value(widget_id: str, value: str):
    """A widget whose value travels as a string (a data editor's edits as JSON, a text input)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, string_value=value)


def strings_value(widget_id: str, values: list[str]):
    """A widget whose value travels as a list of strings (a segmented control's chosen option, by
    the label it shows)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(values)
    return state


def run(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop running in
    the test's thread, where asyncio.run refuses to start another."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
