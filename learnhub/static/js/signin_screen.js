// The room's sign-in screen: counts down to the next code each second and, when the
// step ends, fetches the new code, QR code and count (JSON from our own server). Without
// JavaScript the page's meta refresh reloads it at the step's end instead.
(function () {
  "use strict";
  var root = document.getElementById("signin-screen");
  if (!root) { return; }
  var left = parseInt(root.getAttribute("data-seconds-left"), 10) || 30;
  var url = root.getAttribute("data-state-url");
  var seconds = document.getElementById("signin-seconds");
  var code = document.getElementById("signin-code");
  var qr = document.getElementById("signin-qr");
  var link = document.getElementById("signin-url");
  var count = document.getElementById("signin-count");
  var fetching = false;

  function refresh() {
    if (fetching) { return; }
    fetching = true;
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.open) { window.location.reload(); return; }
        if (code && state.code) { code.textContent = state.code.slice(0, 3) + " " + state.code.slice(3); }
        qr.innerHTML = state.qr_svg;  // our server's segno SVG
        link.textContent = state.url;
        count.textContent = String(state.signed_in);
        left = state.seconds_left;
      })
      .catch(function () { left = 2; })  // a network hiccup: try again shortly
      .then(function () { fetching = false; });
  }

  window.setInterval(function () {
    left -= 1;
    if (left <= 0) { refresh(); left = 30; }
    if (seconds) { seconds.textContent = String(Math.max(left, 0)); }
  }, 1000);
})();
