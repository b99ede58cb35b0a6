/* "N tecken kvar" under every text area that has a maximum length.
 *
 * Progressive enhancement: the help text says "Högst N tecken." without scripts and the server
 * checks the length anyway. The empty aria-live="polite" region under the field
 * (templates/includes/field.html) carries the Swedish phrases; this script fills in the number a
 * moment after typing stops, so that a screen reader is not interrupted at every key. Counts as the
 * server does: a line break is one character.
 */
(function () {
  "use strict";

  function length(text) {
    return text.replace(/\r\n?/g, "\n").length;
  }

  function attach(live) {
    var field = document.getElementById(live.getAttribute("data-counter-for"));
    var max = field ? parseInt(field.getAttribute("maxlength"), 10) : NaN;
    if (!field || isNaN(max)) {
      return;
    }
    var timer = null;
    function update() {
      var left = max - length(field.value);
      var phrase = left >= 0 ? live.getAttribute("data-remaining") : live.getAttribute("data-over");
      live.textContent = phrase.replace("__N__", String(Math.abs(left)));
      live.classList.toggle("counter-over", left < 0);
    }
    // Only after typing: numbers written into many live regions at page load would be read out.
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
  }

  function init() {
    var regions = document.querySelectorAll("[data-counter-for]");
    for (var i = 0; i < regions.length; i += 1) {
      attach(regions[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
