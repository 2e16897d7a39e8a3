"""Screenshots of the workshop's voting room: the projector at 60x20 (the join screen, then a
decision with the phones' votes coming in, hidden, and revealed) with the game's own SVG export,
and the phones' page at 390x844 with headless Chromium (`apt-get install chromium`).

Run from the repository root: `python docs/make_room_screenshots.py`. Loopback only.
"""

from __future__ import annotations

import asyncio
import base64
import shutil
import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from trainer.game.room import RoomPlace  # noqa: E402
from trainer.tui.app import TrainerApp  # noqa: E402
from trainer.tui.screens.room_join import RoomJoinScreen  # noqa: E402
from trainer.tui.screens.workshop import WorkshopScreen  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SCENARIO = ROOT / "scenarios" / "scenarios" / "cold-call-logistics.toml"


async def phone_votes(base: str, code: str, choices: list[int]) -> None:
    headers = {"Origin": base}
    async with aiohttp.ClientSession() as http:
        for choice in choices:
            async with http.post(f"{base}/join", json={"code": code}, headers=headers) as response:
                token = (await response.json())["token"]
            body = {"code": code, "token": token, "decision": 1, "choice": choice}
            async with http.post(f"{base}/vote", json=body, headers=headers) as response:
                assert response.status == 200, await response.text()


class Browser:
    """Headless Chromium driven over its DevTools protocol (loopback): a phone-sized page, a tap, a picture."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0

    async def __aenter__(self) -> Browser | None:
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if binary is None:
            print("chromium not found: the phone's page was not photographed")
            return None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.profile = tempfile.TemporaryDirectory()
        self.process = await asyncio.create_subprocess_exec(
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--remote-debugging-port={self.port}", "--remote-debugging-address=127.0.0.1",
            f"--user-data-dir={self.profile.name}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        self.profile.cleanup()

    async def shoot(self, url: str, path: Path, tap: int | None = None) -> None:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.put(f"http://127.0.0.1:{self.port}/json/new?about:blank") as response:
                        target = await response.json()
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.2)
            async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                ids = iter(range(1, 1000))

                async def call(method: str, **params: object) -> dict:  # type: ignore[type-arg]
                    number = next(ids)
                    await ws.send_json({"id": number, "method": method, "params": params})
                    while True:
                        message = await ws.receive_json()
                        if message.get("id") == number:
                            return dict(message.get("result", {}))

                await call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True)
                await call("Page.navigate", url=url)
                await asyncio.sleep(2.5)
                if tap is not None:
                    await call("Runtime.evaluate", expression=f"document.querySelectorAll('.choice')[{tap - 1}].click()")
                    await asyncio.sleep(1.0)
                shot = await call("Page.captureScreenshot", format="png")
                path.write_bytes(base64.b64decode(shot["data"]))
                print(f"wrote {path}")


async def shoot(saves: Path) -> None:
    app = TrainerApp([], saves=saves, builtin=False, workshop=True, open_file=SCENARIO, room=RoomPlace("127.0.0.1", 0))
    app.animation_level = "none"
    async with app.run_test(size=(60, 20)) as pilot:
        for _ in range(1500):
            if isinstance(app.screen, RoomJoinScreen):
                break
            await pilot.pause(0.02)
        join = app.screen
        assert isinstance(join, RoomJoinScreen), "the room did not open"
        await pilot.pause(0.3)
        app.save_screenshot("room-join-60x20.svg", str(OUT))
        await pilot.press("escape")
        stage = app.stage
        assert isinstance(stage, WorkshopScreen) and stage.session.room is not None
        room = stage.session.room
        server = app.game.room_server
        assert server is not None
        base = f"http://127.0.0.1:{server.port}"
        await phone_votes(base, room.code, [3] * 9 + [2] * 5 + [4] * 3 + [1])
        await pilot.press("3", "3")  # two hands on the keypad
        async with Browser() as browser:
            if browser is not None:
                await browser.shoot(join.url, OUT / "room-phone.png", tap=3)
            await pilot.pause(0.5)
            app.save_screenshot("room-projector-60x20.svg", str(OUT))
            await pilot.press("v")
            await pilot.pause(0.5)
            app.save_screenshot("room-revealed-60x20.svg", str(OUT))
            if browser is not None:
                await browser.shoot(join.url, OUT / "room-phone-revealed.png")
        print("wrote the projector's screenshots to", OUT)


def main() -> None:
    with tempfile.TemporaryDirectory() as saves:
        asyncio.run(shoot(Path(saves)))


if __name__ == "__main__":
    main()
