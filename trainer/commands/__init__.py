"""Subcommands of `python -m trainer`, one module each."""
