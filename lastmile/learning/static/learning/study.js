/* Study time: while the item page is open and visible, report every N seconds how long it was
   visible since the last report. The server credits at most the real time between reports and
   never more than the item's cap; a hidden page reports nothing. */
(function () {
  "use strict";
  var box = document.getElementById("study");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-beat-url");
  var every = (parseInt(box.getAttribute("data-beat-seconds"), 10) || 30) * 1000;
  var csrf = box.getAttribute("data-csrf");
  var clock = box.querySelector("[data-role=clock]");
  var status = box.querySelector("[data-role=status]");
  var bar = box.querySelector("progress");
  var done = box.querySelector("[data-role=course-done]");
  var timer = null;
  var last = Date.now();

  function show(data) {
    if (!data || data.error) { return; }
    if (clock) {
      var s = data.seconds % 60;
      clock.textContent = Math.floor(data.seconds / 60) + ":" + (s < 10 ? "0" : "") + s;
    }
    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    if (data.completed) {
      if (done) { done.hidden = false; }
      if (status) { status.textContent = "✓ " + (box.getAttribute("data-done-text") || status.textContent); }
    }
  }

  function send(start) {
    var now = Date.now();
    var seconds = start ? 0 : Math.round((now - last) / 1000);
    last = now;
    var body = "seconds=" + seconds + (start ? "&start=1" : "");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: body
    }).then(function (r) { return r.ok ? r.json() : null; }).then(show).catch(function () {});
  }

  function begin() {
    if (timer !== null) { return; }
    last = Date.now();
    send(true);
    timer = window.setInterval(function () { send(false); }, every);
  }

  function pause() {
    if (timer === null) { return; }
    window.clearInterval(timer);
    timer = null;
    send(false);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { pause(); } else { begin(); }
  });
  window.addEventListener("pagehide", pause);
  if (!document.hidden) { begin(); }
}());
