/* Charts of the dashboards (templates/reports/). Data come from json_script blocks named by each
   canvas's data-source; colours from the CSS custom properties of static/css/dashboard.css. */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  var root = getComputedStyle(document.documentElement);
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var percent = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var integer = new Intl.NumberFormat(lang);

  function colour(name) {
    return root.getPropertyValue("--" + name).trim() || "#6c757d";
  }

  function readData(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  Chart.defaults.animation = false; // figures are read, printed and compared, not watched
  Chart.defaults.devicePixelRatio = Math.max(window.devicePixelRatio || 1, 2); // crisp on paper
  Chart.defaults.font.size = 12;

  function stackedBar(canvas, data) {
    var horizontal = canvas.dataset.orientation === "horizontal";
    var valueAxis = { stacked: true, beginAtZero: true, ticks: { precision: 0 } };
    var labelAxis = { stacked: true, ticks: { autoSkip: false } };
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return { label: set.label, data: set.data, backgroundColor: colour("bucket-" + set.bucket) };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + integer.format(item.raw);
              },
            },
          },
        },
      },
    });
  }

  function trendLine(canvas, data) {
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          var previous = series.key === "previous";
          return {
            label: series.label,
            data: series.data.map(function (value) {
              return value === null ? null : parseFloat(value);
            }),
            borderColor: colour("trend-" + series.key),
            backgroundColor: colour("trend-" + series.key),
            borderDash: previous ? [6, 4] : [],
            spanGaps: true,
            tension: 0,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          y: {
            min: 0,
            max: 100,
            ticks: {
              callback: function (value) {
                return integer.format(value) + "%";
              },
            },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + percent.format(item.raw) + "%";
              },
            },
          },
        },
      },
    });
  }

  var kinds = { "stacked-bar": stackedBar, trend: trendLine };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var draw = kinds[canvas.dataset.chart];
    var data = readData(canvas.dataset.source);
    if (draw && data) {
      draw(canvas, data);
    }
  });

  // Redraw at the paper's size before printing, and back afterwards.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) {
      chart.resize();
    });
  });
  window.addEventListener("afterprint", function () {
    Object.values(Chart.instances).forEach(function (chart) {
      chart.resize();
    });
  });
})();
