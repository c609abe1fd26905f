// The engagement page's messages (applications/engagements/_activity_*.html): Ctrl+Enter (or Cmd+Enter)
// sends, a periodic refresh keeps the reader's place in the thread, and the box keeps focus after an htmx
// send. The thread opens on its newest message by CSS alone (see .activity-thread in site.css).
(function () {
  "use strict";

  var previousTop = 0;

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = event.target.closest && event.target.closest("form[data-submit-on-ctrl-enter]");
    if (!form) return;
    event.preventDefault();
    form.requestSubmit();
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "activity-thread") previousTop = target.scrollTop;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    if (target.id === "activity-thread") {
      var thread = document.getElementById("activity-thread");
      if (thread) thread.scrollTop = previousTop;
    } else if (target.id === "messages") {
      var box = document.querySelector("#messages textarea");
      if (box) box.focus();
    }
  });
})();
