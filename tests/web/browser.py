"""A real browser (Debian's chromium, driven by chromium-driver through selenium; nothing is
downloaded) and ``egonet interview --web`` started as a clinician starts it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

from egonet.model import Interview
from egonet.store import Store

__all__ = ["CHROMIUM", "DRIVER", "PATIENCE", "WebCommand", "browser", "documents", "keyboard", "wait_for"]

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
PATIENCE = 60.0
"""A guard against hanging, never a speed test: the waits poll a condition until then."""


def wait_for(what: str, condition: Callable[[], object], patience: float = PATIENCE) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise AssertionError(f"waited {patience:.0f} s for {what}")


class WebCommand:
    """``egonet interview --web --no-browser`` in a process group of its own, on ``home``'s store."""

    def __init__(self, home: Path, *, opener: Path | None = None) -> None:
        """``opener``: a program the command opens "the browser" with (``BROWSER``), else none."""
        self.home = home
        quiet = [] if opener is not None else ["--no-browser"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "egonet", "interview", "--web", *quiet],
            env={**os.environ, "EGONET_HOME": str(home), **({"BROWSER": str(opener)} if opener else {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert self.process.stderr is not None
        found: dict[str, str] = {}
        while len(found) < 2:
            line = self.process.stderr.readline()
            if not line:
                raise AssertionError(f"egonet interview --web stopped: {self.process.wait()}")
            if match := re.match(r"The (interview|patient's map):\s+(\S+)", line):
                found[match.group(1)] = match.group(2)
        self.interview, self.map = found["interview"], found["patient's map"]

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Stop the command (and, with SIGKILL, everything it started, as a crash would)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signum)
        self.process.wait(timeout=PATIENCE)
        if signum == signal.SIGKILL:
            return
        assert self.process.stderr is not None
        self.process.stderr.close()


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and DRIVER is not None
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def keyboard(page: webdriver.Chrome) -> WebElement:
    """Where xterm.js takes the keys typed on the interview's page, once the app has drawn."""
    wait_for(
        "the app's first screen",
        lambda: "-first-byte" in str(page.find_element(By.TAG_NAME, "body").get_attribute("class")),
    )
    return page.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")


def documents(home: Path) -> list[Interview]:
    path = home / "egonet.sqlite3"
    if not path.exists():
        return []
    with Store(path) as store:
        return list(store.documents())
