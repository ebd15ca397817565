// zoek: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var box = document.getElementById("q");

  // "/" focuses the search box, unless the user is already typing somewhere.
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "/" && !typing && box) { e.preventDefault(); box.focus(); box.select(); }
  });

  // Document view: jump between hits with buttons or n / p.
  var marks = Array.prototype.slice.call(document.querySelectorAll(".document .body mark"));
  var pos = document.getElementById("hitpos"), current = -1;
  function go(step) {
    if (!marks.length) { return; }
    if (current >= 0) { marks[current].classList.remove("current"); }
    current = (current + step + marks.length) % marks.length;
    var m = marks[current];
    m.classList.add("current");
    m.scrollIntoView({ block: "center" });
    var page = m.closest(".page");
    if (pos) {
      pos.textContent = "treffer " + (current + 1) + " van " + marks.length +
        (page ? " · pagina " + page.getAttribute("data-page") : "");
    }
  }
  var next = document.getElementById("next-hit"), prev = document.getElementById("prev-hit");
  if (next) { next.addEventListener("click", function () { go(1); }); }
  if (prev) { prev.addEventListener("click", function () { go(-1); }); }
  if (marks.length) {
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA") || e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (e.key === "n") { go(1); } else if (e.key === "p") { go(-1); }
    });
  }
})();
