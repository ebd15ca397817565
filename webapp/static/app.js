// zoek: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var box = document.getElementById("q");

  function typingIn(t) {
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  // "/" focuses the search box, unless the user is already typing somewhere.
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && box && !typingIn(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault(); box.focus(); box.select();
    }
  });

  // Screen readers do not read a live region that was already filled when the page
  // loaded: say the result count again, in an empty one, once the page is there.
  var status = document.getElementById("status"), announce = document.getElementById("announce");
  if (status && announce && status.textContent.trim()) {
    setTimeout(function () { announce.textContent = status.textContent.replace(/\s+/g, " ").trim(); }, 300);
  }

  // Search-as-you-type: the ARIA 1.2 combobox pattern over GET /api/suggest.
  function Combobox(input) {
    var form = input.form, list = document.createElement("ul"), status = document.createElement("div");
    var options = [], active = -1, timer = null, pending = null, lastAsked = null;
    list.id = "q-suggest"; list.className = "suggest"; list.hidden = true;
    list.setAttribute("role", "listbox"); list.setAttribute("aria-label", "Suggesties");
    status.className = "visually-hidden"; status.setAttribute("role", "status");
    input.parentNode.appendChild(list); input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function setActive(i) {
      if (active >= 0 && options[active]) { options[active].el.setAttribute("aria-selected", "false"); }
      active = i;
      if (active >= 0) {
        options[active].el.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].el.id);
        options[active].el.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }
    function take(option) {
      close();
      if (option.url) { window.location.assign(option.url); return; }
      input.value = option.text;
      if (form) { form.submit(); }
    }
    function render(suggestions) {
      list.textContent = ""; options = []; active = -1;
      input.removeAttribute("aria-activedescendant");
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li"), kind = document.createElement("span");
        li.id = "q-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.appendChild(document.createTextNode(s.text));
        if (s.kind === "title") {
          kind.className = "kind"; kind.textContent = "document";
          li.appendChild(kind);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
        li.addEventListener("click", function () { take(s); });
        list.appendChild(li);
        options.push({ el: li, text: s.text, url: s.url });
      });
      var open = options.length > 0 && document.activeElement === input;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      status.textContent = open ? options.length + (options.length === 1 ? " suggestie" : " suggesties") +
        ", kies met de pijltjestoetsen" : "";
    }
    function cancel() {
      clearTimeout(timer);
      if (pending) { pending.abort(); pending = null; }
      lastAsked = null;
    }
    function ask() {
      var text = input.value;
      if (text === lastAsked) { return; }
      lastAsked = text;
      if (pending) { pending.abort(); pending = null; }
      if (text.trim().length < 2) { render([]); return; }
      pending = new AbortController();
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(text), { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value === text) { render(data.suggestions || []); } })
        .catch(function () { /* aborted or offline: the form still works */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!options.length) { return; }
        e.preventDefault();
        if (!open) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        var step = e.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();
        take(options[active]);
      } else if (e.key === "Escape") {
        cancel(); // a list on its way must not open after Escape
        if (open) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { cancel(); close(); });
  }

  if (box && box.getAttribute("data-suggest") && window.fetch && window.AbortController) { Combobox(box); }

  // Document view: jump between hits with buttons or n / p.
  var marks = Array.prototype.slice.call(document.querySelectorAll(".document .body mark"));
  var pos = document.getElementById("hitpos"), nav = document.querySelector(".hitnav"), current = -1;
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
  if (nav && marks.length) {
    nav.hidden = false; // the buttons only work with this script, so they only show with it
    document.getElementById("next-hit").addEventListener("click", function () { go(1); });
    document.getElementById("prev-hit").addEventListener("click", function () { go(-1); });
    document.addEventListener("keydown", function (e) {
      if (typingIn(e.target) || e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (e.key === "n") { go(1); } else if (e.key === "p") { go(-1); }
    });
  }
})();
