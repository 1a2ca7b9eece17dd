/* Yearly report page: year and plan pickers, channel swatches, Chart.js charts.
   Data arrives through {{ charts|json_script:"report-charts" }}; no inline script. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  document.querySelectorAll(".report-swatch[data-color]").forEach(function (swatch) {
    swatch.style.backgroundColor = swatch.dataset.color;
  });

  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var locale = document.documentElement.lang || "vi";
  var numberFormat = new Intl.NumberFormat(locale);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = locale;

  function datasets(series) {
    return series.map(function (item) {
      return { label: item.label, data: item.data, backgroundColor: item.color };
    });
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  draw("chart-tracking", {
    type: "doughnut",
    data: {
      labels: data.tracking.labels,
      datasets: [{ data: data.tracking.data, backgroundColor: data.tracking.colors }]
    },
    options: {
      maintainAspectRatio: false,
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: function (ctx) {
          return ctx.label + ": " + numberFormat.format(ctx.parsed);
        } } }
      }
    }
  });

  draw("chart-channels", {
    type: "bar",
    data: { labels: data.channels.labels, datasets: datasets(data.channels.series) },
    options: {
      maintainAspectRatio: false,
      scales: { x: { ticks: { autoSkip: false, maxRotation: 45, minRotation: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });

  draw("chart-quarters", {
    type: "bar",
    data: { labels: data.quarters.labels, datasets: datasets(data.quarters.series) },
    options: {
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
