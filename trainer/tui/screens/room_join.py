"""How the room joins the vote: the QR code beside the URL and the 4-digit room code, big, on
the projector; how many phones have joined; how to let phones on the network in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.game.room import VotingRoom, qr_rows
from trainer.listening import is_loopback, machine_addresses
from trainer.tui.screens.base import GameDialog


class RoomJoinScreen(GameDialog[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,enter,r", "dismiss(None)", "Back to the vote")]

    def __init__(self, room: VotingRoom, url: str, host: str) -> None:
        super().__init__(classes="dialog")
        self.room = room
        self.url = url
        self.host = host

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="room-join"), Horizontal(id="room-join-body"):
            yield Static(Content("\n".join(qr_rows(self.url))), id="room-qr", markup=False)
            with Vertical(id="room-join-words"):
                yield Static(Content.styled("Vote on your phone", "bold"), classes="dialog-title")
                yield Static(Content(self.url), id="room-url", markup=False)
                yield Static(Content.assemble("Room code ", (self.room.code, "bold reverse")), id="room-code")
                yield Static(id="room-joined", markup=False)
                yield Static(Content(self._reach()), id="room-reach", classes="dialog-hint", markup=False)
                yield Static("enter: back to the vote", classes="dialog-hint", markup=False)

    def _reach(self) -> str:
        if not is_loopback(self.host):
            return "Phones on this network can join."
        addresses = ", ".join(machine_addresses()) or "none found"
        return (
            "Only this computer can join. For phones, start with --room-host ADDRESS "
            f"(this machine: {addresses})."
        )

    def on_mount(self) -> None:
        self.show_joined()
        self.set_interval(0.5, self.show_joined)

    def show_joined(self) -> None:
        joined = self.room.joined
        self.query_one("#room-joined", Static).update(Content(f"joined {joined}"))
