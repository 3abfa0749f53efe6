/* A "copy" button on each code block: progressive enhancement (without it, the page reads
   the same). Loaded, deferred, only on pages with code; its labels are on the script tag. */
(function (script) {
  if (!navigator.clipboard || !script) return;
  var label = script.getAttribute("data-copy"), done = script.getAttribute("data-copied");
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  document.querySelectorAll("main pre").forEach(function (pre) {
    var box = document.createElement("div"), button = document.createElement("button");
    var style = getComputedStyle(pre);
    box.className = "code-block";
    // The box takes the pre's margins (and the pre none), so that wrapping moves nothing:
    // on a busy device this runs after the first paint, and a pre that was the last child
    // of an FAQ answer (its margin removed) used to push everything below it down.
    box.style.margin = [style.marginTop, style.marginRight, style.marginBottom, style.marginLeft].join(" ");
    pre.style.margin = "0";
    pre.parentNode.insertBefore(box, pre);
    box.appendChild(pre);
    button.type = "button";
    button.className = "copy-button";
    button.textContent = label;
    box.appendChild(button);
    button.addEventListener("click", function () {
      var copy = pre.cloneNode(true);
      copy.querySelectorAll(".linenos").forEach(function (n) { n.remove(); });
      navigator.clipboard.writeText(copy.textContent).then(function () {
        button.textContent = status.textContent = done;
        button.setAttribute("data-copied", "");
        setTimeout(function () {
          button.textContent = label;
          status.textContent = "";
          button.removeAttribute("data-copied");
        }, 2000);
      });
    });
  });
})(document.currentScript);
