"""Team results in a Learning Record Store (xAPI 1.0.3). Headless; nothing here imports Textual.

- `trainer.xapi.profile`: a finished run as xAPI statements (the profile, see docs/xapi.md).
- `trainer.xapi.settings`: where a player's LRS is and how to sign in (mode 0600, env overrides).
- `trainer.xapi.client`: a small LRS client on `urllib.request` (basic auth, timeouts).
- `trainer.xapi.outbox`: the statements waiting to be sent, kept in the saves folder.
- `trainer.xapi.sync`: sends the outbox (nothing lost, nothing stored twice; retries back off).
- `trainer.xapi.report`: the manager's report per player and lesson, from an LRS or a folder.
"""
