/* The review queue: select many reports, accept them after one confirmation. */
(function () {
  "use strict";
  const form = document.getElementById("review-bulk");
  if (!form) return;
  const all = document.getElementById("review-select-all");
  const button = document.getElementById("review-accept-selected");
  const count = document.getElementById("review-selected-count");
  const boxes = () => Array.from(form.querySelectorAll(".review-select"));
  const chosen = () => boxes().filter((box) => box.checked);

  function refresh() {
    const n = chosen().length;
    count.textContent = String(n);
    button.disabled = n === 0;
    all.checked = n > 0 && n === boxes().length;
    all.indeterminate = n > 0 && n < boxes().length;
  }

  all.addEventListener("change", () => {
    boxes().forEach((box) => { box.checked = all.checked; });
    refresh();
  });
  form.addEventListener("change", (event) => {
    if (event.target.classList.contains("review-select")) refresh();
  });
  form.addEventListener("submit", (event) => {
    const n = chosen().length;
    const text = n === 1
      ? form.dataset.confirmOne
      : form.dataset.confirmMany.replace("{count}", String(n));
    if (n === 0 || !window.confirm(text)) {
      event.preventDefault();
      return;
    }
    button.disabled = true;
  });
  refresh();
})();
