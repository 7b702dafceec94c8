// Search page: Pagefind's JS API behind a small accessible UI (query, filters, results).
// The index and pagefind.js live in the site's own pagefind/ folder: nothing loads from
// another host. Without JavaScript the page explains that search needs it.
const root = document.getElementById("search");
const form = document.querySelector(".search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const LIMIT = 30;
let pagefind = null;

function say(text) {
  status.textContent = text;
}

function checkedFilters() {
  const filters = {};
  for (const set of root.querySelectorAll("fieldset[data-filter]")) {
    const values = [...set.querySelectorAll("input:checked")].map((box) => box.value);
    if (values.length) filters[set.dataset.filter] = { any: values };
  }
  return filters;
}

// Pagefind marks matches with <mark> in an excerpt of escaped text: rebuild it as nodes so
// nothing else in it can become markup.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html").body;
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

function resultItem(data) {
  const item = document.createElement("li");
  const card = document.createElement("article");
  card.className = "card";
  const title = document.createElement("h2");
  title.className = "card-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  title.append(link);
  card.append(title);
  if (data.meta.date) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = data.meta.date;
    card.append(meta);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "summary";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  card.append(excerpt);
  item.append(card);
  return item;
}

async function run() {
  const query = input.value.trim();
  const filters = checkedFilters();
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    say("");
    return;
  }
  const search = await pagefind.debouncedSearch(query || null, { filters }, 200);
  if (search === null) return; // a newer keystroke superseded this search
  const found = await Promise.all(search.results.slice(0, LIMIT).map((r) => r.data()));
  list.replaceChildren(...found.map(resultItem));
  say(found.length ? root.dataset.found.replace("{n}", search.results.length) : root.dataset.nothing);
}

function addFilters(counts) {
  for (const set of root.querySelectorAll("fieldset[data-filter]")) {
    const values = counts[set.dataset.filter] || {};
    const names = Object.keys(values).sort((a, b) => a.localeCompare(b));
    const options = set.querySelector(".filter-options");
    for (const [n, name] of names.entries()) {
      const id = `filter-${set.dataset.filter}-${n}`;
      const box = Object.assign(document.createElement("input"), { type: "checkbox", id, value: name });
      const label = Object.assign(document.createElement("label"), { htmlFor: id });
      label.append(`${name} `);
      const count = Object.assign(document.createElement("span"), { className: "count" });
      count.textContent = `(${values[name]})`;
      label.append(count);
      const row = document.createElement("div");
      row.append(box, label);
      options.append(row);
      box.addEventListener("change", run);
    }
    set.hidden = names.length === 0;
  }
}

async function start() {
  root.hidden = false;
  const filters = root.querySelector(".search-filters");
  if (filters && matchMedia("(max-width: 40rem)").matches) filters.open = false; // room for results
  root.dataset.state = "loading";
  say(root.dataset.loading);
  try {
    pagefind = await import(`${root.dataset.bundle}pagefind.js`);
    await pagefind.options({ baseUrl: root.dataset.base });
    addFilters(await pagefind.filters());
  } catch {
    root.dataset.state = "unavailable";
    say(root.dataset.unavailable);
    return;
  }
  say("");
  const asked = new URL(location.href).searchParams.get("q");
  if (asked !== null) input.value = asked;
  input.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  root.dataset.state = "ready";
  if (input.value.trim()) run();
}

start();
