"""The browser side of `aiblog serve`: a script injected into served HTML (never written
into the built site). It listens to Server-Sent Events, reloads after a good rebuild
(keeping the scroll position) and shows an overlay with `path:line: message` after a bad one.

Each page carries the number of the build it was served from, so that it knows a newer
one whatever events it saw first: a page opened while the build is broken (its first event
is an error) still reloads once the fix is built."""

from __future__ import annotations

EVENTS_PATH = "/__aiblog/events"

SCRIPT = """<script id="aiblog-livereload">
(() => {
  const key = "aiblog-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, parseInt(saved, 10)));
  }
  const served = __EPOCH__;  // the build this page is from
  function overlay(errors) {
    let box = document.getElementById("aiblog-error-overlay");
    if (!errors) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "aiblog-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);" +
        "color:#ffd7d7;font:15px/1.6 ui-monospace,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "aiblog: the last rebuild failed; serving the previous build.\\n\\n" + errors;
  }
  function connect() {
    const source = new EventSource("__EVENTS__");
    source.addEventListener("build", (event) => {
      const state = JSON.parse(event.data);
      if (state.epoch !== served) {  // a newer good build (perhaps broken again since)
        sessionStorage.setItem(key, String(scrollY));
        location.reload();
        return;
      }
      overlay(state.error);
    });
    source.onerror = () => { source.close(); setTimeout(connect, 1000); };
  }
  connect();
})();
</script>
""".replace("__EVENTS__", EVENTS_PATH)


def inject(html: bytes, epoch: int) -> bytes:
    """`html` with the script, told that the page is from build number `epoch`."""
    marker = b"</body>"
    at = html.rfind(marker)
    script = SCRIPT.replace("__EPOCH__", str(int(epoch))).encode()
    return html[:at] + script + html[at:] if at != -1 else html + script
