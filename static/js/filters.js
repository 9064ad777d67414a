// Filters sit in a <details> that is closed on a phone, so that the list comes first; on a wider
// screen there is room, so it opens. Without JavaScript it stays as the server rendered it
// (open when a filter is in use) and opens with a tap on its summary.
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 768px)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    details.open = true;
  });
})();
