/* The page of a report being issued reloads itself once the report is issued (or issuing failed).
 *
 * Progressive enhancement: without scripts the page says what is happening (role="status") and
 * offers a link that reloads it. With scripts, this asks for the same page every few seconds,
 * without showing it, and reloads when the section marked data-issuing is gone from it. It stops
 * after a while, or on any error (the link still works).
 */
(function () {
  "use strict";

  var INTERVAL_MS = 3000;
  var GIVE_UP_AFTER_MS = 15 * 60 * 1000;

  function start() {
    if (!document.querySelector("[data-issuing]") || !window.fetch) {
      return;
    }
    var started = Date.now();
    function check() {
      fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          if (html.indexOf("data-issuing") === -1) {
            window.location.reload();
          } else if (Date.now() - started < GIVE_UP_AFTER_MS) {
            window.setTimeout(check, INTERVAL_MS);
          }
        })
        .catch(function () {});
    }
    window.setTimeout(check, INTERVAL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
