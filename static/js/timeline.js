/* The year at a glance: each channel's colour on its bars, and the print button
 * (no inline script or style: CSP; the style property set from script is allowed). */
(function () {
  "use strict";
  const colors = document.getElementById("timeline-colors");
  if (colors) {
    for (const [channel, color] of Object.entries(JSON.parse(colors.textContent))) {
      document.querySelectorAll(".gantt-ch" + channel).forEach((row) => row.style.setProperty("--bar", color));
    }
  }
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
