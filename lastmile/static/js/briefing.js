/* Briefing charts: ECharts bar/pie/column from the json_script block "briefing-charts".
   No inline script (CSP); each chart is a <div class="chart" data-chart="key" data-kind="…">. */
(function () {
  "use strict";
  var source = document.getElementById("briefing-charts");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#0b4f8a", "#b3261e", "#1c6b33", "#6b4a00", "#5b3f8f", "#00727a", "#8a4b08", "#4a5560"];

  function bar(series) {
    var labels = series.labels.slice(0, 12).reverse();
    var values = series.values.slice(0, 12).reverse();
    return {
      color: palette, grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: labels, axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", data: values, barMaxWidth: 28, label: { show: true, position: "right" } }]
    };
  }
  function column(series) {
    return {
      color: ["#b3261e"], grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: series.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: series.values, barMaxWidth: 56, label: { show: true, position: "top" } }]
    };
  }
  function pie(series) {
    return {
      color: palette, tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{
        type: "pie", radius: ["35%", "65%"], label: { formatter: "{b}\n{c}" },
        data: series.labels.map(function (name, i) { return { name: name, value: series.values[i] }; })
      }]
    };
  }
  var kinds = { bar: bar, column: column, pie: pie };
  var charts = [];
  document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
    var series = data[el.dataset.chart];
    if (!series || !series.values.length) { el.classList.add("chart-empty"); return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption((kinds[el.dataset.kind] || bar)(series));
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
