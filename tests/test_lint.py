"""The code base is ruff clean (settings in pyproject.toml)."""

import subprocess
import sys

from autograder import manifest


def test_ruff_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=manifest.REPO_ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_and_syllabus_list_every_assignment():
    readme = (manifest.REPO_ROOT / "README.md").read_text()
    syllabus = (manifest.REPO_ROOT / "course" / "syllabus.md").read_text()
    for a in manifest.assignments():
        assert f"`{a.id}`" in readme, f"README.md does not list {a.id}"
        assert f"`{a.id}`" in syllabus, f"course/syllabus.md does not list {a.id}"
