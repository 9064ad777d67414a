// Progress form: reporting completion means 100%, so the percentage field steps aside and
// the completion block (date, evidence) appears; for a percent update that block is hidden and
// disabled (nothing in it is sent). Without JS every field shows and the server applies the
// same rules.
(function () {
  "use strict";
  var form = document.getElementById("progress-form");
  if (!form) return;
  var progress = document.getElementById("progress-field");
  var completion = document.getElementById("completion-fields");
  var percent = form.querySelector("input[name=progress]");
  function selected() {
    var checked = form.querySelector("input[name=status]:checked");
    return checked ? checked.value : "";
  }
  function sync() {
    var completed = selected() === "completed";
    progress.hidden = completed;
    completion.hidden = !completed;
    completion.disabled = !completed;
    if (completed && percent) percent.value = "100";
    if (selected() === "not_started" && percent) percent.value = "0";
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "status") sync();
  });
  sync();
})();
