// The site menu: open on wide screens, a button on phones (works without JS).
// The user menu: a dropdown on wide screens that closes on Escape or a click elsewhere;
// on phones it is shown open inside the site menu.
(function () {
  var menu = document.getElementById("site-menu");
  var userMenu = document.getElementById("user-menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 960px)");
  function sync() {
    menu.open = wide.matches;
    if (userMenu) userMenu.open = !wide.matches;
  }
  sync();
  wide.addEventListener("change", sync);
  if (!userMenu) return;
  document.addEventListener("click", function (event) {
    if (wide.matches && userMenu.open && !userMenu.contains(event.target)) userMenu.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && wide.matches && userMenu.open) {
      userMenu.open = false;
      userMenu.querySelector("summary").focus();
    }
  });
})();
