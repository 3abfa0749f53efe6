// Click-to-load players (see generator/markdown/embeds.py): the page shows a link to the
// video; a click replaces it with the player, so no request leaves the site before that.
for (const link of document.querySelectorAll("a[data-embed-src]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.src = link.dataset.embedSrc;
    frame.title = link.dataset.embedTitle || "";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.closest(".embed").replaceChildren(frame);
    frame.focus();
  });
}
