// Ranking bar chart (coloured by band) and the trend of the leading rows, with ECharts.
(function () {
  var node = document.getElementById("score-data");
  if (!node || !window.echarts) return;
  var d = JSON.parse(node.textContent);
  var colour = { green: "#2e9d4b", amber: "#e0a800", red: "#d33a4b", "": "#9aa5b1" };
  var bar = document.getElementById("score-chart");
  if (bar && d.names.length) {
    echarts.init(bar).setOption({
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100 },
      yAxis: { type: "category", inverse: true, data: d.names, axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", data: d.totals.map(function (v, i) {
        return { value: v, itemStyle: { color: colour[d.bands[i]] } };
      }), label: { show: true, position: "right" } }],
      tooltip: { trigger: "axis" }
    });
  }
  var trend = document.getElementById("score-trend");
  if (trend && d.trends.length) {
    echarts.init(trend).setOption({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { type: "scroll", top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.periods },
      yAxis: { type: "value", min: 0, max: 100 },
      series: d.trends.map(function (t) { return { name: t.name, type: "line", data: t.data, connectNulls: false }; })
    });
  }
})();
