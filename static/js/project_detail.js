// Project page: the monthly figures chart (data from <script type="application/json">).
(function () {
  "use strict";
  var holder = document.getElementById("figures-chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    // Rich-text tooltips are drawn on the canvas; HTML ones would need inline styles (CSP).
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0 },
    grid: { left: 56, right: 48, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.labels },
    yAxis: [
      { type: "value", name: "" },
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    ],
    series: [
      { name: data.names.monthly, type: "bar", data: data.monthly, itemStyle: { color: "#1d4e89" } },
      { name: data.names.cumulative, type: "line", data: data.cumulative, itemStyle: { color: "#f2b233" } },
      {
        name: data.names.progress,
        type: "line",
        yAxisIndex: 1,
        data: data.progress,
        itemStyle: { color: "#2e8b57" },
        lineStyle: { type: "dashed" },
      },
    ],
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
