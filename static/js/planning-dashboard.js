/* Dashboard charts (Chart.js, served locally). Data comes from json_script tags. */
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const data = read("dashboard-data");
  const labels = read("dashboard-labels");
  const css = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => (css.getPropertyValue(name) || fallback).trim();
  const green = colour("--bs-success", "#198754");
  const red = colour("--bs-danger", "#dc3545");
  const grey = colour("--bs-gray-400", "#ced4da");
  const blue = colour("--bs-primary", "#0d6efd");

  document.querySelectorAll(".js-autosubmit").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  if (typeof Chart === "undefined") return;
  Chart.defaults.font.family = css.getPropertyValue("--bs-body-font-family");
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  // A phone's chart is about 340 px wide: long unit names would push the bars out
  // of it, so their labels are cut shorter there (the tooltip gives the whole name).
  const phone = window.matchMedia("(max-width: 575.98px)").matches;
  const short = (text, size) => {
    const room = phone ? Math.min(size, 18) : size;
    return text.length > room ? text.slice(0, room - 1) + "…" : text;
  };

  function stacked(id, series, horizontal) {
    const canvas = document.getElementById(id);
    if (!canvas || !series.labels.length) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels.map((l) => short(l, 38)),
        datasets: [
          { label: labels.done, data: series.done, backgroundColor: green },
          { label: labels.overdue, data: series.overdue, backgroundColor: red },
          { label: labels.ahead, data: series.ahead, backgroundColor: grey },
        ],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { autoSkip: false } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { title: (items) => series.labels[items[0].dataIndex] } },
        },
      },
    });
  }

  const overdue = document.getElementById("chart-overdue-units");
  if (overdue && data.overdueByUnit.labels.length) {
    new Chart(overdue, {
      type: "bar",
      data: {
        labels: data.overdueByUnit.labels.map((l) => short(l, 34)),
        datasets: [{ label: labels.overdue, data: data.overdueByUnit.values, backgroundColor: red }],
      },
      options: {
        indexAxis: "y",
        scales: { x: { ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => data.overdueByUnit.labels[items[0].dataIndex] } },
        },
      },
    });
  }
  stacked("chart-channels", data.byChannel, true);
  stacked("chart-audiences", data.byAudience, true);

  const months = document.getElementById("chart-months");
  if (months && data.byMonth.labels.length) {
    new Chart(months, {
      type: "bar",
      data: {
        labels: data.byMonth.labels.map((m) => labels.months[m - 1]),
        datasets: [
          { label: labels.due, data: data.byMonth.total, backgroundColor: blue },
          { label: labels.done, data: data.byMonth.done, backgroundColor: green },
        ],
      },
      options: { plugins: { legend: { position: "bottom" } }, scales: { y: { ticks: { precision: 0 } } } },
    });
  }
})();
