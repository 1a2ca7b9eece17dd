// Unit heads' workspace: warn about a file that the server will refuse before it
// is uploaded over a slow connection. The server still checks everything.
(function () {
  "use strict";
  function formatBytes(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
    if (bytes >= 1024) return Math.round(bytes / 1024) + " KB";
    return bytes + " B";
  }
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var message = document.getElementById("file-check-message");
    if (!message) return;
    input.addEventListener("change", function () {
      var maxBytes = parseInt(input.dataset.maxBytes, 10);
      var maxFiles = parseInt(input.dataset.maxFiles, 10);
      var maxTotal = parseInt(input.dataset.maxTotal, 10);
      var total = 0;
      var problems = [];
      if (input.files.length > maxFiles) {
        problems.push(message.dataset.tooMany + " (" + input.files.length + " > " + maxFiles + ")");
      }
      Array.prototype.forEach.call(input.files, function (file) {
        total += file.size;
        if (file.size === 0) problems.push("“" + file.name + "” " + message.dataset.empty);
        else if (file.size > maxBytes) {
          problems.push("“" + file.name + "” " + message.dataset.tooBig + " (" + formatBytes(file.size) + " > " + formatBytes(maxBytes) + ")");
        }
      });
      if (maxTotal && total > maxTotal) {
        problems.push(message.dataset.tooMuch + " (" + formatBytes(total) + " > " + formatBytes(maxTotal) + ")");
      }
      message.textContent = problems.join(" · ");
      message.classList.toggle("d-none", problems.length === 0);
    });
  });
})();
