/* The leaders' comparison of the PAR INDEX by area (templates/parindex/results.html): each unit's
   share of each area's points, as a grouped bar chart drawn with the vendored Chart.js. The
   table under the chart holds the same figures. */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  var canvas = document.querySelector("canvas[data-chart='par-areas']");
  var source = canvas && document.getElementById(canvas.dataset.source);
  if (!source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var percent = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#ffc107", "#6c757d"];

  Chart.defaults.animation = false;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (set, i) {
        return { label: set.label, data: set.data, backgroundColor: palette[i % palette.length] };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, max: 100 }, x: { ticks: { autoSkip: false } } },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.label + ": " + (item.raw === null ? "–" : percent.format(item.raw) + "%");
            },
          },
        },
      },
    },
  });
})();
