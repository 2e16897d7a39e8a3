"""The terminal game (Textual). Importing this package does not import Textual;
`trainer.tui.launch` and `trainer.tui.app` do."""
