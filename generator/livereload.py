"""The browser side of `aiblog serve`: a script injected into served HTML (never written
into the built site). It listens to Server-Sent Events, reloads after a good rebuild
(keeping the scroll position) and shows an overlay with `path:line: message` after a bad one."""

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
  let epoch = null;
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
      if (state.error) { overlay(state.error); return; }
      if (epoch !== null && state.epoch !== epoch) {
        sessionStorage.setItem(key, String(scrollY));
        location.reload();
        return;
      }
      epoch = state.epoch;
      overlay(null);
    });
    source.onerror = () => { source.close(); setTimeout(connect, 1000); };
  }
  connect();
})();
</script>
""".replace("__EVENTS__", EVENTS_PATH)


def inject(html: bytes) -> bytes:
    marker = b"</body>"
    at = html.rfind(marker)
    script = SCRIPT.encode()
    return html[:at] + script + html[at:] if at != -1 else html + script
