// Folds the menu on a phone. Loaded (not deferred) right after the menu's <details>, so it runs as
// the parser reaches it, before first paint: the menu never shows open and then snaps shut.
if (matchMedia("(max-width: 900px)").matches) document.currentScript.previousElementSibling.open = false;
