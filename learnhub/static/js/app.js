// Open the navigation menu on wide screens; on phones it stays a button (works without JS).
(function () {
  var menu = document.getElementById("site-menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 960px)");
  function sync() { if (wide.matches) menu.open = true; }
  sync();
  wide.addEventListener("change", sync);
})();
