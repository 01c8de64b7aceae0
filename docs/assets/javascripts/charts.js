/*
 * Live charts. Each figure (macros/figure.py) holds a Vega spec, compiled from Vega-Lite at build
 * time, in its data-spec attribute, and a static SVG that shows until the live chart is drawn.
 *
 * - Sits at the start of the page content (overrides/main.html). On a full page load it runs
 *   while the page is still parsing and draws each chart near the window as soon as the parser
 *   has added it, so the first charts are live before the rest of the page has arrived.
 * - Then follows Material's document$ observable: after every instant navigation it watches the
 *   new page's charts; views of pages left behind are finalized (no leaked listeners). Material
 *   runs this script again on each chart page; only the first run sets things up.
 * - Uses the Vega runtime (data-runtime on this script's tag, content-hashed): on a full page
 *   load the template loads it too, asynchronously from the <head>; otherwise this script loads
 *   it, once.
 * - Draws a chart only when it comes near the window (those on screen first), at the size of
 *   its box, and hides the static SVG only after the live chart has rendered without error (the
 *   static SVG stays for print and on failure).
 * - Follows the palette: on Material's slate scheme the data-dark patches apply (dark theme
 *   colours from macros/theme.py); toggling the palette redraws the charts.
 * - Tooltips: a small handler of our own (textContent only, so data never becomes markup).
 */
