// Progressive enhancement of the skill and interest pickers (templates/macros/pickers.html):
// a filter box above each list hides the options that do not match and the families left
// empty. Without this script every option is shown, grouped by family.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function enhance(picker, index) {
    var legend = picker.querySelector("legend");
    var label = document.createElement("label");
    var input = document.createElement("input");
    var none = document.createElement("p");
    input.type = "search";
    input.id = "picker-filter-" + index;
    input.className = "picker-filter";
    label.htmlFor = input.id;
    label.textContent = picker.getAttribute("data-filter-label");
    none.textContent = picker.getAttribute("data-none-label");
    none.hidden = true;
    none.setAttribute("role", "status");
    legend.insertAdjacentElement("afterend", label);
    label.insertAdjacentElement("afterend", input);
    input.insertAdjacentElement("afterend", none);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      picker.querySelectorAll("li").forEach(function (item) {
        var box = item.querySelector("input");
        var match = !wanted || box.checked || fold(item.textContent).indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      picker.querySelectorAll(".picker-group").forEach(function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      none.hidden = shown > 0;
    });
  }
  document.querySelectorAll("[data-picker]").forEach(enhance);
}());
