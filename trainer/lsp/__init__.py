"""`python -m trainer lsp`: a language server for scenario files and `pack.toml`.

The server (`trainer.lsp.server`) only wires the protocol to plain modules:
`document` (positions), `index` (where every id, flag, choice and world is written),
`checks` (the validator's own diagnostics, run out of the editor's way), `navigation`
(definition, references, rename), `completion`, `hover`, `actions` and `symbols`.
"""