(function () {
  "use strict";
  if (window.cmCharts) return;

  var CHARTS = ".cm-chart[data-spec]";
  var runtimeUrl = new URL(document.currentScript.dataset.runtime, location.href).href;
  var runtime = null; // Promise of the vega module
  var watched = new Set(); // chart elements seen on the current page
  var live = new Map(); // chart element -> { view, holder, scheme, width, height }
  var drawing = new Map(); // chart element -> Promise of the draw in progress
  var tip = null; // the tooltip element
  var NEAR = 400; // px: charts this close to the window are drawn
  var belowWindow = false; // while the page loads: a chart below the window has been seen
  var near = new IntersectionObserver(onNear, { rootMargin: NEAR + "px 0px" });
  var resized = new ResizeObserver(onResize);

  /* The runtime: already there, the template's <script async> of this full page load (still
     loading), or a script of our own. After an instant navigation a runtime tag in the <head>
     may be one Material copied from the new page, which never runs: only trust it while the page
     is loading. */
  function loadRuntime() {
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        if (window.vega) return resolve(window.vega);
        var script = document.readyState === "complete" ? null :
          Array.from(document.scripts).find(function (el) { return el.src === runtimeUrl; });
        if (!script) {
          script = document.createElement("script");
          script.src = runtimeUrl;
          document.head.appendChild(script);
        }
        script.addEventListener("load", function () {
          window.vega ? resolve(window.vega) : reject(new Error("no vega in " + runtimeUrl));
        });
        script.addEventListener("error", function () {
          runtime = null; // try again on the next chart
          reject(new Error("could not load " + runtimeUrl));
        });
      });
    }
    return runtime;
  }

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "slate" : "default";
  }

  /* The element's Vega spec for a palette: the dark patches are [path, value] (set) or
     [path] (delete), computed at build time from the spec compiled with the dark theme. */
  function specFor(el, palette) {
    var spec = JSON.parse(el.dataset.spec);
    if (palette === "slate") {
      JSON.parse(el.dataset.dark || "[]").forEach(function (patch) {
        var path = patch[0], node = spec, last = path[path.length - 1];
        for (var i = 0; i < path.length - 1; i++) node = node[path[i]];
        if (patch.length > 1) node[last] = patch[1];
        else delete node[last];
      });
    }
    return spec;
  }

  function render(el) {
    if (!drawing.has(el)) {
      drawing.set(el, draw(el).finally(function () { drawing.delete(el); }));
    }
    return drawing.get(el);
  }

  function draw(el) {
    var palette = scheme();
    return loadRuntime().then(function (vega) {
      if (!el.isConnected) return;
      // The box's size from the start (as the resize observer would set it): one render, not
      // two. Read before the holder is added, so that the page is laid out once, not twice.
      var box = el.getBoundingClientRect();
      if (!box.width || !box.height) return near.observe(el); // hidden (closed tab)
      var holder = document.createElement("div");
      holder.className = "cm-chart__live";
      el.appendChild(holder);
      var view = new vega.View(vega.parse(specFor(el, palette)), {
        renderer: "svg", container: holder, hover: true, tooltip: showTooltip
      }).width(box.width).height(box.height);
      return view.runAsync().then(function () {
        var old = live.get(el);
        if (old) drop(old);
        if (!el.isConnected) return view.finalize();
        live.set(el, { view: view, holder: holder, scheme: palette, width: box.width,
                       height: box.height });
        resized.observe(holder);
        holder.classList.add("is-ready");
        el.classList.add("is-live");
        if (palette !== scheme()) setTimeout(render, 0, el); // the palette changed meanwhile
      }, function (error) {
        view.finalize();
        holder.remove();
        throw error;
      });
    }).catch(function (error) {
      el.classList.add("is-failed");
      console.error("Chart " + el.dataset.chart + " could not be drawn; showing the static image.",
                    error);
    });
  }

  function drop(entry) {
    resized.unobserve(entry.holder);
    entry.view.finalize();
    entry.holder.remove();
  }

  /* Charts that came near the window: those on screen first. */
  function onNear(entries) {
    var coming = entries.filter(function (entry) { return entry.isIntersecting; });
    coming.forEach(function (entry) { near.unobserve(entry.target); });
    coming.filter(function (entry) { return onScreen(entry.boundingClientRect); })
      .concat(coming.filter(function (entry) { return !onScreen(entry.boundingClientRect); }))
      .forEach(function (entry) { render(entry.target); });
  }

  function onScreen(box) {
    return box.top < innerHeight && box.bottom > 0;
  }

  /* A chart box changed size (window resized, sidebar toggled): fit the view to it. */
  function onResize(entries) {
    entries.forEach(function (entry) {
      var box = entry.contentRect;
      live.forEach(function (item) {
        if (item.holder !== entry.target || box.width <= 0 || box.height <= 0) return;
        if (Math.abs(box.width - item.width) < 0.5 && Math.abs(box.height - item.height) < 0.5) {
          return; // the size it was drawn at (the observer's first report)
        }
        item.width = box.width;
        item.height = box.height;
        item.view.width(box.width).height(box.height).runAsync();
      });
    });
  }

  /* Watch a chart. While the page is still loading, one near the window is drawn at once: the
     intersection observer would only report it at the next rendering update, which the parser
     may hold back for a long time. Once a chart lies below the window, the ones the parser adds
     after it do too: they are left to the observer without measuring each. */
  function watch(el) {
    if (watched.has(el)) return;
    watched.add(el);
    if (document.readyState === "loading" && !belowWindow) {
      var box = el.getBoundingClientRect();
      belowWindow = box.top >= innerHeight + NEAR;
      if (!belowWindow && box.bottom > -NEAR) return render(el);
    }
    near.observe(el);
  }

  function watchCharts() {
    document.querySelectorAll(CHARTS).forEach(watch);
  }

  /* A new page: forget charts that left with the old one, watch the new ones. */
  function onPage() {
    hideTooltip();
    live.forEach(function (entry, el) {
      if (!el.isConnected) {
        drop(entry);
        live.delete(el);
      }
    });
    watched.forEach(function (el) {
      if (!el.isConnected) {
        near.unobserve(el);
        watched.delete(el);
      }
    });
    if (document.querySelector(CHARTS)) loadRuntime().catch(function () {});
    watchCharts();
  }

  function onPalette() {
    var palette = scheme();
    live.forEach(function (entry, el) {
      if (entry.scheme !== palette) render(el);
    });
  }

  function showTooltip(handler, event, item, value) {
    if (value === null || value === undefined || value === "") return hideTooltip();
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "cm-tooltip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.replaceChildren();
    if (typeof value === "object") {
      var rows = Object.keys(value).filter(function (key) { return key !== "title"; });
      if (value.title !== undefined) tip.appendChild(part("div", "cm-tooltip__title", value.title));
      var table = document.createElement("table");
      rows.forEach(function (key) {
        var row = document.createElement("tr");
        row.appendChild(part("th", "", key));
        row.appendChild(part("td", "", value[key]));
        table.appendChild(row);
      });
      if (rows.length) tip.appendChild(table);
    } else {
      tip.textContent = String(value);
    }
    tip.hidden = false;
    var gap = 14, width = tip.offsetWidth, height = tip.offsetHeight;
    var x = event.clientX + gap, y = event.clientY + gap;
    if (x + width > window.innerWidth - 4) x = Math.max(4, event.clientX - gap - width);
    if (y + height > window.innerHeight - 4) y = Math.max(4, event.clientY - gap - height);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  function part(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = typeof text === "object" && text !== null ? JSON.stringify(text)
      : String(text);
    return node;
  }

  function hideTooltip() {
    if (tip) tip.hidden = true;
  }

  /* For tests and the console: the live views, and a way to draw every chart now. */
  window.cmCharts = {
    live: live,
    renderAll: function () {
      return Promise.all(Array.from(watched).map(function (el) {
        near.unobserve(el);
        return live.has(el) ? null : render(el);
      }));
    }
  };

  loadRuntime().catch(function () {});
  new MutationObserver(onPalette).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"]
  });
  if (document.readyState === "loading") {
    // The page is still parsing: pick up each chart as the parser adds it.
    var parsing = new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1 && node.matches(CHARTS)) watch(node);
        });
      });
    });
    parsing.observe(document.body, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () {
      parsing.disconnect();
      watchCharts();
    }, { once: true });
  }
  watchCharts();
  if (window.document$) window.document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", function () {
    window.document$.subscribe(onPage);
  }, { once: true });
})();
