// The header's menus (templates/base.html's "Menu", templates/partials/nav.html's account menu) are <details>:
// they open and close without this file. Here one also closes on Escape (focus back on its button) and on a
// click outside it, and "Menu" closes when a wide screen shows its links in a row anyway (the account menu
// when a narrow one lays it open in the list).
(function () {
  "use strict";
  var menus = Array.prototype.slice.call(document.querySelectorAll("[data-nav-menu]"));
  if (!menus.length) return;
  var wide = window.matchMedia("(min-width: 960px)");
  function close(menu, refocus) {
    menu.open = false;
    if (refocus) menu.querySelector("summary").focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    // The innermost open menu goes first: the account menu before the "Menu" that holds it.
    var open = menus.filter(function (menu) { return menu.open && menu.offsetParent !== null; });
    if (open.length) close(open[open.length - 1], true);
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) close(menu, false);
    });
  });
  wide.addEventListener("change", function () {
    menus.forEach(function (menu) { if (menu.open) close(menu, false); });
  });
})();
