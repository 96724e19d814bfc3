"""One NetCare per data folder, with real lock files and real local sockets."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from PySide6.QtCore import QLockFile

from netcare_desktop.platform.single_instance import LOCK_NAME, SingleInstance, socket_name


def _send_from_another_process(data_dir, files) -> subprocess.Popen:
    code = (
        "import sys; from netcare_desktop.platform.single_instance import SingleInstance;"
        f"sys.stdout.write('sent %s' % SingleInstance({str(data_dir)!r}).send({files!r}))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_second_instance_hands_its_files_to_the_first(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.acquire()
    assert first.listen()
    second = SingleInstance(tmp_path)
    assert not second.acquire()
    assert second.owner_pid() == os.getpid()
    card = tmp_path / "ada.vcf"
    with qtbot.waitSignal(first.messageReceived, timeout=20000) as got:
        # send() blocks until the first instance answers from the event loop qtbot runs,
        # so it runs where a second launch does: in another process.
        sender = _send_from_another_process(tmp_path, [str(card)])
    assert got.args[0] == {"cmd": "activate", "files": [str(card)]}
    out, err = sender.communicate(timeout=30)
    assert out == "sent True", err
    first.release()
    assert SingleInstance(tmp_path).acquire()  # released: the next one may start


def test_other_data_folders_are_other_instances(tmp_path):
    a = SingleInstance(tmp_path / "a")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    b = SingleInstance(tmp_path / "b")
    assert a.acquire() and b.acquire()
    assert socket_name(tmp_path / "a") != socket_name(tmp_path / "b")
    a.release()
    b.release()


def test_a_lock_left_by_a_crashed_process_does_not_block(tmp_path):
    # A real lock file, owned by a process that is gone (killed, as a crash would).
    code = (
        "import os, sys; from PySide6.QtCore import QLockFile;"
        f"l = QLockFile({str(tmp_path / LOCK_NAME)!r}); assert l.tryLock(0);"
        "sys.stdout.write('locked'); sys.stdout.flush(); os._exit(0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout == "locked"
    assert (tmp_path / LOCK_NAME).exists()  # os._exit left it behind
    instance = SingleInstance(tmp_path)
    assert instance.acquire()
    instance.release()


def test_a_live_lock_blocks(tmp_path):
    held = QLockFile(str(tmp_path / LOCK_NAME))
    assert held.tryLock(0)
    assert not SingleInstance(tmp_path).acquire()
    held.unlock()


def test_malformed_messages_are_ignored(qtbot, tmp_path):
    from PySide6.QtNetwork import QLocalSocket

    first = SingleInstance(tmp_path)
    assert first.acquire() and first.listen()
    received = []
    first.messageReceived.connect(received.append)
    sock = QLocalSocket()
    sock.connectToServer(first.name)
    assert sock.waitForConnected(2000)
    sock.write(b"not json\n" + b'{"v": 99, "cmd": "activate"}\n' + b'{"v": 1, "files": [1, 2]}\n')
    sock.waitForBytesWritten(2000)
    qtbot.wait(200)
    assert received == []
    sock.disconnectFromServer()
    first.release()


def test_double_clicking_a_file_with_netcare_open(tmp_path):
    """Two real processes: the second launch exits at once; the first gets the file."""
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
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if log.exists() and "single instance: listening" in log.read_text():
                break
            assert first.poll() is None, first.communicate()
            time.sleep(0.1)
        else:
            raise AssertionError("the first NetCare never started listening")
        card = tmp_path / "grace.vcf"
        card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
        second = subprocess.run(
            [sys.executable, "-m", "netcare_desktop", "--data-dir", str(data), str(card)],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stderr
        deadline = time.monotonic() + 10
        while "activate with 1 file" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "activate with 1 file" in log.read_text()
        assert first.poll() is None  # still running
    finally:
        first.terminate()
        first.communicate(timeout=30)
