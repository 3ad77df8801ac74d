// The receipt page's copy button: copies the receipt code as shown, dashes
// included. The button is in the page but hidden; it is shown only where the
// clipboard can be written, so it never appears and then fails. Without this
// script the code is plain text, selected whole with one tap.
(function () {
  "use strict";
  var code = document.getElementById("receipt");
  var button = document.getElementById("copy-receipt");
  var status = document.getElementById("receipt-status");
  if (!code || !button || !status || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(code.textContent.trim()).then(
      function () {
        status.textContent = "Copied. Keep it somewhere safe.";
      },
      function () {
        status.textContent = "Could not copy: select the code and copy it yourself.";
      }
    );
  });
})();
