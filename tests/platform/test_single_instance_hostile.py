"""Whatever arrives on the single-instance socket is bounded, logged and ignored.

Real QLocalServer in this process; the senders are plain Unix sockets on a thread
(they release the GIL while they block, so the server answers from the event loop
qtbot runs), or real second processes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from netcare_desktop.platform import single_instance
from netcare_desktop.platform.single_instance import SingleInstance

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")


@pytest.fixture
def runtime_dir(monkeypatch):
    # Short: a socket's path must fit in sockaddr_un.
    folder = tempfile.mkdtemp(prefix="ncrt")
    os.chmod(folder, 0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield Path(folder)
    for entry in Path(folder).iterdir():
        entry.unlink()
    os.rmdir(folder)


@pytest.fixture
def running(qtbot, tmp_path, runtime_dir):
    """A listening instance and the messages it handed on."""
    instance = SingleInstance(tmp_path)
    assert instance.acquire() and instance.listen()
    received: list[dict] = []
    instance.messageReceived.connect(received.append)
    yield instance, received
    instance.release()


def _talk(address: str, payload: bytes, qtbot) -> dict:
    """Send ``payload`` from a thread; what came back and whether all of it went out."""
    result: dict = {}

    def run():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(30)
        try:
            s.connect(address)
            try:
                for start in range(0, len(payload), 1 << 20):
                    s.sendall(payload[start : start + (1 << 20)])
                result["sent_all"] = True
            except OSError:
                result["sent_all"] = False  # the server hung up on us
            reply = b""
            try:
                while b"\n" not in reply:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            except OSError:
                pass
            result["reply"] = reply
        except OSError as exc:
            result["error"] = exc
        finally:
            s.close()
            result["done"] = True

    threading.Thread(target=run, daemon=True).start()
    qtbot.waitUntil(lambda: "done" in result, timeout=60000)
    assert "error" not in result, result
    return result


def _good(path: str) -> bytes:
    return json.dumps({"v": 1, "cmd": "activate", "files": [path]}).encode() + b"\n"


HOSTILE = {
    "malformed JSON": b"not json at all {\n",
    "100,000 nested brackets": b"[" * 100_000 + b"\n",
    "nested brackets inside a message": b'{"v": 1, "files": ' + b"[" * 100_000 + b"\n",
    "binary": bytes(range(256)) * 16 + b"\n",
    "a 30,000-digit number": b'{"v": 1, "files": [], "n": ' + b"9" * 30_000 + b"}\n",
    "a lone surrogate as a file": b'{"v": 1, "cmd": "activate", "files": ["/x/\\ud800.vcf"]}\n',
    "a NUL in a file": b'{"v": 1, "cmd": "activate", "files": ["/x/a\\u0000.vcf"]}\n',
    "a relative file": b'{"v": 1, "cmd": "activate", "files": ["../../etc/passwd"]}\n',
    "too many files": json.dumps({"v": 1, "cmd": "activate", "files": ["/a"] * 5000}).encode()
    + b"\n",
    "another command": b'{"v": 1, "cmd": "quit", "files": []}\n',
}


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_message_is_refused_and_the_next_good_one_still_works(
    running, qtbot, tmp_path, payload, caplog
):
    instance, received = running
    bad = _talk(instance.name, payload, qtbot)
    assert b'"ok": false' in bad["reply"]  # answered and refused, not taken
    assert received == []
    assert "single instance: ignored" in caplog.text  # logged, not raised
    card = str(tmp_path / "ada.vcf")
    good = _talk(instance.name, _good(card), qtbot)
    assert good["reply"] == b'{"v": 1, "ok": true}\n'
    qtbot.waitUntil(lambda: received == [{"cmd": "activate", "files": [card]}])


def test_a_150_mb_line_is_cut_off_not_buffered(running, qtbot, tmp_path):
    instance, received = running
    huge = _talk(instance.name, b'{"v": 1, "files": ["' + b"a" * (150 << 20), qtbot)
    assert huge["sent_all"] is False  # the server hung up long before 150 MB
    assert huge["reply"] == b""
    assert received == []
    card = str(tmp_path / "grace.vcf")
    assert _talk(instance.name, _good(card), qtbot)["reply"] == b'{"v": 1, "ok": true}\n'
    qtbot.waitUntil(lambda: received == [{"cmd": "activate", "files": [card]}])


def test_many_idle_connections_are_bounded_and_a_launch_still_gets_in(running, qtbot, tmp_path):
    instance, received = running
    idle: list[socket.socket] = []

    def connect_all():  # on a thread: a full backlog blocks connect() until the server accepts
        for _ in range(100):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(instance.name)
            s.setblocking(False)
            idle.append(s)

    threading.Thread(target=connect_all, daemon=True).start()
    qtbot.waitUntil(lambda: len(idle) == 100, timeout=60000)
    card = str(tmp_path / "linus.vcf")
    assert _talk(instance.name, _good(card), qtbot)["reply"] == b'{"v": 1, "ok": true}\n'
    qtbot.waitUntil(lambda: received == [{"cmd": "activate", "files": [card]}])

    def still_open() -> int:
        n = 0
        for s in idle:
            try:
                n += s.recv(1) != b""  # b"": the server closed it
            except BlockingIOError:
                n += 1  # nothing to read: still open
            except OSError:
                pass
        return n

    qtbot.waitUntil(lambda: still_open() <= single_instance.MAX_CLIENTS)
    for s in idle:
        s.close()


def test_the_running_app_survives_hostile_messages(tmp_path, runtime_dir):
    """A real NetCare: nested brackets, binary and a huge line, then a double-clicked file."""
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    first = subprocess.Popen(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = data / "logs" / "netcare.log"
    try:
        deadline = time.monotonic() + 60
        while not (log.exists() and "single instance: listening on " in log.read_text()):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first NetCare never started listening"
            time.sleep(0.1)
        address = log.read_text().split("single instance: listening on ", 1)[1].split("\n")[0]
        address = os.path.join(tempfile.gettempdir(), address)  # a bare name was in /tmp
        for payload in (b"[" * 100_000 + b"\n", os.urandom(5000) + b"\n", b"{" * (3 << 20)):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(30)
            s.connect(address)
            try:
                s.sendall(payload)
                s.recv(100)  # its answer, or the hang-up
            except OSError:
                pass  # cut off: fine
            s.close()
        card = tmp_path / "grace.vcf"
        card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
        second = subprocess.run(
            [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data), str(card)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stderr
        deadline = time.monotonic() + 20
        while "activate with 1 file" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        text = log.read_text()
        assert "activate with 1 file" in text
        assert "unhandled error" not in text  # nothing reached the error dialog
        assert first.poll() is None  # still running
    finally:
        first.terminate()
        first.communicate(timeout=30)
