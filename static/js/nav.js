// The header's menu (templates/base.html) is a <details>: it opens and closes without this file. Here it
// also closes on Escape (focus back on its button), on a click outside it, and when a wide screen shows the
// links in a row anyway.
(function () {
  "use strict";
  var menu = document.querySelector("[data-nav-menu]");
  if (!menu) return;
  var summary = menu.querySelector("summary");
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      summary.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  var wide = window.matchMedia("(min-width: 1152px)");
  wide.addEventListener("change", function () {
    if (wide.matches) menu.open = false;
  });
})();
