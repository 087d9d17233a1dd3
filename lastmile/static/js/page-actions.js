/* Small page actions without inline handlers (the Content Security Policy allows none):
   a button with data-print prints the page; a link with data-back goes back when there is
   a page to go back to (its href is the fallback). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) { return; }
    if (target.closest("[data-print]")) {
      window.print();
    } else if (target.closest("[data-back]") && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
