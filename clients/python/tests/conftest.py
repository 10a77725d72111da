"""Starts the real service jar (embedded PostgreSQL, real DataFusion) once for the client tests."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def service_url():
    jars = sorted((REPO / "service" / "target").glob("service-*.jar"))
    jars = [j for j in jars if not j.name.endswith(("-sources.jar", ".original"))]
    if not jars:
        pytest.fail("build the service first: ./mvnw -B -DskipTests install")
    work = Path(tempfile.mkdtemp(prefix="client-tests-"))
    data_root = work / "data"
    data_root.mkdir()
    port = _free_port()
    log = open(work / "service.log", "w")
    process = subprocess.Popen(
        ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", str(jars[0]),
         f"--server.port={port}", f"--provenance.data-roots={data_root}",
         f"--provenance.embedded-postgres.data-dir={work / 'pg'}"],
        stdout=log, stderr=subprocess.STDOUT, cwd=work)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/actuator/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.time() > deadline:
                pytest.fail("service did not start:\n" + (work / "service.log").read_text()[-4000:])
            time.sleep(1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)
