/*
 * Lastmile maps — plain ES2017 over the vendored Leaflet 1.9 (no build step, no CDN, no inline JS).
 *
 * Include (after Leaflet):
 *   <link rel="stylesheet" href="{% static 'vendor/leaflet/leaflet.css' %}">
 *   <link rel="stylesheet" href="{% static 'css/map.css' %}">
 *   <script src="{% static 'vendor/leaflet/leaflet.js' %}" defer></script>
 *   <script src="{% static 'js/map.js' %}" defer></script>
 *
 * Progressive enhancement: a map element starts `hidden` and is shown only when this script runs,
 * so without JavaScript the page keeps its form and its list. Every element with `data-map` is
 * turned into a map on DOMContentLoaded:
 *   data-map="pick"   the raise page: tapping drops a pin, fills the inputs named by
 *                     data-lat-input / data-lng-input, asks data-locate-url for the grid, shows it
 *                     in #data-found and selects it in #data-area-select; a "use my location"
 *                     button (#data-locate-button) appears when the browser can locate.
 *   data-map="board"  the public board: concerns from data-points-url, grouped by point.
 *   data-map="desk"   one concern at the desk: data-points-url (desk.json?code=…), its grid
 *                     (data-area-id) highlighted.
 * All modes draw the grids from data-grids-url (/insight/geo/grids.json), whose "map" member
 * carries the tile source. No tile source, or tiles that fail to load: the grids and points are
 * still drawn as vectors on a plain background.
 *
 * API (for other pages, e.g. the briefing's heat map):
 *   LastmileMap.heat(el, points, options) → Promise<L.Map>
 *     points:  [{lat, lng, weight}] or [[lat, lng, weight]] (weight optional, default 1)
 *     options: {gridsUrl (default el.dataset.gridsUrl or "/insight/geo/grids.json"),
 *               radius: largest circle in metres (default 300), color (default "#b3261e"),
 *               label: function(point) → tooltip text (optional)}
 *     Draws one weighted circle per point (area and opacity grow with the weight) over the grids.
 *   LastmileMap.init(el) → Promise<L.Map|null>   enhance one data-map element (e.g. after htmx).
 */
