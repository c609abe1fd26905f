/*
  The skills picker (projects/skill_picker.py): turns the comma-separated text input into chips with
  autocomplete. The chips are kept in a hidden input under the field's name, as the same comma-separated
  text the server reads without JavaScript, so both paths post identical data.

  ARIA 1.2 combobox: the text box owns a listbox of suggestions (fetched from projects:skill_suggest);
  Up/Down move through them, Enter or Tab picks, Escape closes, Backspace in an empty box removes the last chip.
  Loaded once per widget (deferred): the guard below makes later copies do nothing.
*/
(function () {
  "use strict";
  if (window.skillPickerLoaded) { return; }
  window.skillPickerLoaded = true;

  var SPLIT = /[,;\n]+/;

  function entriesOf(text) {
    var seen = {};
    return (text || "").split(SPLIT).map(function (part) { return part.replace(/\s+/g, " ").trim(); })
      .filter(function (part) {
        var key = part.toLowerCase();
        if (!part || seen[key]) { return false; }
        seen[key] = true;
        return true;
      });
  }

  function enhance(root) {
    if (root.dataset.enhanced) { return; }
    root.dataset.enhanced = "1";
    var original = root.querySelector("[data-skill-picker-input]");
    if (!original) { return; }
    var baseId = original.id || ("skill-picker-" + Math.random().toString(36).slice(2));
    var url = root.dataset.suggestUrl;
    var chosen = entriesOf(original.value);

    var value = document.createElement("input");
    value.type = "hidden";
    value.name = original.name;
    value.id = baseId + "_value";

    var chips = document.createElement("ul");
    chips.className = "skill-chips";
    chips.setAttribute("aria-label", "Chosen skills");

    var combo = document.createElement("div");
    combo.className = "skill-picker-combo";
    var box = document.createElement("input");
    box.type = "text";
    box.id = baseId;
    box.className = "skill-picker-box";
    box.autocomplete = "off";
    box.spellcheck = false;
    box.placeholder = "Type to add a skill";
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", baseId + "_listbox");
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (original.hasAttribute(name)) { box.setAttribute(name, original.getAttribute(name)); }
    });
    var list = document.createElement("ul");
    list.id = baseId + "_listbox";
    list.className = "skill-picker-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggested skills");
    list.hidden = true;
    combo.appendChild(box);
    combo.appendChild(list);

    var status = document.createElement("p");
    status.className = "skill-picker-status";
    status.setAttribute("aria-live", "polite");

    original.replaceWith(value);
    root.insertBefore(status, root.firstChild);
    root.insertBefore(combo, root.firstChild);
    root.insertBefore(chips, root.firstChild);
    root.classList.add("is-enhanced");

    var active = -1;
    var pending = null;
    var timer = null;

    function sync() {
      value.value = chosen.join(", ");
      chips.textContent = "";
      chosen.forEach(function (name, index) {
        var chip = document.createElement("li");
        chip.className = "skill-chip";
        var label = document.createElement("span");
        label.textContent = name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "skill-chip-remove";
        remove.setAttribute("aria-label", "Remove " + name);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          chosen.splice(index, 1);
          sync();
          status.textContent = name + " removed.";
          box.focus();
        });
        chip.appendChild(label);
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = chosen.length === 0;
    }

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[data-skill]"));
    }

    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      box.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function add(name) {
      name = name.replace(/\s+/g, " ").trim();
      if (!name) { return; }
      var exists = chosen.some(function (item) { return item.toLowerCase() === name.toLowerCase(); });
      if (exists) {
        status.textContent = name + " is already chosen.";
      } else {
        chosen.push(name);
        status.textContent = name + " added.";
      }
      box.value = "";
      sync();
      close();
    }

    function suggest() {
      var query = box.value.trim();
      if (!query) { close(); return; }
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { "X-Requested-With": "fetch" }, credentials: "same-origin", signal: pending.signal
      }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        list.innerHTML = html;
        options().forEach(function (item) {
          var taken = chosen.some(function (name) { return name.toLowerCase() === item.dataset.skill.toLowerCase(); });
          if (taken) { item.remove(); }
        });
        list.hidden = !list.children.length;
        box.setAttribute("aria-expanded", list.hidden ? "false" : "true");
        active = -1;
        box.removeAttribute("aria-activedescendant");
        var count = options().length;
        status.textContent = count ? count + (count === 1 ? " suggestion." : " suggestions.") : "";
      }).catch(function () { /* aborted by a newer keystroke, or offline: the typed text still posts */ });
    }

    box.addEventListener("input", function () {
      if (SPLIT.test(box.value)) {
        var parts = entriesOf(box.value);
        box.value = "";
        parts.forEach(add);
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });

    box.addEventListener("keydown", function (event) {
      var items = options();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { suggest(); } else { highlight(active + 1); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!list.hidden) { highlight(active - 1); }
      } else if (event.key === "Enter") {
        if (!box.value.trim()) { return; }
        event.preventDefault();
        if (!list.hidden && active >= 0 && items[active]) {
          add(items[active].dataset.skill);
        } else if (!list.hidden && items.length) {
          add(items[0].dataset.skill);
        } else {
          add(box.value);
        }
      } else if (event.key === "Tab" && !list.hidden && active >= 0 && items[active]) {
        event.preventDefault();
        add(items[active].dataset.skill);
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Backspace" && !box.value && chosen.length) {
        var removed = chosen.pop();
        sync();
        status.textContent = removed + " removed.";
      }
    });

    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("[data-skill]");
      if (item) { add(item.dataset.skill); box.focus(); }
    });
    box.addEventListener("blur", function () { setTimeout(close, 100); });

    // Text left in the box when the form is sent is kept: the server names it if it is not a skill.
    var form = root.closest("form");
    if (form) {
      form.addEventListener("submit", function () {
        if (box.value.trim()) { add(box.value); }
      });
    }

    // The list of every skill becomes a set of buttons that add one.
    root.querySelectorAll(".skill-picker-names li").forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "skill-picker-name";
      button.textContent = item.textContent;
      button.addEventListener("click", function () { add(button.textContent); });
      item.textContent = "";
      item.appendChild(button);
    });

    sync();
  }

  function enhanceAll(scope) {
    (scope || document).querySelectorAll("[data-skill-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  } else {
    enhanceAll();
  }
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
