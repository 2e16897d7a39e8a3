"""One screen per module: library, play, debrief and the small dialogs."""
