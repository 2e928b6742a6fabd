// The attempt page: autosave each answer as it changes, count down the server's remaining
// time, and hand in the form at zero.
//
// The server keeps the deadline: the page starts from the seconds the server computed, and
// every save answers with the server's remaining seconds, which resets the countdown. The
// time left is announced to screen readers politely, at 5 minutes and at 1 minute only; "saved"
// is a polite status, a failed save an alert.
// Without JavaScript the form still works: submitting it saves every answer and hands in.
(function () {
  "use strict";
  var form = document.getElementById("lh-quiz-form");
  if (!form) return;
  var data = form.dataset;
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var savedEl = document.getElementById("lh-quiz-saved");
  var answeredEl = document.getElementById("lh-quiz-answered");
  var remainingEl = document.getElementById("lh-quiz-remaining");
  var announceEl = document.getElementById("lh-quiz-announce");
  var alertEl = document.getElementById("lh-quiz-alert");
  var THRESHOLDS = [300, 60];
  var announced = {};
  var closed = false;
  var deadline = data.remaining === "" ? null : Date.now() + parseInt(data.remaining, 10) * 1000;

  function values(name) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    var chosen = [];
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) chosen.push(parseInt(input.value, 10));
      } else {
        return { answer: input.value, multiple: false };
      }
    }
    return { answer: chosen, multiple: inputs[0] && inputs[0].type === "checkbox" };
  }

  function answer(name) {
    var v = values(name);
    if (typeof v.answer === "string" || v.multiple) return v.answer;
    return v.answer.length ? v.answer[0] : null;
  }

  function refreshAnswered() {
    var sections = form.querySelectorAll(".question");
    var done = 0;
    for (var i = 0; i < sections.length; i++) {
      var number = sections[i].id.replace("question-", "");
      var a = answer("q" + number);
      var has = a !== null && a !== "" && !(Array.isArray(a) && !a.length) &&
        !(typeof a === "string" && !a.trim());
      if (has) done++;
      sections[i].classList.toggle("is-answered", has);
      var nav = document.getElementById("lh-nav-" + number);
      if (nav) nav.classList.toggle("is-answered", has);
      var state = document.getElementById("lh-nav-" + number + "-state");
      if (state) state.textContent = has ? data.msgAnsweredState : data.msgUnansweredState;
    }
    answeredEl.textContent = data.msgAnswered.replace("{done}", done)
      .replace("{total}", sections.length);
  }

  var pending = {};
  function save(name) {
    if (closed || !window.fetch) return;
    var position = parseInt(name.slice(1), 10);
    // "Saving…" only when a save is slow: the status is read out, once per answer is enough.
    var slow = window.setTimeout(function () { savedEl.textContent = data.msgSaving; }, 500);
    fetch(data.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrf },
      body: JSON.stringify({ position: position, answer: answer(name) })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
    }).then(function (result) {
      window.clearTimeout(slow);
      if (result.ok) {
        savedEl.textContent = data.msgSaved;
        alertEl.textContent = "";
        if (result.body.remaining_seconds !== null && result.body.remaining_seconds !== undefined) {
          deadline = Date.now() + result.body.remaining_seconds * 1000;
        }
      } else if (result.status === 409) {
        closed = true;
        alertEl.textContent = result.body.error.message;
        window.setTimeout(function () { window.location.reload(); }, 1500);
      } else {
        failed();
      }
    }).catch(function () { window.clearTimeout(slow); failed(); });
  }

  function failed() {  // said at once (role=alert), and kept beside the status
    savedEl.textContent = data.msgFailed;
    alertEl.textContent = data.msgFailed;
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (!name || name.charAt(0) !== "q") return;
    window.clearTimeout(pending[name]);
    refreshAnswered();
    save(name);
  });
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target.type !== "text" && target.tagName !== "TEXTAREA") return;
    window.clearTimeout(pending[target.name]);
    pending[target.name] = window.setTimeout(function () { refreshAnswered(); save(target.name); }, 1500);
  });
  form.addEventListener("submit", function () { closed = true; });

  function tick() {
    if (deadline === null || !remainingEl) return;
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    remainingEl.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
    for (var i = 0; i < THRESHOLDS.length; i++) {
      var mark = THRESHOLDS[i];
      if (left <= mark && left > mark - 30 && !announced[mark]) {
        announced[mark] = true;
        announceEl.textContent = data.msgMinutes.replace("{minutes}", mark / 60);
      }
    }
    if (left <= 60) remainingEl.parentNode.classList.add("is-urgent");
    if (left === 0 && !closed) {
      closed = true;
      announceEl.textContent = data.msgTimeUp;
      form.submit();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
