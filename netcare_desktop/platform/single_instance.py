"""One NetCare per data folder: a second launch hands its files to the first.

The lock (``QLockFile`` in the data folder) decides who is first, atomically,
before any window exists; a lock left by a crashed process is recognised by
its dead PID and taken over.  The first instance then listens on a local
socket (``QLocalServer``, user-only access) whose name is derived from the
user and the data folder, so a test or a second profile never talks to the
real one.  Messages are one JSON object per line: ``{"v": 1, "cmd":
"activate", "files": [...]}``.

QtNetwork is imported only when a socket is actually needed (after the first
frame for the first instance), to keep it off the start-up path.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import zlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

log = logging.getLogger(__name__)
PROTOCOL = 1
LOCK_NAME = "netcare.lock"


def socket_name(data_dir: Path) -> str:
    who = f"{getpass.getuser()}:{Path(data_dir).resolve()}"
    return f"netcare-{zlib.crc32(who.encode('utf-8')):08x}"


class SingleInstance(QObject):
    """``acquire()`` first; the winner calls ``listen()``, a loser ``send()``s and exits."""

    messageReceived = Signal(dict)

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = socket_name(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server = None
        self._clients: dict = {}  # connected QLocalSocket -> bytes not yet dispatched

    def acquire(self) -> bool:
        """True when this process is the first NetCare for the data folder."""
        return self._lock.tryLock(100)

    def owner_pid(self) -> int | None:
        info = self._lock.getLockInfo()  # PySide6: (pid, hostname, appname), or a falsy value
        if isinstance(info, tuple) and info and isinstance(info[0], int) and info[0] > 0:
            return info[0]
        return None

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # we hold the lock: any socket file is stale
        if not server.listen(self.name):
            log.warning("single instance: cannot listen on %s: %s", self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        log.info("single instance: listening on %s", self.name)
        return True

    def _on_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._clients[sock] = bytearray()
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(self._on_disconnected)

    def _on_ready_read(self) -> None:
        sock = self.sender()
        buffer = self._clients.get(sock)
        if buffer is None:
            return
        buffer.extend(bytes(sock.readAll()))
        while b"\n" in buffer:
            line, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            self._dispatch(line)

    def _on_disconnected(self) -> None:
        sock = self.sender()
        if self._clients.pop(sock, None) is not None:
            sock.deleteLater()

    def _dispatch(self, line: bytes) -> None:
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("single instance: ignored a malformed message")
            return
        if not isinstance(message, dict) or message.get("v") != PROTOCOL:
            log.warning("single instance: ignored a message of another protocol")
            return
        files = message.get("files") or []
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            return
        log.info("single instance: %s with %d file(s)", message.get("cmd"), len(files))
        self.messageReceived.emit({"cmd": message.get("cmd", "activate"), "files": files})

    def send(self, files: list[str], attempts: int = 15, wait_ms: int = 200) -> bool:
        """Hand ``files`` to the running instance; retries while it is still starting."""
        import time

        from PySide6.QtNetwork import QLocalSocket

        payload = (
            json.dumps(
                {"v": PROTOCOL, "cmd": "activate", "files": [os.path.abspath(f) for f in files]}
            ).encode("utf-8")
            + b"\n"
        )
        for _ in range(attempts):
            sock = QLocalSocket()
            sock.connectToServer(self.name)
            if sock.waitForConnected(wait_ms):
                sock.write(payload)
                ok = sock.waitForBytesWritten(2000)
                sock.disconnectFromServer()
                return ok
            time.sleep(wait_ms / 1000)
        return False

    def release(self) -> None:
        for sock in list(self._clients):
            sock.readyRead.disconnect(self._on_ready_read)
            sock.disconnected.disconnect(self._on_disconnected)
            sock.abort()
            sock.deleteLater()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self._lock.unlock()
