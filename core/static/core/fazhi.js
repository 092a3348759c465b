// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".fz-filters select, .fz-filters input").forEach(function (el) {
    if (el.tagName === "SELECT") { el.classList.add("form-select", "form-select-sm"); }
    else if (el.type !== "checkbox") { el.classList.add("form-control", "form-control-sm"); }
  });
});
