/*
 * Language switcher: always lead to this page in the other language.
 *
 * Each page's <head> lists its counterparts as <link rel="alternate" hreflang="...">, and the
 * switcher in the header is rendered with the same links. Material's instant navigation swaps the
 * page content and the <head> tags but keeps the header, so after one click the switcher would
 * still point at the counterparts of the first page. Re-point it after every page change.
 * target="_self" makes switching a full page load (instant navigation skips such links), so the
 * header, navigation, search language and <html lang> all change with the language.
 */
document$.subscribe(function () {
  var links = document.querySelectorAll(".md-select__link[hreflang]");
  for (var i = 0; i < links.length; i++) {
    var link = links[i];
    var alternate = document.head.querySelector(
      'link[rel="alternate"][hreflang="' + link.getAttribute("hreflang") + '"]');
    if (alternate) link.href = alternate.href;
    link.target = "_self";
  }
});
