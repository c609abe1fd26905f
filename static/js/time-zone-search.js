// The time-zone select (marketplace/widgets.py): a search box above it narrows the list to the zones whose
// place, country or name contains what is typed, and picks the first of them. Without script: the select.
(function () {
  "use strict";
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/_/g, " ").toLowerCase();
  };

  var enhance = function (picker) {
    var select = picker.querySelector("select");
    if (!select || picker.hasAttribute("data-zone-picker-ready")) { return; }
    picker.setAttribute("data-zone-picker-ready", "");
    // What the select holds at first, to rebuild it from as the search changes.
    var groups = Array.prototype.map.call(select.children, function (node) {
      var options = node.tagName === "OPTGROUP" ? Array.prototype.slice.call(node.children) : [node];
      return { node: node, options: options.map(function (option) {
        return { option: option, text: fold(option.textContent + " " + option.value) };
      }) };
    });

    var search = document.createElement("input");
    search.type = "search";
    search.id = select.id + "_search";
    search.className = "zone-picker-search";
    search.autocomplete = "off";
    search.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.htmlFor = search.id;
    label.className = "zone-picker-label";
    label.textContent = "Find your time zone: type a city or a country";
    var status = document.createElement("p");
    status.className = "helptext zone-picker-status";
    status.setAttribute("role", "status");
    picker.insertBefore(status, select);
    picker.insertBefore(search, status);
    picker.insertBefore(label, search);

    var rebuild = function (words) {
      var matches = function (entry) {
        return words.every(function (word) { return entry.text.indexOf(word) !== -1; });
      };
      var kept = groups.map(function (group) { return group.options.filter(matches); });
      var count = kept.reduce(function (sum, entries) { return sum + entries.length; }, 0);
      if (!count) { return 0; }
      select.textContent = "";
      groups.forEach(function (group, index) {
        if (!kept[index].length) { return; }
        if (group.node.tagName === "OPTGROUP") {
          group.node.textContent = "";
          kept[index].forEach(function (entry) { group.node.appendChild(entry.option); });
          select.appendChild(group.node);
        } else {
          select.appendChild(group.node);
        }
      });
      return count;
    };

    var show = function () {
      var selected = select.value;
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var count = rebuild(words);
      if (!count) {
        rebuild([]);
        select.value = selected;
        status.textContent = "No time zone matches that: try the nearest big city, or pick from the list.";
        return;
      }
      var stillThere = Array.prototype.some.call(select.options, function (option) {
        return option.value === selected;
      });
      select.value = stillThere ? selected : select.options[0].value;
      status.textContent = words.length
        ? count + (count === 1 ? " time zone matches" : " time zones match") + "; chosen: " +
          select.options[select.selectedIndex].textContent
        : "";
    };

    // A new organisation starts in the browser's own zone, when the list has it (the person can change it).
    if (select.hasAttribute("data-zone-guess") && window.Intl) {
      var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (Array.prototype.some.call(select.options, function (option) { return option.value === guess; })) {
        select.value = guess;
      }
    }

    search.addEventListener("input", show);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  };

  var enhanceAll = function (root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-zone-picker]"), enhance);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  } else {
    enhanceAll();
  }
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();
