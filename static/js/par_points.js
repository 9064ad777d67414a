/* The running total of "Phân bổ lại điểm" and "Thêm dòng" (templates/parindex/_maxima_table.html):
   the sum of the rows' maximums as they are typed ("0,25", "-0,5"; deductions do not count),
   marked when it differs from the parent's maximum. The server checks the sums on save. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-par-points]");
  var total = form && form.querySelector("[data-par-total]");
  var parent = form && form.querySelector("[data-par-parent]");
  if (!total || !parent) {
    return;
  }
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var format = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  function read(input) {
    var text = input.value.replace(/\s|điểm/g, "").replace("−", "-").replace("–", "-").replace(",", ".");
    var value = text === "" ? NaN : Number(text);
    return isFinite(value) ? value : NaN;
  }

  function update() {
    var cents = 0;
    form.querySelectorAll("[data-par-child]").forEach(function (input) {
      var value = read(input);
      if (value > 0) {
        cents += Math.round(value * 100);
      }
    });
    total.textContent = format.format(cents / 100);
    var wanted = read(parent);
    var wrong = isNaN(wanted) || Math.round(wanted * 100) !== cents;
    total.classList.toggle("text-danger", wrong);
    total.classList.toggle("text-success", !wrong);
  }

  form.addEventListener("input", update);
  update();
})();
