/* IKZ-Katalog – "Seite drucken" buttons (progressive enhancement): without this script the
 * button stays hidden and its hint names the browser's print command. */
(function () {
  "use strict";
  if (typeof window.print !== "function") {
    return;
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    var hint = button.parentNode.querySelector("[data-print-hint]");
    button.hidden = false;
    if (hint) {
      hint.hidden = true;
    }
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
