/*
 * Language switcher: always lead to this page in the other language.
 *
 * English pages live at the site root and their Chinese counterparts under zh/ at the same path
 * (a page not yet translated is built there in English), so the counterpart of any page follows
 * from its address. The switcher is rendered with the right links, but Material's instant
 * navigation swaps the page content and keeps the header, so after one click it would still
 * point at the counterparts of the first page: re-point it after every page change.
 * target="_self" makes switching a full page load (instant navigation skips such links), so the
 * header, navigation, search language and <html lang> all change with the language.
 */
(function () {
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href);  // the site root
  var prefixes = { zh: "zh/" };  // locale -> path prefix; English has none

  function counterparts() {
    var path = decodeURI(location.pathname).slice(decodeURI(root.pathname).length);
    for (var lang in prefixes)
      if (path.indexOf(prefixes[lang]) === 0) path = path.slice(prefixes[lang].length);
    var links = { en: new URL(encodeURI(path), root).href };
    for (var other in prefixes) links[other] = new URL(encodeURI(prefixes[other] + path), root).href;
    return links;
  }

  document$.subscribe(function () {
    var links = counterparts();
    var items = document.querySelectorAll(".md-select__link[hreflang]");
    for (var i = 0; i < items.length; i++) {
      var href = links[items[i].getAttribute("hreflang")];
      if (href) items[i].href = href;
      items[i].target = "_self";
    }
  });
})();
