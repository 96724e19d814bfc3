"""Where the single-instance socket lives, and that a hand-over is confirmed, not assumed.

Real QLocalServer/QLocalSocket, real folders and modes, real second processes; the
attacker is a real process (another user when the tests run as root).
"""

from __future__ import annotations

import os
import selectors
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from netcare_desktop.platform.single_instance import LOCK_NAME, SingleInstance

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and modes")
ROOT = Path(__file__).resolve().parents[2]


def _short_dir(mode: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ncrt"))  # short: a socket path must fit sockaddr_un
    os.chmod(folder, mode)
    return folder


def _remove(folder: Path) -> None:
    subprocess.run(["rm", "-rf", str(folder)], check=False)


@pytest.fixture
def runtime_dir(monkeypatch):
    folder = _short_dir(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    _remove(folder)


@pytest.fixture
def cache_home(monkeypatch):
    folder = _short_dir(0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("HOME", str(folder))  # platformdirs on macOS
    yield folder
    _remove(folder)


def _old_guessable_path(data_dir: Path, user: str) -> str:
    """Where NetCare used to listen: a name anyone can compute, in the shared temp folder."""
    who = f"{user}:{Path(data_dir).resolve()}"
    tmp = os.environ.get("TMPDIR") or "/tmp"
    return f"{tmp}/netcare-{zlib.crc32(who.encode('utf-8')):08x}"


def test_the_socket_is_in_the_private_runtime_folder(qtbot, tmp_path, runtime_dir):
    import getpass

    instance = SingleInstance(tmp_path)
    assert instance.acquire() and instance.listen()
    try:
        sockets = [p for p in runtime_dir.iterdir() if stat.S_ISSOCK(p.lstat().st_mode)]
        assert [str(p) for p in sockets] == [instance.name]
        assert not os.path.exists(_old_guessable_path(tmp_path, getpass.getuser()))
        with qtbot.waitSignal(instance.messageReceived, timeout=20000) as got:
            sender = _send_from_another_process(tmp_path, ["/home/x/ada.vcf"], os.environ)
        assert got.args[0]["files"] == ["/home/x/ada.vcf"]
        assert sender.communicate(timeout=30)[0] == "sent True"
    finally:
        instance.release()


@pytest.mark.parametrize("mode", [0o777, 0o755, 0o1777])
def test_a_runtime_folder_open_to_others_is_not_used(tmp_path, monkeypatch, cache_home, mode):
    unsafe = _short_dir(mode)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(unsafe))
    try:
        instance = SingleInstance(tmp_path)
        assert instance.acquire() and instance.listen()
        try:
            assert list(unsafe.iterdir()) == []
            ours = cache_home / "NetCare" / "run"
            assert Path(instance.name).parent == ours
            assert stat.S_IMODE(ours.stat().st_mode) == 0o700
            assert stat.S_ISSOCK(os.lstat(instance.name).st_mode)
        finally:
            instance.release()
    finally:
        _remove(unsafe)


def test_a_runtime_folder_of_another_user_is_not_used(tmp_path, monkeypatch, cache_home):
    if os.getuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    theirs = _short_dir(0o700)
    os.chown(theirs, 65534, 65534)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(theirs))
    try:
        instance = SingleInstance(tmp_path)
        assert instance.acquire() and instance.listen()
        try:
            assert list(theirs.iterdir()) == []
            assert Path(instance.name).parent == cache_home / "NetCare" / "run"
        finally:
            instance.release()
    finally:
        _remove(theirs)


@pytest.mark.parametrize("how", ["writable by all", "a symlink", "another user's"])
def test_no_private_folder_means_no_socket_and_no_false_success(
    tmp_path, monkeypatch, cache_home, how
):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    run = cache_home / "NetCare" / "run"
    run.parent.mkdir(parents=True)
    if how == "writable by all":
        run.mkdir()
        os.chmod(run, 0o777)
    elif how == "a symlink":
        elsewhere = _short_dir(0o777)
        run.symlink_to(elsewhere)
    else:
        if os.getuid() != 0:
            pytest.skip("giving a folder to another user needs root")
        run.mkdir(mode=0o700)
        os.chown(run, 65534, 65534)
    first = SingleInstance(tmp_path)
    assert first.acquire()
    try:
        assert first.listen() is False  # nowhere safe to listen: NetCare runs on without it
        assert not any(stat.S_ISSOCK(p.lstat().st_mode) for p in run.iterdir())
        assert SingleInstance(tmp_path).send(["/home/x/ada.vcf"]) is False
    finally:
        first.release()
        if how == "a symlink":
            _remove(elsewhere)


def _swallower(address: str, got: list) -> threading.Thread:
    """A listener that reads one message and hangs up without answering."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(address):
        os.unlink(address)
    srv.bind(address)
    os.chmod(address, 0o777)
    srv.listen(5)
    srv.settimeout(90)

    def run():
        try:
            conn, _ = srv.accept()
            data = b""
            while b"\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            got.append(data)
            conn.close()
        except OSError:
            pass  # no one came
        finally:
            srv.close()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_a_listener_that_does_not_confirm_is_no_success(tmp_path, runtime_dir):
    second = SingleInstance(tmp_path)
    got: list = []
    # Something at the very address that reads the files and drops them.
    t = _swallower(second.name or str(runtime_dir / "x.sock"), got)
    assert second.send(["/home/x/ada.vcf"]) is False
    t.join(30)
    assert got and b"ada.vcf" in got[0]  # it did reach the listener: no answer, no success


def _send_from_another_process(data_dir, files, env) -> subprocess.Popen:
    code = (
        "import sys; from netcare_desktop.platform.single_instance import SingleInstance;"
        f"sys.stdout.write('sent %s' % SingleInstance({str(data_dir)!r}).send({files!r}))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_stderr_until(proc: subprocess.Popen, needle: str, seconds: float) -> str:
    seen = ""
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        if sel.select(timeout=0.5):
            line = proc.stderr.readline()
            if not line:
                break
            seen += line
    return seen


def test_a_second_launch_that_is_not_confirmed_says_so(tmp_path, runtime_dir):
    """A NetCare holds the lock but its socket takes files and drops them: no "success"."""
    import getpass

    data = tmp_path / "data"
    data.mkdir()
    held = QLockFile(str(data / LOCK_NAME))
    assert held.tryLock(0)
    address = SingleInstance(data).name
    got: list = []
    _swallower(address, got)
    old: list = []
    _swallower(_old_guessable_path(data, getpass.getuser()), old)
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    second = subprocess.Popen(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data), str(card)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        said = _read_stderr_until(second, "did not take the 1 file", 60)
        assert "did not take the 1 file" in said, said
        assert "brought it to the front" not in said
    finally:
        second.kill()  # it waits in its message box
        second.communicate(timeout=30)
        held.unlock()
        for path in (address, _old_guessable_path(data, getpass.getuser())):
            if os.path.exists(path):
                os.unlink(path)


# -- an attacker who creates the old guessable socket first ---------------------------------

ATTACKER = """
import os, socket, sys
path = sys.argv[1]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
os.chmod(path, 0o777)
srv.listen(5)
if sys.argv[2] == "seal":
    os.chmod(os.path.dirname(path), 0o555)  # like another user's file in a sticky /tmp
print("ready", flush=True)
srv.settimeout(60)
while True:
    try:
        conn, _ = srv.accept()
    except OSError:
        break
    conn.settimeout(5)
    data = b""
    try:
        while b"\\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        conn.sendall(b'{"v": 1, "ok": true}\\n')  # it lies, as an attacker would
    except OSError:
        pass
    print("GOT " + data.decode("utf-8", "replace").strip(), flush=True)
    conn.close()
"""


def test_an_attacker_at_the_old_tmp_path_receives_nothing(tmp_path):
    """Two real NetCare launches; an attacker listens first at $TMPDIR/netcare-<hash>.

    The attacker's socket is one the victim cannot remove (another user's file in a
    sticky /tmp): here the shared folder is sealed (0555) once the attacker has bound,
    and as root the victim runs without the capabilities that ignore file modes.
    """
    victim = []
    if os.getuid() == 0:
        victim = ["setpriv", "--bounding-set=-dac_override,-fowner,-dac_read_search", "--"]
    shared = _short_dir(0o1777)  # the victim's TMPDIR, like /tmp
    home = _short_dir(0o700)
    runtime = _short_dir(0o700)
    data = home / "data"
    card = home / "grace.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
    env = {k: v for k, v in os.environ.items() if k != "NETCARE_DATA_DIR"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        TMPDIR=str(shared),
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local"),
        XDG_RUNTIME_DIR=str(runtime),
        USER="victim",
        LOGNAME="victim",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(ROOT),
    )
    old_path = f"{shared}/netcare-{zlib.crc32(f'victim:{data}'.encode()):08x}"
    attacker = subprocess.Popen(
        [sys.executable, "-c", ATTACKER, old_path, "seal"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = None
    try:
        assert attacker.stdout.readline().strip() == "ready", attacker.stderr.read()
        first = subprocess.Popen(
            [*victim, sys.executable, "-m", "netcare_desktop", "--data-dir", str(data)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        log = data / "logs" / "netcare.log"
        deadline = time.monotonic() + 60
        while not (log.exists() and "single instance: " in log.read_text()):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first NetCare never got to its socket"
            time.sleep(0.1)
        second = subprocess.run(
            [*victim, sys.executable, "-m", "netcare_desktop", "--data-dir", str(data), str(card)],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
        deadline = time.monotonic() + 20
        while "activate with 1 file" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        attacker.terminate()
        stolen, _ = attacker.communicate(timeout=30)
        assert "grace.vcf" not in stolen  # the attacker received nothing
        assert second.returncode == 0, second.stderr
        assert "activate with 1 file" in log.read_text()  # the victim's NetCare got the file
        assert first.poll() is None
    finally:
        if attacker.poll() is None:
            attacker.kill()
            attacker.communicate(timeout=30)
        if first is not None:
            first.terminate()
            first.communicate(timeout=30)
        os.chmod(shared, 0o700)
        for folder in (shared, home, runtime):
            _remove(folder)
