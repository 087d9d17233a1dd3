/* Stations list: "Nearest to me first" asks the browser for the place (Permissions-Policy
   allows geolocation on this site only) and reloads the list sorted by distance. */
(function () {
  "use strict";
  var button = document.getElementById("near-me");
  if (!button || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      location.search = "?lat=" + p.coords.latitude.toFixed(5) + "&lng=" + p.coords.longitude.toFixed(5);
    });
  });
})();
