// The "Copy" button next to a newly created API token (accounts/templates/accounts/api_tokens.html).
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-target]");
  if (!button) {
    return;
  }
  var status = document.querySelector("[data-copy-status]");
  var input = document.getElementById(button.getAttribute("data-copy-target"));
  button.addEventListener("click", function () {
    input.select();
    var done = function () { status.textContent = "Copied to the clipboard."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        status.textContent = "Copying failed: select the token and copy it by hand.";
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
