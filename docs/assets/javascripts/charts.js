/*
 * Live charts. Each figure (macros/figure.py) holds a Vega spec, compiled from Vega-Lite at build
 * time, in its data-spec attribute, and a static SVG that shows until the live chart is drawn.
 *
 * The static SVG is a complete picture, so the live chart never competes with the page for the
 * main thread while it loads (issue 20: a phone must answer the reader's first tap):
 * - Nothing of Vega runs at load. When the browser is idle after the load event, the runtime is
 *   only downloaded (a prefetch: no main-thread work), so that it is at hand.
 * - The runtime is run, and charts are drawn, once the reader reaches for a chart: the pointer
 *   over one (or a touch), keyboard focus inside a figure, or the page scrolled. From then on, in
 *   this document (instant navigation keeps it), charts near the window are drawn as they come.
 * - One chart per task: compiling a chart's dataflow and rendering it are separate tasks, and
 *   the script yields to the browser (scheduler.yield, else a zero timeout) between them, so
 *   input is handled in between; the chart the reader reached for goes first, then those on
 *   screen, then those near it.
 * - Sits at the start of the page content (overrides/main.html) and follows Material's document$
 *   observable: after every instant navigation it watches the new page's charts; views of pages
 *   left behind are finalized (no leaked listeners). Material runs this script again on each
 *   chart page; only the first run sets things up.
 * - Draws a chart at the size of its box, and hides the static SVG only after the live chart has
 *   rendered without error (the static SVG stays for print and on failure).
 * - Follows the palette: on Material's slate scheme the data-dark patches apply (dark theme
 *   colours from macros/theme.py); toggling the palette redraws the live charts.
 * - Tooltips: a small handler of our own (textContent only, so data never becomes markup).
 */
