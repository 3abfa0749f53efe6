// Mermaid diagrams (see generator/markdown/fences.py): loaded only by pages that have one.
// Draws them with the theme's own copy of Mermaid, static/js/mermaid.min.js (from the npm
// package `mermaid`, dist/mermaid.min.js); without it the diagram's source stays readable.
const script = document.createElement("script");
script.src = new URL("mermaid.min.js", import.meta.url).href;
script.onload = () => {
  const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
  window.mermaid.run({ querySelector: "pre.mermaid" });
};
script.onerror = () => console.info("aiblog: no static/js/mermaid.min.js; diagrams stay as text");
document.head.append(script);
