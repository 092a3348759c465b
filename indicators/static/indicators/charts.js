// Draws every .fz-chart from the JSON its page embeds with json_script (no inline script: CSP).
document.addEventListener("DOMContentLoaded", function () {
  if (typeof echarts === "undefined") { return; }
  document.querySelectorAll(".fz-chart").forEach(function (el) {
    var source = document.getElementById(el.dataset.chartId);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    el.style.height = "320px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var many = data.series.length > 1;
    // Narrow screens (phones) and many categories: slant the labels and cut long names.
    var narrow = el.clientWidth < 600;
    var slant = data.categories.length > 6 || (narrow && data.categories.length > 2);
    chart.setOption({
      animation: false,
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { show: many, bottom: 0 },
      // The unit sits above the axis, below the title: room for both on a phone.
      grid: { left: 48, right: 16, top: 64, bottom: many ? 48 : 32, containLabel: true },
      xAxis: {
        type: "category",
        data: data.categories,
        axisLabel: { interval: 0, rotate: slant ? 30 : 0, width: narrow ? 80 : 160, overflow: "truncate" },
      },
      yAxis: { type: "value", name: data.unit },
      series: data.series.map(function (s, i) {
        return { name: s.name, type: i === 0 ? "bar" : "line", data: s.data, label: { show: !many, position: "top" } };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.rendered = "1";
  });
});
