// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".fz-filters select, .fz-filters input").forEach(function (el) {
    if (el.tagName === "SELECT") { el.classList.add("form-select", "form-select-sm"); }
    else if (el.type !== "checkbox") { el.classList.add("form-control", "form-control-sm"); }
  });
  // A form marked data-geolocate fills its latitude/longitude/accuracy_m fields from the
  // browser's position when the user allows it (扫码入企); without it the form still submits.
  document.querySelectorAll("form[data-geolocate]").forEach(function (form) {
    var status = form.querySelector("[data-geo-status]");
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var c = pos.coords;
      var set = function (name, value) {
        var input = form.querySelector("input[name=" + name + "]");
        if (input) { input.value = value; }
      };
      set("latitude", c.latitude.toFixed(6));
      set("longitude", c.longitude.toFixed(6));
      set("accuracy_m", Math.round(c.accuracy));
      if (status) { status.textContent = "到场位置已获取（误差约" + Math.round(c.accuracy) + "米），提交时一并记录。"; }
    }, function () {
      if (status) { status.textContent = "未能获取位置（未允许定位或无信号）：仍可核验，只记录时间。"; }
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
  // An error summary is read first: move to it so the user sees what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
