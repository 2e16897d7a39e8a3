"""The game itself, headless (never imports Textual): a play, a workshop, the keeper of
saves, the library's rows and the words players read. The screens render these."""
