/* The activity list: select many activities, apply one action after one
   confirmation. */
(function () {
  "use strict";
  const form = document.getElementById("activity-batch");
  if (!form) return;
  const all = document.getElementById("activity-select-all");
  const button = document.getElementById("activity-batch-apply");
  const count = document.getElementById("activity-selected-count");
  const action = form.querySelector("[name=action]");
  const boxes = () => Array.from(form.querySelectorAll(".activity-select"));
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
    if (event.target.classList.contains("activity-select")) refresh();
  });
  form.addEventListener("submit", (event) => {
    const n = chosen().length;
    const label = action.options[action.selectedIndex].text;
    const text = form.dataset.confirmText
      .replace("{action}", label)
      .replace("{count}", String(n));
    if (n === 0 || !window.confirm(text)) event.preventDefault();
  });
  refresh();
})();
