/* The listening library's one script: the player on an article's page, the filters on the index.
   Everything works without it: the audio has the browser's own controls, chapters are links
   to their sections, and the index is a plain list. Nothing here asks another host for anything. */
(function () {
  "use strict";

  var audio = document.querySelector(".player audio");
  if (audio) { player(audio); }
  var filters = document.querySelector("form.filters");
  if (filters) { library(filters); }

  function player(audio) {
    var cues = JSON.parse(document.getElementById("cues").textContent || "[]");
    var article = document.querySelector("main article") || document.body;
    var key = "handout-position:" + location.pathname;
    var speeds = document.querySelector(".speeds");
    var current = -1;
    if (window.CSS && CSS.highlights && document.adoptedStyleSheets) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync("::highlight(readalong) { background-color: var(--readalong-background); color: var(--readalong-color); }");
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    }

    // Resume where the patient stopped.
    var saved = parseFloat(localStorage.getItem(key) || "");
    if (saved > 0) {
      var resume = function () { audio.currentTime = saved; };
      if (audio.readyState >= 1) { resume(); } else { audio.addEventListener("loadedmetadata", resume, { once: true }); }
    }
    var lastSaved = 0;
    audio.addEventListener("timeupdate", function () {
      if (Math.abs(audio.currentTime - lastSaved) >= 2) { remember(); }
      follow();
    });
    audio.addEventListener("pause", remember);
    audio.addEventListener("seeked", follow);
    audio.addEventListener("ended", function () { localStorage.removeItem(key); });
    function remember() { lastSaved = audio.currentTime; localStorage.setItem(key, String(audio.currentTime)); }

    // Speeds: one pressed button at a time.
    if (speeds) {
      speeds.hidden = false;
      speeds.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-rate]");
        if (!button) { return; }
        audio.playbackRate = parseFloat(button.dataset.rate);
        speeds.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      });
    }

    // Chapters: press one, hear that section.
    document.querySelectorAll("a.chapter[data-start]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        audio.currentTime = parseFloat(link.dataset.start);
        follow();
        var playing = audio.play();
        if (playing && playing.catch) { playing.catch(function () {}); }
      });
    });

    // Read-along: the sentence being spoken is highlighted and kept in view.
    function follow() {
      var t = audio.currentTime, index = -1;
      for (var i = 0; i < cues.length; i++) {
        if (cues[i].start <= t + 0.001) { index = i; } else { break; }
      }
      if (index === current) { return; }
      current = index;
      clear();
      if (index < 0) { return; }
      var cue = cues[index];
      var scope = (cue.target && article.querySelector(cue.target)) || article;
      // A table row, or words the page does not print (a numbered item's "First"): the element itself.
      var range = cue.whole ? null : find(scope, cue.text);
      var element = range ? block(range.commonAncestorContainer) : (cue.target ? scope : null);
      if (range && window.CSS && CSS.highlights && window.Highlight) {
        CSS.highlights.set("readalong", new Highlight(range));
      } else if (element) {
        element.classList.add("no-highlight-api");
      }
      if (element) {
        element.classList.add("speaking");
        // Keep the sentence itself in view (a paragraph can be taller than a phone's screen).
        var box = (range || element).getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) {
          var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
          window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: still ? "auto" : "smooth" });
        }
      }
      document.querySelectorAll("a.chapter.current").forEach(function (a) { a.classList.remove("current"); a.removeAttribute("aria-current"); });
      var chapters = document.querySelectorAll("a.chapter[data-start]");
      var active = null;
      chapters.forEach(function (a) { if (parseFloat(a.dataset.start) <= t + 0.001) { active = a; } });
      if (active) { active.classList.add("current"); active.setAttribute("aria-current", "true"); }
    }

    function clear() {
      if (window.CSS && CSS.highlights) { CSS.highlights.delete("readalong"); }
      document.querySelectorAll(".speaking").forEach(function (e) { e.classList.remove("speaking", "no-highlight-api"); });
    }

    function block(node) {
      var element = node.nodeType === 1 ? node : node.parentElement;
      return element.closest("p, li, h1, h2, h3, h4, h5, h6, td, th, dd, dt, figure, pre, .title-block") || element;
    }

    // A Range over the first place `text` is written in `scope`, across inline markup.
    function find(scope, text) {
      var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      var nodes = [], flat = "", starts = [];
      while (walker.nextNode()) {
        if (walker.currentNode.parentElement.closest("script, style")) { continue; }
        nodes.push(walker.currentNode); starts.push(flat.length); flat += walker.currentNode.data;
      }
      var words = text.split(/\s+/).filter(Boolean).map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
      if (!words.length) { return null; }
      var match = new RegExp(words.join("\\s+")).exec(flat);
      if (!match) { return null; }
      var range = document.createRange();
      place(match.index, function (n, o) { range.setStart(n, o); });
      place(match.index + match[0].length, function (n, o) { range.setEnd(n, o); });
      return range;
      function place(offset, set) {
        for (var i = nodes.length - 1; i >= 0; i--) {
          if (starts[i] <= offset) { set(nodes[i], Math.min(offset - starts[i], nodes[i].data.length)); return; }
        }
      }
    }
  }

  function library(form) {
    var entries = Array.prototype.slice.call(document.querySelectorAll(".entries .entry"));
    var count = document.querySelector(".count");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    apply();

    function apply() {
      var words = normal(form.elements.q.value).split(" ").filter(Boolean);
      var topic = form.elements.topic.value, lang = form.elements.language.value, shown = 0;
      entries.forEach(function (entry) {
        var text = normal(entry.textContent);
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
          (!topic || JSON.parse(entry.dataset.topics).indexOf(topic) >= 0) &&
          (!lang || entry.dataset.lang === lang);
        entry.hidden = !ok;
        if (ok) { shown++; }
      });
      // The count is written in the page's language ("{shown} of 12 handouts shown", the plural chosen by Handout).
      var written = String(shown);
      try { written = new Intl.NumberFormat(document.documentElement.lang || undefined).format(shown); } catch (e) { /* as is */ }
      count.textContent = count.dataset.template.replace("{shown}", written);
    }

    function normal(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
    }
  }
})();
