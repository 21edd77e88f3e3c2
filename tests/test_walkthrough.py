"""The README's "Your own archive" walkthrough, run as written (ports aside): from an
empty folder to a published archive, through a real crawl of a locally served site."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    section = README.split("## Your own archive", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Instead of serving until Ctrl-C: serve in the background and read the front page.
_CHECK_SITE = """
morgue --home archive serve --port {port} &
python - <<'PY'
import time, urllib.request
for _ in range(120):
    try:
        page = urllib.request.urlopen("http://127.0.0.1:{port}/", timeout=5).read().decode()
        break
    except OSError:
        time.sleep(0.5)
print("FRONT PAGE:", page)
PY
"""


@pytest.mark.slow
def test_the_walkthrough_runs_as_written(tmp_path: Path) -> None:
    shell, python = _blocks("sh")[0], _blocks("python")[0]
    assert "morgue migrate" in shell.replace("--home archive ", "")
    old_site, new_site = _free_port(), _free_port()
    script = shell.replace("8001", str(old_site))
    serve = re.search(r"^morgue --home archive serve --port 8000.*$", script, re.M)
    assert serve, "the walkthrough ends by serving the archive"
    script = script.replace(serve.group(0), _CHECK_SITE.format(port=new_site))
    script += "\ncat > example.py <<'PY'\n" + python + "PY\npython example.py\n"
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MORGUE_") or k.startswith("MORGUE_TEST")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    wrapped = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script
    done = subprocess.run(["bash", "-c", wrapped], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=900)
    output = done.stdout + done.stderr
    assert done.returncode == 0, textwrap.shorten(output, 4000)
    assert "Ready to publish" in done.stdout
    assert "URLs fetched into" in done.stdout and "disallowed by robots.txt" in done.stdout
    front_page = done.stdout.split("FRONT PAGE:", 1)[1]
    assert "The Riverton Tribune" in front_page
    plan = (tmp_path / "tribune" / "archive" / "morgue.toml").read_text()
    assert 'crawl = ["http://127.0.0.1:' in plan
    assert "0 articles added" in done.stdout  # the Python example's ingest: a no-op rerun
