"""One NetCare per data folder: a second launch hands its files to the first.

The lock (``QLockFile`` in the data folder) decides who is first, atomically,
before any window exists; a lock left by a crashed process is recognised by
its dead PID and taken over.  The first instance then listens on a local
socket (``QLocalServer``, user-only access) whose name is derived from the
user and the data folder, so a test or a second profile never talks to the
real one.

On Unix the socket is a file in a folder only this user can write:
``$XDG_RUNTIME_DIR`` when it is a real folder of ours with mode 0700, else a
0700 folder in the user's cache folder.  Never a guessable name in ``/tmp``,
where another local user could create it first and receive every file a
double-click hands over.  On Windows it is a named pipe restricted to the
user (``UserAccessOption``).

A message is one JSON line: ``{"v": 1, "cmd": "activate", "files": [...]}``;
the running instance answers ``{"v": 1, "ok": true}`` once it has taken the
files, and ``send()`` is true only on that answer.  Whatever else arrives
(malformed or deeply nested JSON, a line of 150 MB, binary, many connections)
is bounded, logged and dropped; files are handed on later from the event loop,
never from inside the socket's callback.

QtNetwork is imported only when a socket is actually needed (after the first
frame for the first instance), to keep it off the start-up path.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import stat
import sys
import time
import zlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

log = logging.getLogger(__name__)
PROTOCOL = 1
LOCK_NAME = "netcare.lock"
MAX_LINE = 1 << 20  # bytes in one message; a longer line drops the connection unread
MAX_FILES = 1000  # files in one message; a launch with more sends several messages
MAX_PATH = 4096  # characters in one file's path
MAX_CLIENTS = 8  # connections at once; more are closed at once
CLIENT_TIMEOUT_MS = 10_000  # a connection that sends no full line by then is closed
ACK_TIMEOUT_MS = 10_000  # how long send() waits for the running instance's answer
MAX_SUN_PATH = 100  # a socket's path must fit sockaddr_un (104 bytes on macOS, 108 on Linux)


def socket_name(data_dir: Path) -> str:
    who = f"{getpass.getuser()}:{Path(data_dir).resolve()}"
    return f"netcare-{zlib.crc32(who.encode('utf-8')):08x}"


def _private_folder(folder: Path, create: bool) -> str | None:
    """None when ``folder`` is a real folder of ours that no one else can use, else why not."""
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            return f"cannot create {folder}: {exc.strerror}"
    try:
        st = os.lstat(folder)
    except OSError as exc:
        return f"cannot use {folder}: {exc.strerror}"
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder} is not a folder"
    if st.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    if st.st_mode & 0o077:
        if not create or st.st_mode & 0o022:  # $XDG_RUNTIME_DIR must be 0700; writable: refuse
            return f"{folder} is open to other users (mode {stat.S_IMODE(st.st_mode):o})"
        try:
            os.chmod(folder, 0o700)  # our own folder, only readable by others: close it
        except OSError as exc:
            return f"cannot make {folder} private: {exc.strerror}"
    return None


def _runtime_folders() -> list[tuple[Path, bool]]:
    """Where the socket may live, best first, with whether the folder is ours to create."""
    found = []
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isabs(xdg):
        found.append((Path(xdg), False))
    import platformdirs  # only when a socket is needed

    found.append((Path(platformdirs.user_cache_dir("NetCare", appauthor=False)) / "run", True))
    return found


def socket_address(data_dir: Path) -> tuple[str, str | None]:
    """The full name to listen on and connect to, and why there is none (then it is "")."""
    name = socket_name(data_dir)
    if sys.platform == "win32":
        return name, None  # a named pipe; UserAccessOption limits it to this user
    reasons = []
    for folder, ours in _runtime_folders():
        problem = _private_folder(folder, create=ours)
        if problem is None:
            path = str(folder / f"{name}.sock")
            if len(os.fsencode(path)) <= MAX_SUN_PATH:
                return path, None
            problem = f"{folder} is too long a path for a socket"
        log.warning("single instance: %s", problem)
        reasons.append(problem)
    return "", "; ".join(reasons)


def _checked_files(message) -> list[str] | None:
    """The files of a well-formed message, or None."""
    if not isinstance(message, dict) or message.get("v") != PROTOCOL:
        return None
    if message.get("cmd", "activate") != "activate":
        return None
    files = message.get("files", [])
    if not isinstance(files, list) or len(files) > MAX_FILES:
        return None
    for f in files:
        if not isinstance(f, str) or not f or len(f) > MAX_PATH or "\x00" in f:
            return None
        if not os.path.isabs(f):
            return None
        try:
            f.encode("utf-8")  # a lone surrogate is no file name
        except UnicodeEncodeError:
            return None
    return files


def _batches(files: list[str]) -> list[bytes]:
    """The messages that hand ``files`` over, each within the receiver's limits."""
    out, batch, size = [], [], 0
    for f in files:
        cost = len(json.dumps(f).encode("utf-8")) + 2
        if batch and (len(batch) >= MAX_FILES or size + cost > MAX_LINE // 2):
            out.append(batch)
            batch, size = [], 0
        batch.append(f)
        size += cost
    out.append(batch)
    return [
        json.dumps({"v": PROTOCOL, "cmd": "activate", "files": b}).encode("utf-8") + b"\n"
        for b in out
    ]


class SingleInstance(QObject):
    """``acquire()`` first; the winner calls ``listen()``, a loser ``send()``s and exits."""

    messageReceived = Signal(dict)

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        # The full socket path ("" when no private folder exists) and why not.
        self.name, self.problem = socket_address(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server = None
        self._clients: dict = {}  # connected QLocalSocket -> bytes of its unfinished line
        self._pending: list[str] = []  # files taken, not yet handed on
        self._delivery_posted = False
        self._since: dict = {}  # connected QLocalSocket -> when it connected (monotonic)
        self._sweeper = QTimer(self)
        self._sweeper.setInterval(1000)
        self._sweeper.timeout.connect(self._sweep)

    def acquire(self) -> bool:
        """True when this process is the first NetCare for the data folder."""
        return self._lock.tryLock(100)

    def owner_pid(self) -> int | None:
        info = self._lock.getLockInfo()  # PySide6: (pid, hostname, appname), or a falsy value
        if isinstance(info, tuple) and info and isinstance(info[0], int) and info[0] > 0:
            return info[0]
        return None

    def listen(self) -> bool:
        if not self.name:
            log.warning("single instance: not listening, no private folder: %s", self.problem)
            return False
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock and the folder is ours alone: a socket file there is stale.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.warning("single instance: cannot listen on %s: %s", self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        log.info("single instance: listening on %s", self.name)
        return True

    # -- the running instance's side -------------------------------------------------------

    def _on_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            waiting = [c for c, buffer in self._clients.items() if buffer is not None]
            if len(waiting) >= MAX_CLIENTS:  # the oldest makes room: a new launch still gets in
                self._drop(min(waiting, key=lambda c: self._since.get(c, 0.0)), "too many at once")
            sock.setReadBufferSize(64 * 1024)  # Qt buffers no more than this of a sender
            self._clients[sock] = bytearray()
            self._since[sock] = time.monotonic()
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(self._on_disconnected)
            if not self._sweeper.isActive():
                self._sweeper.start()

    def _sweep(self) -> None:
        """Close the connections that sent no full message in time (one timer for all)."""
        late = time.monotonic() - CLIENT_TIMEOUT_MS / 1000
        for sock, since in list(self._since.items()):
            if since < late:
                self._drop(sock, "sent no message in time")
        if not self._clients:
            self._sweeper.stop()

    def _on_ready_read(self) -> None:
        sock = self.sender()
        try:
            self._read(sock)
        except Exception:  # noqa: BLE001 - nothing a sender writes may reach the event loop
            log.exception("single instance: dropped a connection on an unexpected error")
            self._drop(sock, "failed")

    def _read(self, sock) -> None:
        buffer = self._clients.get(sock)
        while buffer is not None and sock.bytesAvailable() > 0:
            chunk = bytes(sock.read(64 * 1024))
            if not chunk:
                return
            end = chunk.find(b"\n")
            if end < 0:
                buffer.extend(chunk)
                if len(buffer) > MAX_LINE:
                    self._drop(sock, f"a message longer than {MAX_LINE} bytes")
                return
            buffer.extend(chunk[:end])
            if len(buffer) > MAX_LINE:
                self._drop(sock, f"a message longer than {MAX_LINE} bytes")
                return
            self._since.pop(sock, None)
            ok = self._take(bytes(buffer))
            # One message a connection: answer, then close (whatever follows is not read).
            self._clients[sock] = None
            sock.write(json.dumps({"v": PROTOCOL, "ok": ok}).encode("utf-8") + b"\n")
            sock.flush()  # now: the sender waits for it, whatever the event loop does next
            sock.disconnectFromServer()
            return

    def _drop(self, sock, why: str) -> None:
        self._since.pop(sock, None)
        if self._clients.get(sock) is None:
            return  # already answered or gone
        log.warning("single instance: ignored a connection: %s", why)
        self._clients[sock] = None
        sock.abort()

    def _on_disconnected(self) -> None:
        sock = self.sender()
        self._since.pop(sock, None)
        if sock in self._clients:
            del self._clients[sock]
            sock.deleteLater()

    def _take(self, line: bytes) -> bool:
        """Queue the files of a good message (handed on from the event loop); False if bad."""
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            log.warning("single instance: ignored a malformed message (%s)", type(exc).__name__)
            return False
        files = _checked_files(message)
        if files is None:
            log.warning("single instance: ignored a message of another protocol")
            return False
        log.info("single instance: activate with %d file(s)", len(files))
        self._pending.extend(f for f in files if f not in self._pending)
        if not self._delivery_posted:
            self._delivery_posted = True
            # Never inside readyRead: what a message starts (a window raised, an import's
            # preview dialog) runs from the event loop, after the socket's handler returned.
            QTimer.singleShot(0, self, self._deliver)
        return True

    def _deliver(self) -> None:
        self._delivery_posted = False
        files, self._pending = self._pending, []
        self.messageReceived.emit({"cmd": "activate", "files": files})

    # -- the second launch's side -----------------------------------------------------------

    def send(self, files: list[str], attempts: int = 15, wait_ms: int = 200) -> bool:
        """Hand ``files`` to the running instance; true only when it confirmed taking them.

        Retries while the running instance is still starting (not listening yet).
        """
        from PySide6.QtNetwork import QLocalSocket

        if not self.name:
            log.warning("single instance: cannot reach the running NetCare: %s", self.problem)
            return False
        for payload in _batches([os.path.abspath(f) for f in files]):
            for _ in range(attempts):
                sock = QLocalSocket()
                sock.connectToServer(self.name)
                if sock.waitForConnected(wait_ms):
                    break
                time.sleep(wait_ms / 1000)
            else:
                log.warning("single instance: nothing listens on %s", self.name)
                return False
            ok = _answered(sock, payload)
            sock.abort()
            if not ok:
                log.warning("single instance: %s did not take the files", self.name)
                return False
        return True

    def release(self) -> None:
        for sock in list(self._clients):
            sock.readyRead.disconnect(self._on_ready_read)
            sock.disconnected.disconnect(self._on_disconnected)
            sock.abort()
            sock.deleteLater()
        self._clients.clear()
        self._since.clear()
        self._sweeper.stop()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self._lock.unlock()


def _answered(sock, payload: bytes) -> bool:
    """Write one message on a connected socket; true when the answer is ``ok``."""
    sock.write(payload)
    if not sock.waitForBytesWritten(ACK_TIMEOUT_MS):
        return False
    reply = bytearray()
    while b"\n" not in reply and len(reply) < 4096:
        if sock.bytesAvailable() <= 0 and not sock.waitForReadyRead(ACK_TIMEOUT_MS):
            break
        reply.extend(bytes(sock.read(4096)))
    try:
        answer = json.loads(bytes(reply).partition(b"\n")[0].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(answer, dict) and answer.get("v") == PROTOCOL and answer.get("ok") is True
