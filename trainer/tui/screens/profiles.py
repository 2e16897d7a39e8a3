"""Who is playing: switch to another player's profile, create one, or rename one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from trainer.saves import Profile, ProfileError, SaveStore
from trainer.text_safety import visible
from trainer.tui.screens.base import GameDialog
from trainer.tui.widgets.paged_list import PagedOptionList


class ProfileScreen(GameDialog[str | None]):
    """Dismissed with the id of the profile to play as, or None to keep the current one."""

    CSS_PATH = ["dialogs.tcss", "profiles.tcss"]
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]
    MINIMUM_SIZE = Size(40, 18)  # the list, the name field, the buttons and the hint

    def __init__(self, store: SaveStore, current: str) -> None:
        super().__init__(classes="dialog")
        self.store = store
        self.current = current
        self.profiles: list[Profile] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="profiles-box"):
            yield Static(Content.styled("Who is playing?", "bold"), classes="dialog-title")
            yield PagedOptionList(id="profile-list", compact=True)
            yield Input(placeholder="A name, for a new player or a rename", id="profile-name", max_length=40)
            yield Static(id="profile-problem", classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("New player", id="create", variant="primary", compact=True)
                yield Button("Rename", id="rename", compact=True)
            yield Static("enter on a name: play as them  ·  escape: close", classes="dialog-hint")

    def on_mount(self) -> None:
        self._list()
        self.query_one("#profile-list", OptionList).focus()

    def _list(self) -> None:
        self.profiles = self.store.profiles()
        options = [
            Option(Content.assemble(visible(p.name), ("  (playing now)", "dim") if p.id == self.current else ""), id=p.id)
            for p in self.profiles
        ]
        listing = self.query_one("#profile-list", OptionList)
        listing.set_options(options)
        listing.highlighted = next((i for i, p in enumerate(self.profiles) if p.id == self.current), 0)

    def _problem(self, text: str) -> None:
        self.query_one("#profile-problem", Static).update(text)

    @on(OptionList.OptionSelected, "#profile-list")
    def _switch(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#profile-name")
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        try:
            profile = self.store.create_profile(self.query_one("#profile-name", Input).value)
        except (ProfileError, OSError) as error:
            self._problem(f"Not created: {error}.")
            return
        self.dismiss(profile.id)

    @on(Button.Pressed, "#rename")
    def action_rename(self) -> None:
        listing = self.query_one("#profile-list", OptionList)
        if listing.highlighted is None:
            return
        profile = self.profiles[listing.highlighted]
        try:
            self.store.rename_profile(profile.id, self.query_one("#profile-name", Input).value)
        except (ProfileError, OSError) as error:
            self._problem(f"Not renamed: {error}.")
            return
        self._problem("")
        self.query_one("#profile-name", Input).value = ""
        self._list()
