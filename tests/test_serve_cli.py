"""`contractlens serve` as a person starts it: the address, the token file, and clean refusals."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import requests

from tests.support.serve import free_port

COMMAND = [sys.executable, "-c", "from contractlens.cli import main; main()", "serve"]


def test_serve_prints_its_address_and_token_file_then_answers(tmp_path):
    port = free_port()
    env = {**os.environ, "CONTRACTLENS_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(COMMAND + ["--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stderr.readline() for _ in range(3)]
        token_file = tmp_path / "home" / "serve-token"
        assert lines[0].strip() == f"contractlens: listening on http://127.0.0.1:{port}"
        assert str(token_file) in lines[1]
        token = token_file.read_text().strip()
        assert lines[2].strip() == f"contractlens: open http://127.0.0.1:{port}/?token={token}"
        for _ in range(100):  # the address is printed just before uvicorn binds
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/api/history", timeout=5,
                                      headers={"Authorization": f"Bearer {token}"})
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert answer.status_code == 200 and answer.json() == {"checks": []}
        with socket.socket() as other:  # loopback only: the port is not open on another address
            other.settimeout(1)
            assert other.connect_ex(("127.0.0.2", port)) != 0
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "CONTRACTLENS_HOME": str(tmp_path)}
        result = subprocess.run(COMMAND + ["--port", str(port)], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"contractlens: error: cannot listen on 127.0.0.1:{port}: Address already in use"]


def test_a_bad_port_is_a_usage_error(tmp_path):
    result = subprocess.run(COMMAND + ["--port", "70000"], env={**os.environ, "CONTRACTLENS_HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "70000" in result.stderr


def test_an_unusable_home_is_one_line_and_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = subprocess.run(COMMAND, env={**os.environ, "CONTRACTLENS_HOME": str(blocker)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("contractlens: error: cannot use the token file")


def test_open_starts_the_browser_on_the_start_page(tmp_path):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > "{opened}"\n')
    browser.chmod(0o755)
    port = free_port()
    env = {**os.environ, "CONTRACTLENS_HOME": str(tmp_path / "home"), "BROWSER": str(browser)}
    process = subprocess.Popen(COMMAND + ["--port", str(port), "--open"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            if opened.exists() and opened.read_text().strip():
                break
            time.sleep(0.1)
        token = (tmp_path / "home" / "serve-token").read_text().strip()
        assert opened.read_text().strip() == f"http://127.0.0.1:{port}/?token={token}"
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()
