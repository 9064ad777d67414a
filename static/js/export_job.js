/* The page of a background export (templates/reports/export_job.html): while the file is being
   written, reload every few seconds (the element's data-refresh-seconds) to show its state. */
(function () {
  "use strict";

  var element = document.querySelector("[data-refresh-seconds]");
  if (!element) {
    return;
  }
  var seconds = parseInt(element.getAttribute("data-refresh-seconds"), 10) || 5;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
