"""The lock files (`make lock`) hold every pin of the requirements files, each package with
its hashes: installs from them (`pip install --require-hashes`) are the same everywhere."""

import re

import pytest

from tests.servers import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)", re.M)


def pins(path):
    """{normalised name: version} of a requirements or lock file, following `-r`."""
    text = path.read_text()
    found = {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(text)}
    for included in re.findall(r"^-r\s+(\S+)", text, re.M):
        found |= pins(path.parent / included)
    return found


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_the_lock_holds_every_pin_with_hashes(requirements, lock):
    wanted = pins(ROOT / requirements)
    locked = pins(ROOT / lock)
    stale = {name: version for name, version in wanted.items() if locked.get(name) != version}
    assert not stale, f"run `make lock`: {lock} lacks {stale}"
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
    unhashed = [e.split()[0] for e in entries if PIN.match(e) and "--hash=sha256:" not in e]
    assert not unhashed, unhashed
    assert set(wanted) < set(locked)  # and what they pull in
