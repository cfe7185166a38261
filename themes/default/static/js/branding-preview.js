// Live preview on /admin/branding: the colour pickers repaint the sample card and button as
// they change. Without this script, "See the preview" shows the same thing from the server.
(function () {
  "use strict";
  var form = document.querySelector("[data-branding-form]");
  if (!form) { return; }
  var preview = form.querySelector("[data-branding-preview]");
  var colour = /^#[0-9a-fA-F]{6}$/;
  function follow(name, property) {
    var input = form.querySelector("input[name='" + name + "']");
    if (!input) { return; }
    input.addEventListener("input", function () {
      if (colour.test(input.value)) { preview.style.setProperty(property, input.value); }
    });
  }
  follow("primary", "--preview-primary");
  follow("secondary", "--preview-accent");
}());
