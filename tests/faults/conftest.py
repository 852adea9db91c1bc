"""Fault tests: Redis servers of their own (started, stopped and restarted by the test, never
the shared one), a port where nothing answers and one where nothing replies.

A private Redis needs ``redis-server`` on the PATH; without it the test skips, except under
CI, where it fails.
"""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field

import pytest
import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PrivateRedis:
    """A redis-server on a free port, its data in ``folder`` (so a restart finds its
    append-only file when persistence is on)."""

    folder: str
    args: list[str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", self.folder, "--save", "", *self.args]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """Stop it as a crash or a restart would (SIGKILL: the append-only file, written at
        every command with ``--appendfsync always``, is all that survives)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def private_redis(tmp_path):
    """Start a Redis of the test's own: ``private_redis("--appendonly", "yes")``."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs redis-server for the fault tests")
        pytest.skip("REDIS UNAVAILABLE: no redis-server to start a private Redis")
    started: list[PrivateRedis] = []

    def start(*args: str) -> PrivateRedis:
        server = PrivateRedis(folder=str(tmp_path), args=list(args))
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def closed_port():
    """A port on which nothing listens: a Redis that is down."""
    return free_port()


@pytest.fixture
def hung_port():
    """A port that accepts connections and never answers: a hung Redis (the kernel completes
    the handshake for the listen backlog; nobody reads)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]
