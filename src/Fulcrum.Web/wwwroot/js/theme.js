// Colour theme: follows the system until the person picks light or dark; the choice is kept
// in localStorage. Loaded in <head> so the page never flashes the other theme.
(function () {
  var key = "fulcrum-theme";
  var order = ["auto", "light", "dark"];
  function apply(choice) {
    if (choice === "light" || choice === "dark") {
      document.documentElement.setAttribute("data-theme", choice);
    } else {
      document.documentElement.removeAttribute("data-theme");
    }
  }
  var saved = null;
  try { saved = localStorage.getItem(key); } catch (e) { /* private mode */ }
  apply(saved);
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function label(choice) {
      var text = choice === "light" ? "Light" : choice === "dark" ? "Dark" : "Auto";
      button.textContent = "Theme: " + text;
      // The spoken name starts with the visible text, so voice control ("click Theme: Auto") finds it.
      button.setAttribute("aria-label", "Theme: " + text + (text === "Auto" ? " (follows the system)" : "") + ". Change theme");
    }
    var current = saved || "auto";
    label(current);
    button.addEventListener("click", function () {
      current = order[(order.indexOf(current) + 1) % order.length];
      try { localStorage.setItem(key, current); } catch (e) { /* private mode */ }
      apply(current);
      label(current);
    });
    document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  });
})();
