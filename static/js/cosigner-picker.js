// The co-signer picker on a draft's page: the delegates whose name holds what the author types
// are shown as they type (the server's answer, `cosigners_found`: only delegates the invitation
// accepts), without sending the search form. The delegates ticked stay ticked, under "Chosen",
// while the author looks for others; "Ask them" asks them all. By keyboard: ↓ from the search
// box goes to the list, ↑ and ↓ move in it, space ticks, ↑ from the first goes back, Enter in
// the box searches at once, Escape empties it. While a Chinese input method is composing, the
// letters typed are not searched: the characters are, once chosen. Without this script the
// search form is sent and the page answers with the same delegates.
(function () {
  "use strict";
  var picker = document.querySelector("[data-cosign-picker]");
  if (!picker) { return; }
  var url = picker.getAttribute("data-cosign-picker");
  var box = picker.querySelector("#id_q");
  var choices = picker.querySelector("[data-cosign-choices]");
  var chosen = picker.querySelector("[data-cosign-chosen]");
  var caption = picker.querySelector("[data-cosign-caption]");
  var ask = picker.querySelector("[data-cosign-ask]");
  var latest = 0;  // the number of the last search sent: an older answer arriving late is dropped
  var timer = null;
  var asked = null;  // the words of the last search sent

  function boxes(container) {
    return Array.prototype.slice.call(container.querySelectorAll("input[type=checkbox]"));
  }

  function tidy() {
    // A ticked delegate moves under "Chosen" (kept when the list changes); unticked, it leaves.
    boxes(choices).forEach(function (input) {
      if (input.checked) { chosen.appendChild(input.closest("label")); }
    });
    boxes(chosen).forEach(function (input) {
      if (!input.checked) { input.closest("label").remove(); }
    });
    chosen.hidden = boxes(chosen).length === 0;
    ask.hidden = boxes(chosen).length === 0 && boxes(choices).length === 0;
  }

  function choice(person) {
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "checkbox";
    input.name = "cosigners";
    input.value = person.id;
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + person.name));
    if (person.delegation) {
      var where = document.createElement("span");
      where.className = "muted";
      where.textContent = " · " + person.delegation;
      label.appendChild(document.createTextNode(" "));
      label.appendChild(where);
    }
    return label;
  }

  function show(answer) {
    var taken = {};
    boxes(chosen).forEach(function (input) { taken[input.value] = true; });
    choices.textContent = "";
    var people = answer.results.filter(function (person) { return !taken[person.id]; });
    people.forEach(function (person) { choices.appendChild(choice(person)); });
    if (!people.length) {
      var none = document.createElement("p");
      none.className = "muted";
      none.textContent = choices.getAttribute("data-none");
      choices.appendChild(none);
    }
    caption.textContent = answer.caption;
    tidy();
  }

  function search() {
    window.clearTimeout(timer);
    var words = box.value.trim();
    if (words === asked) { return; }
    asked = words;
    var number = ++latest;
    fetch(url + "?q=" + encodeURIComponent(words), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && number === latest) { show(answer); } })
      .catch(function () { asked = null; /* offline for a moment: the next key tries again */ });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  }

  function move(from, step) {
    var list = boxes(chosen).concat(boxes(choices));
    var at = list.indexOf(from) + step;
    if (at < 0) { box.focus(); } else if (at < list.length) { list[at].focus(); }
  }

  asked = box.value.trim();  // the page came with that search's answer
  box.addEventListener("input", function (event) {
    if (!event.isComposing) { soon(); }
  });
  box.addEventListener("compositionend", soon);
  box.addEventListener("keydown", function (event) {
    if (event.isComposing) { return; }
    if (event.key === "Enter") {
      event.preventDefault();  // search here rather than send the form and reload the page
      search();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      var list = boxes(chosen).concat(boxes(choices));
      if (list.length) { list[0].focus(); }
    } else if (event.key === "Escape" && box.value) {
      event.preventDefault();
      box.value = "";
      search();
    }
  });
  picker.addEventListener("keydown", function (event) {
    if (event.target.type !== "checkbox") { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.target, event.key === "ArrowDown" ? 1 : -1);
    }
  });
  picker.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") {
      var focused = event.target;
      tidy();
      focused.focus();  // moved under "Chosen": the keyboard stays on it
    }
  });
  // The search button is for pages without this script; Enter in the box does its work here.
  picker.querySelector("[data-cosign-find]").hidden = true;
})();
