// The live attendance page: every 10 seconds, fetches the sitting's figures (JSON) and writes
// them into the page without reloading it; the button pauses and resumes. Without this script
// the page keeps its "Refresh now" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-url]");
  if (!box) { return; }
  var toggle = box.querySelector("[data-live-toggle]");
  var note = box.querySelector("[data-live-note]");
  var statement = box.querySelector("[data-live='statement']");
  var election = box.querySelector("[data-live='election']");
  var timer = null;

  function show(figures) {
    var total = figures.summary.total;
    Object.keys(total).forEach(function (key) {
      box.querySelectorAll("[data-total='" + key + "']").forEach(function (cell) {
        cell.textContent = total[key];
      });
    });
    var rows = figures.summary.by_delegation;
    if (box.querySelectorAll("[data-row]").length !== rows.length) {
      window.location.reload();  // the delegations changed: the table is drawn anew
      return;
    }
    rows.forEach(function (row, index) {
      box.querySelectorAll("[data-row='" + index + "'] [data-key]").forEach(function (cell) {
        cell.textContent = row[cell.getAttribute("data-key")];
      });
    });
    statement.textContent = figures.quorum.statement;
    statement.classList.toggle("quorum-reached", figures.quorum.reached);
    statement.classList.toggle("quorum-not-reached", !figures.quorum.reached);
    election.textContent = figures.quorum.election;
    election.hidden = !figures.quorum.election;
  }

  function refresh() {
    fetch(box.getAttribute("data-live-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (figures) { if (figures) { show(figures); } })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }

  function run(running) {
    window.clearInterval(timer);
    timer = running ? window.setInterval(refresh, 10000) : null;
    toggle.textContent = toggle.getAttribute(running ? "data-pause" : "data-resume");
    note.textContent = note.getAttribute(running ? "data-running" : "data-paused");
  }

  toggle.hidden = false;
  note.hidden = false;
  toggle.addEventListener("click", function () {
    if (timer) {
      run(false);
    } else {
      refresh();
      run(true);
    }
  });
  run(true);
})();
