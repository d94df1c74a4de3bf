#!/usr/bin/env python3
"""Set up newsbot in .venv and run it: `python3 dev.py demo` or `python3 dev.py test [pytest args]`.

Needs only Python 3.11+. The first run creates .venv in the repository, upgrades pip and
installs the project with its test extras; later runs reinstall only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".newsbot-installed"


def venv_python() -> Path:
    windows = VENV / "Scripts" / "python.exe"
    return windows if windows.exists() else VENV / "bin" / "python"


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def setup(extras: str) -> Path:
    """Create .venv and install the project into it, once per pyproject.toml version."""
    if sys.version_info < (3, 11):
        sys.exit(f"newsbot needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    if not venv_python().exists():
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    py = venv_python()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        # The pip that ships with Python 3.11 cannot resolve lxml[html-clean]: upgrade it first.
        run(py, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(py, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
        STAMP.write_text(wanted)
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    py = setup("test")
    os.chdir(ROOT)
    if command == "demo":
        return subprocess.call([str(py), "-m", "newsbot.demo", *rest])
    if command == "test":
        return subprocess.call([str(py), "-m", "pytest", *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
