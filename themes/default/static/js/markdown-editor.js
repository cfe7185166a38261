// Progressive enhancement of Markdown fields (macros/forms.html, markdown_toolbar): shows
// the formatting toolbar, applies each button (and Ctrl/Cmd+B, I, K) to the selection with
// the focus kept in the text area, and shows the preview the server renders (the only
// HTML put in the page is that sanitised answer; messages go in as text). Without this
// script the plain text area works as before.
(function () {
  "use strict";
  var SHORTCUTS = { b: "bold", i: "italic", k: "link" };
  var WRAPS = { bold: ["**", "**"], italic: ["_", "_"] };
  var PREFIXES = {
    bullets: function () { return "- "; },
    numbers: function (index) { return (index + 1) + ". "; },
    heading: function () { return "## "; },
    quote: function () { return "> "; }
  };

  // Replaces start..end with text, through the editing commands when the browser has
  // them (so Ctrl+Z undoes it), then selects selStart..selEnd of the new text.
  function replace(area, start, end, text, selStart, selEnd) {
    area.focus();
    area.setSelectionRange(start, end);
    var done = false;
    try { done = document.execCommand("insertText", false, text); } catch (ignore) { done = false; }
    if (!done || area.value.substring(start, start + text.length) !== text) {
      area.setRangeText(text, start, end, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    area.setSelectionRange(start + selStart, start + selEnd);
  }

  function wrap(area, before, after) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.substring(start, end);
    replace(area, start, end, before + chosen + after,
            before.length, before.length + chosen.length);
  }

  function link(area) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.substring(start, end);
    var url = "https://";
    var text = "[" + chosen + "](" + url + ")";
    if (chosen) {  // the words are there: select the address to type over it
      replace(area, start, end, text, chosen.length + 3, chosen.length + 3 + url.length);
    } else {  // the caret goes between the brackets, for the words
      replace(area, start, end, text, 1, 1);
    }
  }

  function prefixLines(area, prefix) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var last = area.selectionEnd;
    if (last > area.selectionStart && value.charAt(last - 1) === "\n") { last -= 1; }
    var end = value.indexOf("\n", last);
    if (end === -1) { end = value.length; }
    var lines = value.substring(start, end).split("\n").map(function (line, index) {
      return prefix(index) + line;
    });
    var text = lines.join("\n");
    replace(area, start, end, text, text.length, text.length);
  }

  function apply(area, action) {
    if (WRAPS[action]) { wrap(area, WRAPS[action][0], WRAPS[action][1]); }
    else if (action === "link") { link(area); }
    else if (PREFIXES[action]) { prefixLines(area, PREFIXES[action]); }
  }

  function enhance(toolbar) {
    var area = document.getElementById(toolbar.getAttribute("data-md-for"));
    var region = document.getElementById(area && area.id + "-preview");
    var toggle = toolbar.querySelector("[data-md-preview]");
    if (!area || !region || toolbar.getAttribute("data-md-ready")) { return; }
    toolbar.setAttribute("data-md-ready", "1");
    toolbar.hidden = false;
    var pending = null, asked = 0;

    toolbar.querySelectorAll("[data-md]").forEach(function (button) {
      // Keep the focus (and so the selection) in the text area on a mouse click.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () { apply(area, button.getAttribute("data-md")); });
    });
    // One Tab stop for the whole toolbar; the arrows, Home and End move between buttons.
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    buttons.forEach(function (button, index) { button.tabIndex = index === 0 ? 0 : -1; });
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      var moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 };
      if (index === -1 || !(event.key in moves)) { return; }
      event.preventDefault();
      var next = buttons[(moves[event.key] + buttons.length) % buttons.length];
      buttons.forEach(function (button) { button.tabIndex = button === next ? 0 : -1; });
      next.focus();
    });
    area.addEventListener("keydown", function (event) {
      var action = SHORTCUTS[event.key.toLowerCase()];
      if (action && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        apply(area, action);
      }
    });

    function say(message) {
      region.textContent = message;
    }
    function show() {
      var number = ++asked;  // only the latest answer is shown
      var body = new FormData();
      var token = area.form && area.form.querySelector("input[name=csrf_token]");
      body.append("csrf_token", token ? token.value : "");
      body.append("field", toolbar.getAttribute("data-md-key"));
      body.append("text", area.value);
      fetch(toolbar.getAttribute("data-md-url"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; },
                                    function () { return { ok: false, data: {} }; });
      }).then(function (answer) {
        if (number !== asked) { return; }
        if (!answer.ok) { say(answer.data.error || toolbar.getAttribute("data-md-failed")); }
        else if (!answer.data.html) { say(toolbar.getAttribute("data-md-empty")); }
        else { region.innerHTML = answer.data.html; }  // sanitised by the server (nh3)
      }, function () {
        if (number === asked) { say(toolbar.getAttribute("data-md-failed")); }
      });
    }
    toggle.addEventListener("click", function () {
      var on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      region.hidden = !on;
      clearTimeout(pending);
      if (on) { show(); } else { asked += 1; region.textContent = ""; }
    });
    area.addEventListener("input", function () {  // live while the preview is open
      if (toggle.getAttribute("aria-pressed") !== "true") { return; }
      clearTimeout(pending);
      pending = setTimeout(show, 500);
    });
  }

  document.querySelectorAll(".md-toolbar[data-md-for]").forEach(enhance);
}());
