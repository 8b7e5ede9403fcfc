"""Worker processes end with the scan that started them, however it ends; SIGTERM stops a scan as Ctrl-C does.

A pool worker's parent is the fork server, not the scan, and it waits on a queue whose other
end it holds itself, so nothing told it that the scan was gone: a killed scan used to leave
its fork server and workers running for good. Two independent ties now end them:

- the kernel's parent-death signal (Linux `prctl(PR_SET_PDEATHSIG)`): the fork server gets
  SIGKILL when the scan dies, and each worker when the fork server dies. It needs no Python
  code to run in the dying process, so a worker stuck in a long C call ends too;
- a pipe whose only writer is the scan (the `Lifeline`): a thread in each worker waits on it
  and exits the process at end-of-file, which the kernel delivers when the scan exits for any
  reason. The scan also cuts it on purpose to stop its workers at once when it is stopped.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from contextlib import contextmanager

from ..errors import Terminated

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `sig` to this process when its parent exits; False where unsupported.

    The kernel ties this to the parent *thread* that forked us: call it only in a process
    started from a thread that lives as long as the process that owns it.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def ignore_stop_signals() -> None:
    """In a worker or the fork server: leave Ctrl-C and SIGTERM to the scan, which stops its workers.

    A terminal's Ctrl-C and a service manager's SIGTERM reach the whole process group; a worker
    dying of them first would make the scan record its document as a crash instead of resuming it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Lifeline:
    """A pipe held open by the scanning process only; its reading end is handed to every worker."""

    def __init__(self):
        import multiprocessing

        self.reader, self._writer = multiprocessing.Pipe(duplex=False)

    def cut(self) -> None:
        """Close the pipe here: every worker watching it exits at once."""
        self._writer.close()
        self.reader.close()


def watch(reader) -> None:
    """In a worker: exit the process as soon as the lifeline's writer is gone."""

    def wait_for_end():
        try:
            while True:
                reader.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(1)

    threading.Thread(target=wait_for_end, name="contractlens-lifeline", daemon=True).start()


@contextmanager
def sigterm_as_interrupt():
    """While a scan runs, SIGTERM raises `Terminated` (a KeyboardInterrupt) in the main thread.

    The scan then stops exactly as on Ctrl-C: the document being written is committed or rolled
    back whole, the run is marked interrupted, the workers are stopped. Outside the main thread
    (a library caller's thread) signal handlers cannot be set, and the caller's own rules hold.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
