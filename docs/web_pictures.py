"""Pictures of ``egonet interview --web`` for the README, from ``egonet demo`` data.

Makes a demo store (5 patients, seed 3) in a temporary folder, starts ``egonet interview --web``,
opens the first patient's interview in a headless chromium (Debian's, through chromium-driver)
and the patient's map in a second window, and writes both as PNG files in ``docs/pictures/``.

    python docs/web_pictures.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.browser import WebCommand, browser, keyboard, wait_for

HERE = Path(__file__).parent / "pictures"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = {**os.environ, "EGONET_HOME": str(home)}
        demo = [sys.executable, "-m", "egonet", "demo", "--patients", "5", "--seed", "3"]
        subprocess.run(demo, env=env, check=True, capture_output=True)
        command, page = WebCommand(home), browser()
        try:
            page.get(command.interview)
            keyboard(page).send_keys("\n")  # the first patient's latest interview
            page.switch_to.new_window("window")
            page.get(command.map)
            wait_for("the map", lambda: "<svg" in (page.find_element("id", "map").get_attribute("innerHTML") or ""))
            page.save_screenshot(str(HERE / "web-map.png"))
            page.switch_to.window(page.window_handles[0])
            page.save_screenshot(str(HERE / "web-interview.png"))
        finally:
            page.quit()
            command.stop(signal.SIGTERM)
    print(HERE / "web-interview.png", HERE / "web-map.png", sep="\n")


if __name__ == "__main__":
    main()
