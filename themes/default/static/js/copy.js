/* A "copy" button on each code block: progressive enhancement (without it, the page reads
   the same). Loaded, deferred, only on pages with code; its labels are on the script tag. */
(function (script) {
  if (!navigator.clipboard || !script) return;
  var label = script.getAttribute("data-copy"), done = script.getAttribute("data-copied");
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  // All reads first, then all writes: reading a pre's style after wrapping the one before
  // it made the browser recompute styles once per block (a 150 ms task on a slow phone).
  var blocks = Array.prototype.map.call(document.querySelectorAll("main pre"), function (pre) {
    var style = getComputedStyle(pre);
    return [pre, [style.marginTop, style.marginRight, style.marginBottom, style.marginLeft].join(" ")];
  });
  blocks.forEach(function (block) {
    var pre = block[0], box = document.createElement("div"), button = document.createElement("button");
    box.className = "code-block";
    // The box takes the pre's margins (and the pre none), so that wrapping moves nothing:
    // on a busy device this runs after the first paint, and a pre that was the last child
    // of an FAQ answer (its margin removed) used to push everything below it down.
    box.style.margin = block[1];
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
