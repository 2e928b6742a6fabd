// Course editor: live preview and a warning before leaving with unsaved changes.
// The preview is rendered by the server (same renderer and sanitiser as publishing);
// without JavaScript the "预览" button does the same round trip as a form submit.
(function () {
  "use strict";
  var DELAY = 400;

  function csrfToken(form) {
    var input = form && form.querySelector('input[name="csrf_token"]');
    return input ? input.value : "";
  }

  function setupPreview(textarea) {
    var body = document.getElementById("preview-body");
    var status = document.getElementById("preview-status");
    if (!body || !window.fetch) return;
    var panel = body.closest(".editor-preview");
    var failed = panel ? panel.getAttribute("data-error-message") : "";
    var timer = null;
    var sequence = 0;

    function refresh() {
      var mine = ++sequence;
      var data = new FormData();
      data.append("markdown", textarea.value);
      data.append("file", textarea.getAttribute("data-preview-file") || "course.md");
      fetch(textarea.getAttribute("data-preview-url"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form), "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(function (result) {
        if (mine !== sequence) return; // a newer preview is on its way
        body.innerHTML = result.html; // sanitised on the server by the publishing code path
        if (status) status.textContent = (result.issues || []).join(" ");
      }).catch(function () {
        if (mine === sequence && status) status.textContent = failed || "";
      });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    });
    if (!body.querySelector(".preview-rendered")) refresh();
  }

  function guardUnsaved(form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  var textareas = document.querySelectorAll("textarea[data-preview-url]");
  for (var i = 0; i < textareas.length; i++) setupPreview(textareas[i]);
  var forms = document.querySelectorAll("form[data-editor-form]");
  for (var j = 0; j < forms.length; j++) guardUnsaved(forms[j]);
})();
