// Lesson reader: study-time heartbeats and the "已学习 8 / 12 分钟" indicator.
//
// The page sends a heartbeat every `interval` seconds only while it is visible (and, for a
// video lesson, only while the video plays). The server decides how much time counts: it
// credits at most the time since its previous accepted heartbeat, so this script never
// says how long anything took. When the page becomes active again it first sends a
// "resume" beat, which restarts the server's clock without crediting the hidden time.
// On wide screens the table of contents is shown open beside the text.
(function () {
  "use strict";
  var toc = document.getElementById("lh-toc");
  if (toc && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 960px)");
    var syncToc = function () { if (wide.matches) toc.open = true; };
    syncToc();
    wide.addEventListener("change", syncToc);
  }

  // A table wider than the text column scrolls sideways: let the keyboard reach it too.
  var tables = document.querySelectorAll(".prose table");
  var focusWideTables = function () {
    for (var t = 0; t < tables.length; t++) {
      if (tables[t].scrollWidth > tables[t].clientWidth) tables[t].tabIndex = 0;
      else tables[t].removeAttribute("tabindex");
    }
  };
  focusWideTables();
  window.addEventListener("resize", focusWideTables);

  var article = document.getElementById("lh-reader");
  if (!article || !window.fetch) return;
  var data = article.dataset;
  var url = data.heartbeatUrl;
  var token = data.token;
  var csrf = data.csrf;
  var intervalMs = Math.max(1, parseInt(data.interval, 10) || 15) * 1000;
  var minutes = parseInt(data.minutes, 10) || 0;
  var required = parseInt(data.required, 10) || 0;
  var video = data.video === "true" ? document.getElementById("lh-video") : null;
  var statusEl = document.getElementById("lh-study-status");
  var noticeEl = document.getElementById("lh-study-notice");
  var lineEl = document.getElementById("lh-study-line");

  var seq = 0;
  var timer = null;
  var stopped = false; // another page took over: stop until the reader reloads
  var courseDone = false;

  function engaged() {
    if (stopped || document.visibilityState !== "visible") return false;
    return !video || (!video.paused && !video.ended);
  }

  function show(seconds, studied) {
    var done = Math.min(Math.floor(seconds / 60), minutes);
    var text = data.msgStudied.replace("{done}", done).replace("{total}", minutes);
    if (studied) text = "✓ " + data.msgDone + " · " + text;
    if (statusEl) statusEl.textContent = text;
    if (lineEl) lineEl.value = Math.min(seconds, required);
  }

  function notice(text, kind, withReload) {
    if (!noticeEl) return;
    noticeEl.className = "reader__notice" + (kind ? " reader__notice--" + kind : "");
    noticeEl.textContent = text;
    if (withReload) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = data.msgReload;
      button.addEventListener("click", function () { window.location.reload(); });
      noticeEl.appendChild(button);
    }
  }

  function handle(body) {
    if (!body || !body.status) return;
    if (body.status === "elsewhere") {
      stopped = true;
      stop();
      notice(data.msgElsewhere, "warn", true);
      return;
    }
    if (body.status !== "ok") return;
    show(body.seconds, body.studied);
    if (body.course_completed && !courseDone) {
      courseDone = true;
      notice(data.msgCourseDone, "ok", false);
    }
  }

  function send(resume) {
    seq += 1;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true, // the last beat as the page hides still arrives
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrf },
      body: JSON.stringify({ token: token, seq: seq, resume: resume })
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(handle).catch(function () { /* offline: the next beat tries again */ });
  }

  function tick() {
    if (engaged()) send(false); else stop();
  }

  function start() {
    if (timer !== null || !engaged()) return;
    send(true);
    timer = window.setInterval(tick, intervalMs);
  }

  function stop() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  }

  // The time since the last beat was engaged: count it, then stop beating.
  function pause() {
    if (timer !== null && !stopped) send(false);
    stop();
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") start(); else pause();
  });
  if (video) {
    video.addEventListener("play", start);
    video.addEventListener("pause", pause);
    video.addEventListener("ended", pause);
  }
  start();
})();
