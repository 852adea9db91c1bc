// Region and zone dashboards: draw the charts from <script type="application/json"
// id="dashboard-data">. Every chart's numbers are also in a table on the page.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var dark = document.body.classList.contains("zt-screen");
  var theme = dark ? "dark" : null;
  // On the wall display, chart text is as large as the page's (1rem: 16 px at 1080p, 32 px at
  // 2160p) and the palette is lighter, to read on dark panels from across a room.
  var fontSize = dark ? parseFloat(window.getComputedStyle(document.documentElement).fontSize) : 12;
  // The page's own fonts: a canvas does not inherit, and takes a font it cannot parse
  // ("inherit") for its 10 px default.
  var fontFamily = window.getComputedStyle(document.body).fontFamily;
  var palette = dark
    ? ["#5b9bd5", "#f2b233", "#3cb371", "#a9bad0", "#ff6b6b", "#b197fc"]
    : ["#1d4e89", "#f2b233", "#2e8b57", "#8a96a8", "#d63939", "#6f42c1"];
  var charts = [];

  // A series colour, lighter on the wall display's dark panels.
  function ink(normal, onDark) {
    return dark ? onDark : normal;
  }

  function init(id) {
    var holder = document.getElementById(id);
    if (!holder) {
      return null;
    }
    var chart = echarts.init(holder, theme, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  // Shared options: rich-text tooltips are drawn on the canvas (HTML ones would need inline
  // styles, which the CSP refuses); no animation, so screenshots and prints are complete.
  function base(extra) {
    var option = {
      animation: false,
      backgroundColor: "transparent",
      color: palette,
      tooltip: { trigger: "axis", renderMode: "richText" },
      textStyle: { fontFamily: fontFamily, fontSize: fontSize },
    };
    Object.keys(extra).forEach(function (key) {
      option[key] = extra[key];
    });
    return dark ? large(option) : option;
  }

  // Every text of a chart at the page's size: ECharts gives legends, axes and labels 12 px
  // of their own, whatever the global text style says.
  function large(option) {
    function sized(style) {
      var copy = {};
      Object.keys(style || {}).forEach(function (key) {
        copy[key] = style[key];
      });
      copy.fontSize = fontSize;
      return copy;
    }
    function each(value, apply) {
      return Array.isArray(value) ? value.map(apply) : apply(value);
    }
    function axis(spec) {
      spec.axisLabel = sized(spec.axisLabel);
      spec.nameTextStyle = sized(spec.nameTextStyle);
      return spec;
    }
    if (option.legend) {
      option.legend.textStyle = sized(option.legend.textStyle);
      option.legend.itemWidth = fontSize * 1.6;
      option.legend.itemHeight = fontSize * 0.9;
    }
    ["xAxis", "yAxis"].forEach(function (key) {
      if (option[key]) {
        option[key] = each(option[key], axis);
      }
    });
    (option.series || []).forEach(function (series) {
      series.label = sized(series.label);
      if (series.lineStyle && series.lineStyle.width) {
        series.lineStyle.width *= fontSize / 16;
      }
      if (series.markLine) {
        series.markLine.label = sized(series.markLine.label);
      }
    });
    option.tooltip.textStyle = sized(option.tooltip.textStyle);
    return option;
  }

  // A money axis in 亿元 (Chinese) or millions (English) once its sums pass that unit, else in
  // 万元, the unit of the values.
  function moneyAxis(series) {
    var largest = 0;
    series.forEach(function (values) {
      values.forEach(function (value) {
        largest = Math.max(largest, Math.abs(value || 0));
      });
    });
    var units = data.units;
    var large = largest >= units.divisor;
    return {
      type: "value",
      name: large ? units.large : units.small,
      axisLabel: {
        formatter: function (value) {
          return large ? String(Math.round((value / units.divisor) * 100) / 100) : String(value);
        },
      },
    };
  }

  var funnel = init("funnel-chart");
  if (funnel) {
    funnel.setOption(
      base({
        tooltip: { trigger: "item", renderMode: "richText" },
        series: [
          {
            type: "funnel",
            sort: "none",
            left: "8%",
            right: "8%",
            top: 8,
            bottom: 8,
            minSize: "18%",
            gap: 2,
            label: { show: true, position: "inside", formatter: "{b}  {c}", color: "#fff" },
            data: data.funnel.names.map(function (name, index) {
              return { name: name, value: data.funnel.values[index] };
            }),
          },
        ],
      })
    );
  }

  var monthly = init("monthly-chart");
  if (monthly) {
    var m = data.monthly;
    monthly.setOption(
      base({
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: fontSize * 3, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: m.labels },
        yAxis: moneyAxis([m.completed, m.cumulative, m.plan, m.last_year]),
        series: [
          { name: m.names.completed, type: "bar", data: m.completed, itemStyle: { color: ink("#8fb3de", "#35608f") } },
          { name: m.names.cumulative, type: "line", data: m.cumulative, symbolSize: 6, itemStyle: { color: ink("#1d4e89", "#5b9bd5") }, lineStyle: { width: 3 } },
          { name: m.names.plan, type: "line", data: m.plan, showSymbol: false, itemStyle: { color: "#f2b233" }, lineStyle: { type: "dashed", width: 2 } },
          { name: m.names.last_year, type: "line", data: m.last_year, connectNulls: true, showSymbol: false, itemStyle: { color: ink("#8a96a8", "#a9bad0") }, lineStyle: { type: "dotted", width: 2 } },
        ],
      })
    );
  }

  var trend = init("trend-chart");
  var picker = document.getElementById("trend-metric");
  function drawTrend() {
    var metric = data.trend.metrics[picker ? picker.value : "start_or_resume_rate"];
    var scale = metric.rate ? 100 : 1;
    function scaled(values) {
      return values.map(function (value) {
        return value === null ? null : Math.round(value * scale * 100) / 100;
      });
    }
    trend.setOption(
      base({
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: fontSize * 3, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.trend.labels },
        yAxis: metric.rate
          ? { type: "value", axisLabel: { formatter: "{value}%" } }
          : metric.money
            ? moneyAxis([metric.this, metric.last])
            : { type: "value", minInterval: 1 },
        series: [
          { name: data.trend.years[0], type: "line", data: scaled(metric.this), connectNulls: true, symbolSize: 7, itemStyle: { color: ink("#1d4e89", "#5b9bd5") }, lineStyle: { width: 3 } },
          { name: data.trend.years[1], type: "line", data: scaled(metric.last), connectNulls: true, itemStyle: { color: ink("#8a96a8", "#a9bad0") }, lineStyle: { type: "dashed" } },
        ],
      }),
      true
    );
  }
  if (trend && data.trend) {
    drawTrend();
    if (picker) {
      picker.addEventListener("change", drawTrend);
    }
  }

  // The reds and yellows in force at each month's end (the stored lights).
  var lightTrend = init("light-trend-chart");
  if (lightTrend && data.light_trend) {
    var l = data.light_trend;
    lightTrend.setOption(
      base({
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: fontSize * 3, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: l.labels },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: l.names.red, type: "line", data: l.red, symbolSize: 7, itemStyle: { color: ink("#d63939", "#ff6b6b") }, lineStyle: { width: 3 } },
          { name: l.names.yellow, type: "line", data: l.yellow, symbolSize: 7, itemStyle: { color: "#f2b233" }, lineStyle: { width: 3 } },
        ],
      })
    );
  }

  var breakdown = init("breakdown-chart");
  if (breakdown && data.breakdown) {
    var b = data.breakdown;
    breakdown.setOption(
      base({
        legend: { top: 0 },
        grid: { left: 8, right: fontSize * 4, top: fontSize * 3, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: b.names, axisLabel: { interval: 0, rotate: b.names.length > 8 ? 30 : 0 } },
        yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        series: [
          { name: b.series.start_or_resume_rate, type: "bar", data: b.start_or_resume_rate, itemStyle: { color: ink("#2e8b57", "#3cb371") } },
          {
            name: b.series.investment_completion_rate,
            type: "bar",
            data: b.investment_completion_rate,
            itemStyle: { color: ink("#1d4e89", "#5b9bd5") },
            // The time progress: bars below it lag (时间过半任务过半).
            markLine: {
              symbol: "none",
              silent: true,
              lineStyle: { color: "#f2b233", width: 2, type: "solid" },
              label: { formatter: data.time_progress + "%", position: "end" },
              data: [{ yAxis: data.time_progress }],
            },
          },
        ],
      })
    );
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) {
      chart.resize();
    });
  });
  // Printing shows every table, folded or not.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (details) {
      details.open = true;
    });
  });
  document.body.dataset.chartsReady = String(charts.length);
})();
