// The draft page while its page images are drawn: ask how far they are, and show the page again when
// they are there (or could not be made). Without JavaScript the page says to load it again.
(function () {
  "use strict";
  var box = document.getElementById("sidebilleder");
  if (!box) { return; }
  var url = box.getAttribute("data-tilstand");
  var tries = 0;
  function ask() {
    tries += 1;
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && (state.tilstand === "klar" || state.tilstand === "fejl")) {
          window.location.reload();
        } else if (tries < 300) {
          window.setTimeout(ask, 1000);
        }
      })
      .catch(function () { if (tries < 300) { window.setTimeout(ask, 2000); } });
  }
  window.setTimeout(ask, 500);
})();
