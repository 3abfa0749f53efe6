// The search page (/search/) on Pagefind's JS API. Everything it loads is on this site:
// pagefind.js and the index under pagefind/ (written by aiblog at build time).
//
// The form is a plain GET form: ?q= (and ?tag=, ?category=, ?language=) in the URL run a
// search on load, typing runs it again, and the URL follows so that a search can be shared.

const root = document.getElementById("search");
const form = root.querySelector("form");
const input = root.querySelector("#search-q");
const status = root.querySelector(".search-status[role=status]");
const list = root.querySelector(".search-results");
const more = root.querySelector(".search-more");
const filterBox = root.querySelector(".search-filters");
const FILTERS = ["tag", "category", "language"]; // as the theme's search_meta.html names them
const PAGE_SIZE = 20;
const text = (template, values) =>
  template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));

let pagefind = null;
let shown = []; // results of the current search not yet rendered
let latest = 0; // number of the newest search: older answers are dropped

// The index is split into shards (pagefind/00/, pagefind/01/, …: see generator/search.py),
// listed in pagefind/shards.json; the first is searched with the others merged into it.
async function load() {
  try {
    const listing = await fetch(`${root.dataset.bundle}shards.json`, { cache: "no-cache" });
    const [first, ...others] = (await listing.json()).shards;
    const base = { baseUrl: root.dataset.base };
    pagefind = await import(`${root.dataset.bundle}${first}/pagefind.js`);
    await pagefind.options({ ...base, bundlePath: `${root.dataset.bundle}${first}/`, excerptLength: 36 });
    for (const shard of others) await pagefind.mergeIndex(`${root.dataset.bundle}${shard}/`, base);
    await pagefind.init();
    return true;
  } catch (error) {
    console.error(error);
    status.textContent = root.dataset.unavailable;
    return false;
  }
}

function languageName(code) {
  try {
    const names = new Intl.DisplayNames([document.documentElement.lang], { type: "language" });
    return names.of(code) || code;
  } catch {
    return code;
  }
}

// One group of checkboxes per filter (tags, categories, languages), each value with its count.
function renderFilters(available, chosen) {
  for (const name of FILTERS) {
    const values = Object.entries(available[name] || {}).sort((a, b) => b[1] - a[1]);
    if (values.length < 2 && !(chosen[name] || []).length) continue; // nothing to choose
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    summary.textContent = legend.textContent = root.dataset[`label${name[0].toUpperCase()}${name.slice(1)}`];
    fieldset.append(legend);
    for (const [value, count] of values) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = (chosen[name] || []).includes(value);
      const shownName = name === "language" ? languageName(value) : value;
      label.append(box, ` ${shownName} `);
      const small = document.createElement("span");
      small.className = "search-count";
      small.textContent = `(${count})`;
      label.append(small);
      fieldset.append(label);
    }
    details.open = (chosen[name] || []).length > 0;
    details.append(summary, fieldset);
    filterBox.append(details);
  }
  filterBox.hidden = filterBox.children.length === 0;
}

function chosenFilters() {
  const chosen = {};
  for (const box of filterBox.querySelectorAll("input:checked")) {
    (chosen[box.name] ||= []).push(box.value);
  }
  return chosen;
}

function syncUrl(query, chosen) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, values] of Object.entries(chosen)) {
    for (const value of values) params.append(name, value);
  }
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

async function renderMore() {
  const batch = shown.splice(0, PAGE_SIZE);
  const number = latest;
  const data = await Promise.all(batch.map((result) => result.data()));
  if (number !== latest) return;
  for (const result of data) {
    const item = document.createElement("li");
    item.className = "search-result";
    const link = document.createElement("a");
    link.className = "search-result-title";
    link.href = result.url;
    link.textContent = result.meta.title || result.url;
    item.append(link);
    if (result.meta.date) {
      const date = document.createElement("span");
      date.className = "search-result-date";
      date.textContent = result.meta.date;
      item.append(" ", date);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    excerpt.innerHTML = result.excerpt; // Pagefind escapes it; only its <mark>s are markup
    item.append(excerpt);
    list.append(item);
  }
  more.hidden = shown.length === 0;
}

async function run() {
  const number = ++latest;
  const query = input.value.trim();
  const chosen = chosenFilters();
  syncUrl(query, chosen);
  const filters = Object.fromEntries(
    Object.entries(chosen).map(([name, values]) => [name, { any: values }]),
  );
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    return;
  }
  const search = await pagefind.search(query || null, { filters });
  if (number !== latest) return; // a newer search is under way
  list.replaceChildren();
  shown = [...search.results];
  const found = shown.length;
  await renderMore();
  if (number !== latest) return;
  // Announced (role=status) once the first results are on the page.
  status.textContent = found
    ? text(root.dataset.results, { n: found })
    : text(root.dataset.none, { q: query });
}

async function start() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  if (!(await load())) return;
  const chosen = {};
  for (const name of FILTERS) chosen[name] = params.getAll(name);
  renderFilters(await pagefind.filters(), chosen);
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  filterBox.addEventListener("change", run);
  more.addEventListener("click", () => {
    const next = list.children.length;
    renderMore().then(() => list.children[next]?.querySelector("a")?.focus());
  });
  if (input.value || Object.values(chosen).some((values) => values.length)) await run();
}

start();
