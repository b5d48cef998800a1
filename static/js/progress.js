// Follows a background job: polls the element's data-progress-url every second, moves the
// progress bar, and reloads the page once the job has left the running state.
(function () {
  "use strict";
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-progress-label]");
    var running = box.getAttribute("data-running-status").split(" ");
    function poll() {
      fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          bar.max = state.total || 1;
          bar.value = state.done;
          label.textContent = state.done + " / " + state.total + " (" + state.percent + "%)";
          if (running.indexOf(state.status) === -1) {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  });
})();
