"""The system's headless Chromium, driven over the DevTools protocol on a pipe (no extra package).

Chromium is started with `--remote-debugging-pipe`: it reads JSON commands from file
descriptor 3 and writes answers and events to descriptor 4, each message ended by a NUL
byte. A reader thread puts every message on one queue; the renderer pumps that queue.

Chromium never reaches the network by itself: its proxy is a local port that refuses every
connection (loopback included), so a request the renderer does not answer through the
project's own fetcher fails instead of leaving the machine. The process runs in its own
process group, receives SIGKILL when the thread that started it dies (Linux parent-death
signal), and `close()` kills the whole group and removes the temporary profile.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

from ..errors import RenderError

CHROMIUM_ENV = "CONTRACTLENS_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_FLAGS = (
    "--headless", "--remote-debugging-pipe", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--disable-default-apps", "--disable-quic", "--mute-audio",
    "--no-pings", "--disable-breakpad", "--disable-domain-reliability", "--metrics-recording-only",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp", "--proxy-bypass-list=<-loopback>",
    # frames stay in the page's process, so the page's request interception sees their requests too
    "--disable-site-isolation-trials",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkPrediction,"
    "IsolateOrigins,site-per-process",
    "--js-flags=--max-old-space-size=512", "--window-size=1280,2000",
)
START_TIMEOUT = 20.0
BROWSER_GONE = "Chromium exited unexpectedly"  # its end of the DevTools pipe closed
_PR_SET_PDEATHSIG = 1


def find_chromium(need_for: str) -> str:
    """The Chromium executable: $CONTRACTLENS_CHROMIUM, else the first of CHROMIUM_NAMES on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        raise RenderError(f"rendering {need_for} needs Chromium, and {CHROMIUM_ENV}={configured} is not an "
                          "executable file; fix the path, or use --render never")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(f"rendering {need_for} needs Chromium, and none is installed (apt-get install chromium, "
                      f"or set {CHROMIUM_ENV}); or use --render never")


def _child_setup(command_fd: int, answer_fd: int):
    """In the child: the pipe ends on descriptors 3 and 4, and SIGKILL when the parent dies.

    dup2 leaves 3 and 4 inheritable; every other descriptor Python opened is close-on-exec.
    """

    def setup():
        import ctypes
        import fcntl

        high_in = fcntl.fcntl(command_fd, fcntl.F_DUPFD_CLOEXEC, 10)  # out of the way of 3 and 4
        high_out = fcntl.fcntl(answer_fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.dup2(high_in, 3)
        os.dup2(high_out, 4)
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass

    return setup


def live_group_members(pgid: int) -> list[int]:
    """Processes of group `pgid` that still run (zombies waiting for init to reap them do not)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            members.append(int(entry))
    return members


def _kill_group(process: subprocess.Popen, patience: float = 5.0) -> None:
    """SIGKILL the browser's process group and wait (at most `patience` s) until none of it runs."""
    end = time.monotonic() + patience
    while True:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            break
        process.poll()  # reap the browser itself; its helpers are reaped by init
        if not live_group_members(process.pid) or time.monotonic() > end:
            break
        time.sleep(0.02)
    try:
        process.wait(timeout=max(0.0, end - time.monotonic()))
    except subprocess.TimeoutExpired:
        pass


class Chromium:
    """One headless Chromium process and its DevTools pipe."""

    def __init__(self, executable: str, *, user_agent: str):
        self.executable = executable
        self.user_agent = user_agent
        self.inbox: queue.Queue = queue.Queue()
        self.process: subprocess.Popen | None = None
        self._profile: str | None = None
        self._sink: socket.socket | None = None
        self._writer = None
        self._write_lock = threading.Lock()
        self._next_id = 0
        self.alive = False

    def start(self) -> "Chromium":
        """Start the browser and wait until it answers; RenderError when it cannot start."""
        self._profile = tempfile.mkdtemp(prefix="contractlens-render-")
        self._sink = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sink.bind(("127.0.0.1", 0))  # bound, never listening: every connection to it is refused
        proxy = "http://127.0.0.1:%d" % self._sink.getsockname()[1]
        command_read, command_write = os.pipe()
        answer_read, answer_write = os.pipe()
        flags = list(BROWSER_FLAGS) + [f"--user-data-dir={self._profile}", f"--proxy-server={proxy}",
                                       f"--user-agent={self.user_agent}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        try:
            self.process = subprocess.Popen(
                [self.executable, *flags, "about:blank"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, close_fds=False,  # CLOEXEC closes the rest
                preexec_fn=_child_setup(command_read, answer_write), start_new_session=True,
            )
        except OSError as exc:
            self.close()
            raise RenderError(f"cannot start Chromium ({self.executable}): {exc.strerror or exc}") from None
        finally:
            os.close(command_read)
            os.close(answer_write)
        self._writer = os.fdopen(command_write, "wb", buffering=0)
        self.alive = True
        threading.Thread(target=self._read, args=(answer_read,), daemon=True, name="chromium-pipe").start()
        try:
            self.call("Browser.getVersion", timeout=START_TIMEOUT)
        except RenderError as exc:
            self.close()
            raise RenderError(f"Chromium ({self.executable}) did not start: {exc}") from None
        return self

    def _read(self, fd: int) -> None:
        buffer = b""
        with os.fdopen(fd, "rb", buffering=0) as pipe:
            while True:
                try:
                    chunk = pipe.read(1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for message in messages:
                    try:
                        self.inbox.put(json.loads(message))
                    except ValueError:
                        continue
        self.alive = False
        self.inbox.put(None)  # end of the pipe: the browser is gone

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        """Send one command; returns its id (the answer arrives on the inbox)."""
        with self._write_lock:
            self._next_id += 1
            message = {"id": self._next_id, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            try:
                self._writer.write(json.dumps(message).encode("utf-8") + b"\0")
            except (OSError, ValueError, AttributeError):
                self.alive = False
                raise RenderError(BROWSER_GONE) from None
            return self._next_id

    def call(self, method: str, params: dict | None = None, *, session: str | None = None,
             timeout: float = 10.0, on_event=None) -> dict:
        """Send a command and wait for its answer; other messages go to `on_event` (or are dropped)."""
        wanted = self.send(method, params, session)
        end = time.monotonic() + timeout
        while True:
            message = self.next_message(end - time.monotonic())
            if message is None:
                raise RenderError(f"Chromium did not answer {method} within {timeout:g} s")
            if message.get("id") == wanted:
                if "error" in message:
                    raise RenderError(f"Chromium refused {method}: {message['error'].get('message')}")
                return message.get("result", {})
            if on_event is not None:
                on_event(message)

    def next_message(self, timeout: float) -> dict | None:
        """The next message from the browser, or None after `timeout` seconds without one."""
        if timeout <= 0:
            return None
        try:
            message = self.inbox.get(timeout=timeout)
        except queue.Empty:
            return None
        if message is None:
            self.inbox.put(None)  # keep the end marker for the next reader
            raise RenderError(BROWSER_GONE)
        return message

    def close(self) -> None:
        """Stop the browser and every process it started; remove its profile. Safe to repeat."""
        self.alive = False
        if self._writer is not None:
            try:
                self._writer.close()
            except OSError:
                pass
            self._writer = None
        if self.process is not None:
            _kill_group(self.process)
            self.process = None
        if self._sink is not None:
            self._sink.close()
            self._sink = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None
