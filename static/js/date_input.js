// Date fields are text typed as dd/mm/yyyy (cchc/widgets.py DayMonthYearInput), whatever the
// browser's language. Where the browser can open its own calendar (showPicker), a button next
// to the field opens it and writes the chosen day back as dd/mm/yyyy; the calendar itself is
// the browser's, with its keyboard and screen-reader support. Without JavaScript the field is
// typed, checked by its pattern and again by the server.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function toIso(text) {
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((text || "").trim());
    return m ? m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]) : "";
  }
  function fromIso(iso) {
    var p = (iso || "").split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : "";
  }
  var probe = document.createElement("input");
  probe.type = "date";
  if (probe.type !== "date" || typeof probe.showPicker !== "function") return;
  document.querySelectorAll("input[data-date-input]").forEach(function (input) {
    var wrapper = document.createElement("div");
    wrapper.className = "input-group date-input";
    // Keeps Bootstrap's ".is-invalid ~ .invalid-feedback": the error after the field still shows.
    if (input.classList.contains("is-invalid")) wrapper.classList.add("is-invalid");
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "date-input-picker";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-input-button";
    button.setAttribute("aria-label", input.getAttribute("data-picker-label") || "Calendar");
    button.title = button.getAttribute("aria-label");
    button.innerHTML = '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">' +
      '<path d="M4 0a.5.5 0 0 1 .5.5V1h7V.5a.5.5 0 0 1 1 0V1H14a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V3' +
      'a2 2 0 0 1 2-2h1.5V.5A.5.5 0 0 1 4 0zM1 5v9a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V5H1z"/></svg>';
    wrapper.appendChild(button);
    wrapper.appendChild(picker);
    button.addEventListener("click", function () {
      picker.value = toIso(input.value);
      try { picker.showPicker(); } catch (e) { input.focus(); }
    });
    picker.addEventListener("change", function () {
      if (!picker.value) return;
      input.value = fromIso(picker.value);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  });
})();
