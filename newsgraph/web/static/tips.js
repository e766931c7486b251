// Highlights in an article carry data-tip: hovering or focusing one shows it in #tip (role=tooltip)
// and points the element's aria-describedby at it. The native title stays as the fallback without
// this script; with it the title is moved to data-tip only, so two tooltips do not show at once.
(function () {
  var tip = document.getElementById("tip");
  if (!tip) return;
  document.querySelectorAll("[data-tip][title]").forEach(function (el) { el.removeAttribute("title"); });
  function show(el) {
    tip.textContent = el.getAttribute("data-tip");
    tip.hidden = false;
    var box = el.getBoundingClientRect();
    var left = Math.max(4, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4));
    tip.style.left = left + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
    el.setAttribute("aria-describedby", "tip");
  }
  function hide(el) { tip.hidden = true; if (el) el.removeAttribute("aria-describedby"); }
  function target(event) { return event.target.closest ? event.target.closest("[data-tip]") : null; }
  document.addEventListener("mouseover", function (e) { var el = target(e); if (el) show(el); });
  document.addEventListener("mouseout", function (e) { var el = target(e); if (el) hide(el); });
  document.addEventListener("focusin", function (e) { var el = target(e); if (el) show(el); });
  document.addEventListener("focusout", function (e) { var el = target(e); if (el) hide(el); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(document.activeElement); });
})();