(function () {
  "use strict";
  if (window.cmCharts) return;

  var CHARTS = ".cm-chart[data-spec]";
  var FIGURE = ".cm-figure";
  var runtimeUrl = new URL(document.currentScript.dataset.runtime, location.href).href;
  var runtime = null; // Promise of the vega module
  var awake = false; // the reader has reached for a chart: draw charts near the window
  var watched = new Set(); // chart elements seen on the current page
  var live = new Map(); // chart element -> { view, holder, scheme, width, height }
  var drawing = new Map(); // chart element -> Promise of the draw in progress
  var queue = []; // charts waiting for their turn, drawn one per task
  var draining = null; // Promise of the queue being drawn
  var tip = null; // the tooltip element
  var NEAR = 400; // px: charts this close to the window are drawn
  var near = new IntersectionObserver(onNear, { rootMargin: NEAR + "px 0px" });
  var resized = new ResizeObserver(onResize);

  /* Give the browser its turn (input, rendering) before the next piece of chart work. */
  function yieldToBrowser() {
    if (window.scheduler && typeof window.scheduler.yield === "function") {
      return window.scheduler.yield();
    }
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  /* The runtime, run once per document: a script of our own (fetched from the prefetch, if the
     browser was idle long enough to make it). */
  function loadRuntime() {
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        if (window.vega) return resolve(window.vega);
        var script = document.createElement("script");
        script.src = runtimeUrl;
        script.addEventListener("load", function () {
          window.vega ? resolve(window.vega) : reject(new Error("no vega in " + runtimeUrl));
        });
        script.addEventListener("error", function () {
          runtime = null; // try again on the next chart
          script.remove();
          reject(new Error("could not load " + runtimeUrl));
        });
        document.head.appendChild(script);
      });
    }
    return runtime;
  }

  /* Download the runtime without running it, once the page has loaded and the browser is idle. */
  function prefetchWhenIdle() {
    var prefetch = function () {
      if (runtime || document.querySelector('link[rel="prefetch"][href="' + runtimeUrl + '"]')) {
        return;
      }
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.as = "script";
      link.href = runtimeUrl;
      document.head.appendChild(link);
    };
    var whenIdle = function () {
      if (window.requestIdleCallback) requestIdleCallback(prefetch, { timeout: 3000 });
      else setTimeout(prefetch, 1000);
    };
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  }

  /* The reader reached for a chart (or scrolled): from now on draw charts near the window,
     ``first`` (the chart reached for) before the others. */
  function wake(first) {
    if (first && !live.has(first)) enqueue(first, true);
    if (!awake) {
      awake = true;
      removeEventListener("scroll", onScroll);
      watched.forEach(function (el) { near.observe(el); });
    }
    drain();
  }

  function onScroll() {
    wake(null);
  }

  /* Pointer, touch or keyboard focus on a figure: its chart. */
  function onReach(event) {
    var figure = event.target instanceof Element && event.target.closest(FIGURE);
    var el = figure && figure.querySelector(CHARTS);
    if (!el) return;
    watch(el);
    wake(el);
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

  /* Put a chart in the queue (``first``: at its head); drain() draws it. */
  function enqueue(el, first) {
    var at = queue.indexOf(el);
    if (at >= 0) {
      if (!first) return;
      queue.splice(at, 1);
    }
    if (first) queue.unshift(el);
    else queue.push(el);
  }

  /* Draw the queued charts one after the other, each in tasks of its own. */
  function drain() {
    if (!draining && queue.length) {
      draining = loadRuntime().then(function next(vega) {
        var el = queue.shift();
        if (!el) return;
        return yieldToBrowser().then(function () { return render(el, vega); })
          .then(function () { return next(vega); });
      }).catch(function (error) {
        queue.forEach(failed);
        queue = [];
        console.error("The chart runtime could not be loaded; showing the static images.",
                      error);
      }).finally(function () {
        draining = null;
        if (queue.length) drain();
      });
    }
    return draining || Promise.resolve();
  }

  function render(el, vega) {
    if (!drawing.has(el)) {
      drawing.set(el, draw(el, vega).finally(function () { drawing.delete(el); }));
    }
    return drawing.get(el);
  }

  /* Compile the chart's dataflow (one task), then render it into a hidden holder (the next). */
  function draw(el, vega) {
    if (!el.isConnected) return Promise.resolve();
    var palette = scheme();
    var view = null, holder = null, box = null;
    return Promise.resolve().then(function () {
      // The box's size from the start (as the resize observer would set it): one render, not
      // two. Read before the holder is added, so that the page is laid out once, not twice.
      box = el.getBoundingClientRect();
      if (!box.width || !box.height) return near.observe(el); // hidden (closed tab)
      var dataflow = vega.parse(specFor(el, palette));
      return yieldToBrowser().then(function () {
        if (!el.isConnected) return;
        holder = document.createElement("div");
        holder.className = "cm-chart__live";
        el.appendChild(holder);
        view = new vega.View(dataflow, {
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
          if (palette !== scheme()) enqueue(el, false); // the palette changed meanwhile
        });
      });
    }).catch(function (error) {
      if (view) view.finalize();
      if (holder) holder.remove();
      failed(el);
      console.error("Chart " + el.dataset.chart + " could not be drawn; showing the static image.",
                    error);
    });
  }

  function failed(el) {
    el.classList.add("is-failed");
  }

  function drop(entry) {
    resized.unobserve(entry.holder);
    entry.view.finalize();
    entry.holder.remove();
  }

  /* Charts that came near the window: queued, those on screen first. */
  function onNear(entries) {
    var coming = entries.filter(function (entry) { return entry.isIntersecting; });
    coming.forEach(function (entry) { near.unobserve(entry.target); });
    coming.filter(function (entry) { return onScreen(entry.boundingClientRect); })
      .concat(coming.filter(function (entry) { return !onScreen(entry.boundingClientRect); }))
      .forEach(function (entry) {
        if (!live.has(entry.target)) enqueue(entry.target, false);
      });
    drain();
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

  /* Watch a chart: once the reader has reached for one, it is drawn when it comes near. */
  function watch(el) {
    if (watched.has(el)) return;
    watched.add(el);
    if (awake) near.observe(el);
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
    queue = queue.filter(function (el) { return el.isConnected; });
    watchCharts();
    if (watched.size) prefetchWhenIdle();
  }

  function onPalette() {
    var palette = scheme();
    live.forEach(function (entry, el) {
      if (entry.scheme !== palette) enqueue(el, false);
    });
    drain();
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
      watched.forEach(function (el) {
        near.unobserve(el);
        if (!live.has(el)) enqueue(el, false);
      });
      awake = true;
      return drain();
    }
  };

  new MutationObserver(onPalette).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"]
  });
  // The reader reaching for a chart, or moving through the page.
  ["pointerover", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, onReach, { capture: true, passive: true });
  });
  addEventListener("scroll", onScroll, { passive: true });
  watchCharts();
  prefetchWhenIdle();
  if (document.readyState === "loading") {
    // The page is still parsing: watch the charts the parser adds after this script.
    document.addEventListener("DOMContentLoaded", watchCharts, { once: true });
  }
  if (window.document$) window.document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", function () {
    window.document$.subscribe(onPage);
  }, { once: true });
})();
