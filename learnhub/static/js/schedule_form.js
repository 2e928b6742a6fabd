// The schedule form, a little easier with JavaScript (it works and is checked on the
// server without it):
// - only the repeat fields of the chosen repeat show; hidden ones keep their values, and
//   one carrying an error stays visible;
// - for a big unit, host and recorder are typed as 工号; typing a name or a 工号 fills the
//   field's <datalist> from the unit's member search.
(function () {
  var repeat = document.getElementById("repeat");
  if (repeat) {
    var groups = document.querySelectorAll("[data-repeat]");
    var sync = function () {
      groups.forEach(function (group) {
        var shown = group.getAttribute("data-repeat").split(" ").indexOf(repeat.value) >= 0;
        group.hidden = !shown && !group.querySelector(".field--error");
      });
    };
    repeat.addEventListener("change", sync);
    sync();
  }

  document.querySelectorAll("input[data-people-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var text = input.value.trim();
        if (!text || text === asked || !list) return;
        asked = text;
        fetch(input.getAttribute("data-people-search") + "?q=" + encodeURIComponent(text), {
          credentials: "same-origin", headers: { Accept: "application/json" }
        }).then(function (response) {
          return response.ok ? response.json() : { people: [] };
        }).then(function (data) {
          list.textContent = "";
          data.people.forEach(function (person) {
            var option = document.createElement("option");
            option.value = person.employee_no;
            option.textContent = person.name + "（" + person.unit + "）";
            list.appendChild(option);
          });
        }).catch(function () { /* the typed 工号 still goes to the server */ });
      }, 200);
    });
  });
})();
