// The project search (projects/templates/projects/search.html).
(function () {
  "use strict";
  // Beside the results on wide screens the filters start unfolded; on phones they start folded above them
  // (the chips above the results list the ones in use), unless one needs fixing.
  var filters = document.querySelector("[data-search-filters]");
  if (filters) {
    var wide = window.matchMedia("(min-width: 900px)");
    if (!wide.matches && !filters.querySelector(".field-invalid")) { filters.open = false; }
    var sync = function () { if (wide.matches) { filters.open = true; } };
    sync();
    wide.addEventListener("change", sync);
  }
  // The skills picker sets its value from script, which fires no event: tell the form when it changed, so
  // choosing or removing a skill updates the results like any other filter.
  var picker = document.querySelector(".search-filters .skill-picker");
  if (picker) {
    var lastSkills = null;
    var skillsChanged = function () {
      window.setTimeout(function () {
        var input = picker.querySelector("input[name=skills]");
        if (!input) { return; }
        if (lastSkills !== null && input.value !== lastSkills) {
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
        lastSkills = input.value;
      }, 0);
    };
    skillsChanged();
    picker.addEventListener("click", skillsChanged);
    picker.addEventListener("keyup", skillsChanged);
  }
  // Leave empty fields out of htmx searches, so the address pushed to the history stays short to share.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "search-form") { return; }
    var data = event.detail.formData;
    var empty = [];
    data.forEach(function (value, key) { if (value === "") { empty.push(key); } });
    empty.forEach(function (key) { data.delete(key); });
  });
}());
