// digest serve: reloads the page after a rebuild, swaps changed stylesheets, shows build errors.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__digestReload) return;
  // Connection state, for the curious (and for tests that must not edit before it is open).
  var state = (window.__digestReload = { connected: false, server: null });

  var endpoint = script.src.replace(/reload\.js([?#].*)?$/, ""); // .../<base>/__digest__/
  var basePath = new URL(endpoint).pathname.replace(/__digest__\/$/, "");
  var servedFile = script.getAttribute("data-file") || "";
  var scrollKey = "digest:scroll:" + location.pathname;
  var english = (document.documentElement.lang || "").slice(0, 2) !== "ru";
  var text = english
    ? {
        title: "Build error",
        close: "Dismiss",
        goneTitle: "Page gone",
        gone: "This page is no longer in the site: its file was renamed or removed.",
      }
    : {
        title: "Ошибка сборки",
        close: "Закрыть",
        goneTitle: "Страницы больше нет",
        gone: "Этой страницы больше нет на сайте: её файл переименован или удалён.",
      };

  // ---- scroll position across reloads -------------------------------------------------
  function saveScroll() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* storage disabled: the page reloads at the top */ }
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) { return; }
    if (!saved) return;
    var xy = JSON.parse(saved);
    var apply = function () { window.scrollTo(xy[0], xy[1]); };
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    apply();
    if (document.readyState !== "complete") window.addEventListener("load", apply);
  }

  // ---- which pages a rebuild concerns ---------------------------------------------------
  function sitePath(url) {
    // The output-relative file a URL on this server is served from, or null.
    var parsed = new URL(url, location.href);
    if (parsed.origin !== location.origin) return null;
    var path;
    try { path = decodeURIComponent(parsed.pathname); } catch (e) { return null; }
    if (path.indexOf(basePath) !== 0) return null;
    path = path.slice(basePath.length);
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }

  function concernsPage(paths) {
    var changed = new Set(paths);
    if (changed.has(servedFile) || changed.has(sitePath(location.href))) return true;
    // Images, scripts and other files this page uses.
    var used = document.querySelectorAll("img[src], script[src], source[src], link[href], video[src]");
    for (var i = 0; i < used.length; i++) {
      var file = sitePath(used[i].getAttribute("src") || used[i].getAttribute("href"));
      if (file && changed.has(file)) return true;
    }
    return false;
  }

  function swapStylesheets(paths) {
    var changed = new Set(paths);
    var links = Array.prototype.slice.call(document.querySelectorAll('link[rel~="stylesheet"]'));
    var chosen = links.filter(function (link) { return changed.has(sitePath(link.href)); });
    // A changed file no link names (an @import) means every stylesheet is fetched again.
    (chosen.length ? chosen : links).forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("digest-reload", Date.now().toString(36));
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      // The old sheet stays until the new one has loaded, so the page never flashes unstyled.
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { link.remove(); });
      link.after(fresh);
    });
  }

  // ---- the error overlay ----------------------------------------------------------------
  var overlay = null;

  function makeOverlay() {
    var host = document.createElement("digest-error-overlay");
    host.hidden = true;
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = endpoint + "overlay.css";
    var box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "digest-error-title");
    box.setAttribute("aria-describedby", "digest-error-list");
    box.tabIndex = -1;
    var title = document.createElement("h2");
    title.id = "digest-error-title";
    var list = document.createElement("ul");
    list.id = "digest-error-list";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = text.close;
    close.addEventListener("click", hideOverlay);
    box.append(title, list, close);
    root.append(style, box);
    host.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hideOverlay();
    });
    document.documentElement.appendChild(host);
    return { host: host, title: title, list: list, close: close, before: null };
  }

  function showOverlay(data, title) {
    overlay = overlay || makeOverlay();
    overlay.title.textContent = title || text.title;
    var errors = data.errors && data.errors.length ? data.errors : [{ message: data.message }];
    overlay.list.textContent = "";
    errors.forEach(function (error) {
      var item = document.createElement("li");
      if (error.file) {
        var where = document.createElement("code");
        where.className = "file";
        where.textContent = error.file + (error.line ? ":" + error.line : "");
        item.append(where, document.createElement("br"));
      }
      var why = document.createElement("span");
      why.className = "message";
      why.textContent = error.message;
      item.append(why);
      overlay.list.append(item);
    });
    if (overlay.host.hidden) {
      overlay.before = document.activeElement;
      overlay.host.hidden = false;
    }
    overlay.close.focus();
  }

  function hideOverlay() {
    if (!overlay || overlay.host.hidden) return;
    overlay.host.hidden = true;
    // Focus goes back where the reader was before the overlay took it.
    if (overlay.before && overlay.before.focus) overlay.before.focus();
    overlay.before = null;
  }

  function reloadPage() {
    saveScroll();
    if (servedFile === "404.html") { location.reload(); return; }
    // A renamed or deleted page would reload into a 404: say so and keep the old text instead.
    fetch(location.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
      if (response.status === 404) showOverlay({ message: text.gone }, text.goneTitle);
      else location.reload();
    }, function () { location.reload(); });
  }

  // ---- the event stream, reconnecting with back-off --------------------------------------
  var delay = 500;
  var source = null;

  function connect() {
    var current = (source = new EventSource(endpoint + "events"));
    current.addEventListener("open", function () { delay = 500; });
    current.addEventListener("hello", function (event) {
      var id = JSON.parse(event.data).server;
      // A restarted server may have rebuilt a different site while this tab waited.
      if (state.server !== null && state.server !== id) reloadPage();
      state.server = id;
      state.connected = true;
    });
    current.addEventListener("reload", function (event) {
      var data = JSON.parse(event.data);
      hideOverlay();
      if (data.css_only) swapStylesheets(data.paths);
      else if (concernsPage(data.paths)) reloadPage();
    });
    current.addEventListener("error", function (event) {
      if (typeof event.data === "string") { showOverlay(JSON.parse(event.data)); return; }
      state.connected = false;
      // The connection failed. EventSource retries by itself unless it gave up (CLOSED,
      // e.g. another program answered on the port): then try again, waiting longer each time.
      if (current.readyState === EventSource.CLOSED) {
        current.close();
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      }
    });
  }

  // A tab being left closes its stream at once, rather than when the server next writes.
  window.addEventListener("pagehide", function () { if (source) source.close(); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) connect(); });

  restoreScroll();
  connect();
})();
