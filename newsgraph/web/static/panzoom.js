// Pan (drag) and zoom (wheel, buttons) of the network picture by changing its viewBox.
(function () {
  var svg = document.querySelector("svg.network");
  if (!svg) return;
  var start = svg.viewBox.baseVal, box = [start.x, start.y, start.width, start.height], first = box.slice(), drag = null;
  function apply() { svg.setAttribute("viewBox", box.join(" ")); }
  function zoom(factor) {
    var cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
    box[2] *= factor; box[3] *= factor; box[0] = cx - box[2] / 2; box[1] = cy - box[3] / 2; apply();
  }
  svg.addEventListener("wheel", function (e) { e.preventDefault(); zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15); }, { passive: false });
  svg.addEventListener("pointerdown", function (e) { drag = [e.clientX, e.clientY]; svg.setPointerCapture(e.pointerId); });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var scale = box[2] / svg.getBoundingClientRect().width;
    box[0] -= (e.clientX - drag[0]) * scale; box[1] -= (e.clientY - drag[1]) * scale; drag = [e.clientX, e.clientY]; apply();
  });
  svg.addEventListener("pointerup", function () { drag = null; });
  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var value = button.getAttribute("data-zoom");
      if (value === "reset") { box = first.slice(); apply(); } else { zoom(parseFloat(value)); }
    });
  });
})();