(function () {
  "use strict";

  var DEFAULT_GRIDS = "/insight/geo/grids.json";
  var STATUS_COLOURS = {
    closed: "#1c6b33",
    replied: "#0b4f8a",
    answered: "#0b4f8a",
    reopened: "#a3141c",
    objected: "#a3141c",
  };

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
        return response.json();
      }
    );
  }

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function addTiles(map, conf, el) {
    if (!conf.tile_url) {
      el.classList.add("lm-map-plain");
      return;
    }
    var failures = 0;
    var options = {
      subdomains: conf.subdomains || "abc",
      key: conf.key || "",
      attribution: conf.attribution || "",
      maxZoom: conf.max_zoom || 18,
    };
    var layer = L.tileLayer(conf.tile_url, options).addTo(map);
    layer.on("tileerror", function () {
      failures += 1;
      if (failures >= 4) el.classList.add("lm-map-plain", "lm-map-offline");
    });
    if (conf.overlay_url) L.tileLayer(conf.overlay_url, options).addTo(map);
  }

  function gridStyle(highlightId) {
    return function (feature) {
      var on = highlightId && String(feature.properties.id) === String(highlightId);
      return {
        color: on ? "#b3261e" : "#0b4f8a",
        weight: on ? 3 : 1.5,
        fillColor: on ? "#b3261e" : "#0b4f8a",
        fillOpacity: on ? 0.15 : 0.06,
      };
    };
  }

  function drawGrids(map, data, highlightId) {
    var layer = L.geoJSON(data, {
      style: gridStyle(highlightId),
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        shape.bindTooltip((p.community ? p.community + " · " : "") + p.name, { sticky: true });
      },
    }).addTo(map);
    return layer;
  }

  /* Create the map for an element from the grids document; resolves {map, grids}. */
  function base(el, gridsUrl, highlightId) {
    return getJSON(gridsUrl).then(function (data) {
      var conf = data.map || {};
      var card = el.closest("[data-map-card]");
      if (card) card.hidden = false;
      el.hidden = false;
      el.classList.add("lm-map");
      var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25, maxZoom: conf.max_zoom || 18 });
      map.attributionControl.setPrefix(false);
      addTiles(map, conf, el);
      var grids = drawGrids(map, data, highlightId);
      var bounds = grids.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
      else map.setView(conf.centre || [28.2, 112.93], conf.zoom || 13);
      el.lastmileMap = map;
      return { map: map, grids: grids };
    });
  }

  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  /* ---- raise: drop a pin ---------------------------------------------------------------- */

  function pick(el) {
    var d = el.dataset;
    var latInput = byId(d.latInput);
    var lngInput = byId(d.lngInput);
    var found = byId(d.found);
    var select = byId(d.areaSelect);
    var locateButton = byId(d.locateButton);
    var tools = byId(d.tools);
    return base(el, d.gridsUrl).then(function (ctx) {
      var map = ctx.map;
      var pin = null;
      var asked = 0;

      function say(message) {
        if (found) found.textContent = message;
      }

      function place(latlng) {
        var lat = Number(latlng.lat.toFixed(6));
        var lng = Number(latlng.lng.toFixed(6));
        if (pin) pin.setLatLng([lat, lng]);
        else
          pin = L.circleMarker([lat, lng], {
            radius: 10,
            color: "#fff",
            weight: 3,
            fillColor: "#b3261e",
            fillOpacity: 1,
          }).addTo(map);
        if (latInput) latInput.value = String(lat);
        if (lngInput) lngInput.value = String(lng);
        el.dataset.pinned = "1";
        var ticket = (asked += 1);
        say(d.labelLocating || "…");
        var url = d.locateUrl + "?lat=" + encodeURIComponent(lat) + "&lng=" + encodeURIComponent(lng);
        getJSON(url)
          .then(function (answer) {
            if (ticket !== asked) return; // a later tap won
            var grid = answer.grid;
            if (!grid) {
              say(d.labelOutside || "");
              return;
            }
            say((d.labelFound || "") + " " + (grid.community ? grid.community + " · " : "") + grid.name);
            if (select && select.querySelector('option[value="' + grid.id + '"]')) {
              select.value = String(grid.id);
              select.dispatchEvent(new Event("change", { bubbles: true }));
            }
          })
          .catch(function () {
            if (ticket === asked) say(d.labelFailed || "");
          });
      }

      map.on("click", function (event) {
        place(event.latlng);
      });
      if (latInput && lngInput && latInput.value && lngInput.value) {
        var start = L.latLng(Number(latInput.value), Number(lngInput.value));
        place(start);
        map.setView(start, Math.max(map.getZoom(), 15));
      }
      if (tools) tools.hidden = false;
      if (locateButton && navigator.geolocation) {
        locateButton.hidden = false;
        locateButton.addEventListener("click", function () {
          say(d.labelLocating || "…");
          navigator.geolocation.getCurrentPosition(
            function (position) {
              var here = L.latLng(position.coords.latitude, position.coords.longitude);
              place(here);
              map.setView(here, Math.max(map.getZoom(), 16));
            },
            function () {
              say(d.labelNoPosition || "");
            },
            { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
          );
        });
      }
      return map;
    });
  }

  /* ---- board and desk: concerns as points ----------------------------------------------- */

  function popupFor(items) {
    var box = document.createElement("div");
    box.className = "lm-popup";
    var list = document.createElement("ul");
    items.slice(0, 10).forEach(function (p) {
      var li = document.createElement("li");
      var link = text("a", p.title || p.code);
      link.href = p.url;
      li.appendChild(link);
      li.appendChild(text("span", " " + (p.status_label || ""), "lm-status"));
      list.appendChild(li);
    });
    box.appendChild(list);
    if (items.length > 10) box.appendChild(text("p", "+" + (items.length - 10), "lm-more"));
    return box;
  }

  function colourOf(items) {
    var open = items.some(function (p) {
      return !STATUS_COLOURS[p.status] || p.status === "reopened" || p.status === "objected";
    });
    return open ? "#c25e00" : STATUS_COLOURS[items[0].status] || "#0b4f8a";
  }

  function drawPoints(map, features, options) {
    var groups = {};
    features.forEach(function (f) {
      var c = f.geometry.coordinates;
      var key = c[1].toFixed(5) + "," + c[0].toFixed(5);
      (groups[key] = groups[key] || { latlng: [c[1], c[0]], items: [] }).items.push(f.properties);
    });
    var layer = L.featureGroup();
    Object.keys(groups).forEach(function (key) {
      var g = groups[key];
      var focus = g.items.some(function (p) {
        return p.focus;
      });
      var marker = L.circleMarker(g.latlng, {
        radius: focus ? 11 : Math.min(22, 7 + 3 * Math.sqrt(g.items.length)),
        color: "#fff",
        weight: 2,
        fillColor: focus ? "#b3261e" : colourOf(g.items),
        fillOpacity: 0.9,
      });
      if (g.items.length > 1 && !options.quiet) {
        marker.bindTooltip(String(g.items.length), {
          permanent: true,
          direction: "center",
          className: "lm-count",
        });
      } else {
        marker.bindTooltip(g.items.length > 1 ? String(g.items.length) : g.items[0].title || "");
      }
      marker.bindPopup(popupFor(g.items));
      layer.addLayer(marker);
    });
    return layer.addTo(map);
  }

  function points(el) {
    var d = el.dataset;
    return base(el, d.gridsUrl, d.areaId).then(function (ctx) {
      return getJSON(d.pointsUrl).then(function (data) {
        var layer = drawPoints(ctx.map, data.features || [], { quiet: d.map === "desk" });
        var focus = (data.features || []).filter(function (f) {
          return f.properties.focus;
        })[0];
        if (focus) {
          var c = focus.geometry.coordinates;
          ctx.map.setView([c[1], c[0]], Math.max(ctx.map.getZoom(), 15));
        } else if (!ctx.grids.getBounds().isValid() && layer.getBounds().isValid()) {
          ctx.map.fitBounds(layer.getBounds(), { padding: [16, 16] });
        }
        if (d.count) {
          var counter = byId(d.count);
          if (counter) counter.textContent = String((data.features || []).length);
        }
        return ctx.map;
      });
    });
  }

  /* ---- heat (briefing) ------------------------------------------------------------------ */

  function heat(el, list, options) {
    options = options || {};
    var gridsUrl = options.gridsUrl || el.dataset.gridsUrl || DEFAULT_GRIDS;
    var colour = options.color || "#b3261e";
    var radius = options.radius || 300;
    var rows = (list || []).map(function (p) {
      return Array.isArray(p)
        ? { lat: +p[0], lng: +p[1], weight: p.length > 2 ? +p[2] : 1, raw: p }
        : { lat: +p.lat, lng: +p.lng, weight: p.weight == null ? 1 : +p.weight, raw: p };
    });
    var top = rows.reduce(function (m, p) {
      return Math.max(m, p.weight);
    }, 0);
    return base(el, gridsUrl).then(function (ctx) {
      var layer = L.featureGroup();
      rows.forEach(function (p) {
        if (!isFinite(p.lat) || !isFinite(p.lng) || !(p.weight > 0)) return;
        var share = top > 0 ? p.weight / top : 0;
        var circle = L.circle([p.lat, p.lng], {
          radius: Math.max(radius * 0.15, radius * Math.sqrt(share)),
          stroke: false,
          fillColor: colour,
          fillOpacity: 0.15 + 0.5 * share,
        });
        var label = options.label ? options.label(p.raw) : String(p.weight);
        if (label) circle.bindTooltip(label);
        layer.addLayer(circle);
      });
      layer.addTo(ctx.map);
      if (!ctx.grids.getBounds().isValid() && layer.getBounds().isValid()) {
        ctx.map.fitBounds(layer.getBounds(), { padding: [16, 16] });
      }
      return ctx.map;
    });
  }

  /* ---- start ---------------------------------------------------------------------------- */

  function init(el) {
    if (!window.L || el.lastmileMap || el.dataset.mapStarted) return Promise.resolve(null);
    el.dataset.mapStarted = "1";
    var mode = el.dataset.map;
    var started = mode === "pick" ? pick(el) : mode === "board" || mode === "desk" ? points(el) : null;
    if (!started) return Promise.resolve(null);
    return started.catch(function (error) {
      // The page works without the map: keep it hidden and say why in the console (as a warning).
      el.hidden = true;
      var card = el.closest("[data-map-card]");
      if (card) card.hidden = true;
      if (window.console) console.warn("map unavailable:", error && error.message);
      return null;
    });
  }

  window.LastmileMap = { init: init, heat: heat };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
