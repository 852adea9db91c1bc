// Zone ranking: the zones' values as horizontal bars, best at the top, with the snapshot
// compared with as a faint bar (data from <script type="application/json" id="ranking-data">).
(function () {
  "use strict";
  var source = document.getElementById("ranking-data");
  var holder = document.getElementById("ranking-chart");
  if (!source || !holder || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // ECharts draws a category axis bottom-up: reverse so that rank 1 is on top.
  var names = data.names.slice().reverse();
  var values = data.values.slice().reverse();
  var previous = data.previous.slice().reverse();
  holder.style.height = Math.max(300, 28 * names.length + 80) + "px";
  var chart = echarts.init(holder, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0 },
    grid: { left: 8, right: 56, top: 32, bottom: 16, containLabel: true },
    xAxis: { type: "value", axisLabel: { formatter: data.percent ? "{value}%" : "{value}" } },
    yAxis: { type: "category", data: names },
    series: [
      {
        name: data.label,
        type: "bar",
        data: values,
        itemStyle: { color: "#1d4e89" },
        label: { show: true, position: "right", formatter: data.percent ? "{c}%" : "{c}" },
      },
      {
        name: data.previous_label,
        type: "bar",
        data: previous,
        barGap: "-100%",
        z: 1,
        itemStyle: { color: "rgba(242, 178, 51, 0.35)" },
      },
    ],
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
