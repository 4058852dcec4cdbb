/*
 * search.js: the search page (tim-kiem/). Runs the query with Pagefind's JavaScript API
 * over the index built with the site (plugins/cchc_search), and shows the results as the
 * listings show posts: title, date, unit and an excerpt with the matched words marked.
 *
 * Vietnamese folding. Pagefind 1.5 indexes each word without its combining marks and ranks
 * a page whose marks match the query first, so "thu tuc" finds "thủ tục" and NFD meets NFC.
 * It keeps Đ/đ apart from D/d (Unicode gives đ no decomposition). A Vietnamese đ only
 * starts a syllable, so each query word starting with d or đ is also tried with the other
 * letter. A word typed with marks ("đường", "dõi") is taken as meant: its swapped form ranks
 * after it. A word typed bare ("duong") is ambiguous: both forms rank by score alone.
 * See docs/search.md.
 *
 * Keyboard and screen readers: a plain form (Enter searches, the filters are selects), a
 * live status line with the number of results, result titles as h2 links, and "Xem thêm"
 * moves focus to the first new result.
 */

const PAGE_SIZE = 10;
const MAX_SWAPPED_WORDS = 4; // 2^4 = 16 searches at most
const SWAP = { d: "đ", đ: "d", D: "Đ", Đ: "D" };
const FILTERS = ["linh-vuc", "bo-phan", "nam"];

const form = document.getElementById("tim-kiem");
const input = form.elements.q;
const status = document.getElementById("tim-kiem-trang-thai");
const list = document.getElementById("tim-kiem-ket-qua");
const more = document.getElementById("tim-kiem-them");
const filterBox = document.getElementById("tim-kiem-bo-loc");

let pagefind = null;
let queue = Promise.resolve(); // one ranking at a time: rank() switches a Pagefind option on and off
let latest = 0; // the newest search: an older one finishing late is dropped
let ranked = [];
let shown = 0;

function loadPagefind() {
  pagefind ??= import(form.dataset.pagefind).then(async (module) => {
    await module.options({
      baseUrl: new URL(form.dataset.site, window.location.href).pathname,
      excerptLength: 30,
      // Pagefind's own boost for a word whose marks match the query exactly (default 0.8).
      ranking: { diacriticSimilarity: 1.0 },
    });
    await module.init();
    return module;
  }).catch((error) => {
    pagefind = null; // try again on the next search
    throw error;
  });
  return pagefind;
}

/* --- The query ---------------------------------------------------------------------- */

function marked(word) {
  return /[đĐ]/.test(word) || /\p{M}/u.test(word.normalize("NFD"));
}

/* The forms to try for one word, each with its cost: 1 when it changes what was typed on purpose. */
function forms(word) {
  const swapped = SWAP[word[0]];
  if (!swapped) return [{ text: word, cost: 0 }];
  return [{ text: word, cost: 0 }, { text: swapped + word.slice(1), cost: marked(word) ? 1 : 0 }];
}

/* Whether every word is in some page; Pagefind would drop a word that is in none and match too much. */
async function allFound(pf, words) {
  const found = await Promise.all(words.map((word) => pf.search(word).then((s) => s.results.length > 0)));
  return found.every(Boolean);
}

/* Every combination of the words' forms that the index can answer, with its total cost. */
async function variants(pf, words) {
  let swaps = 0;
  const choices = [];
  for (const word of words) {
    let options = forms(word);
    if (options.length > 1 && swaps < MAX_SWAPPED_WORDS) {
      swaps += 1;
      const found = await Promise.all(options.map((o) => pf.search(o.text).then((s) => s.results.length > 0)));
      options = options.filter((_, index) => found[index]);
      if (options.length === 0) options = [{ text: word, cost: 0 }];
    } else {
      options = options.slice(0, 1);
    }
    choices.push(options);
  }
  return choices.reduce(
    (all, options) => all.flatMap((v) => options.map((o) => ({ text: `${v.text} ${o.text}`.trim(), cost: v.cost + o.cost }))),
    [{ text: "", cost: 0 }],
  );
}

/*
 * The results in order. Tier 0: when the query has marks, the pages with every word exactly as
 * typed (Pagefind's exactDiacritics, so the excerpt marks those words). Then the folded matches,
 * the forms that change a typed letter last. Within a tier, Pagefind's score.
 */
async function rank(pf, query, filters) {
  if (!query) {
    // Filters alone: every matching post, newest first.
    return (await pf.search(null, { filters, sort: { date: "desc" } })).results;
  }
  const words = query.normalize("NFC").split(/\s+/).filter(Boolean);
  const best = new Map();
  const collect = (search, cost) => {
    for (const result of search.results) {
      const seen = best.get(result.id);
      if (!seen || cost < seen.cost || (cost === seen.cost && result.score > seen.result.score)) {
        best.set(result.id, { cost, result });
      }
    }
  };
  if (words.some(marked)) {
    await pf.options({ exactDiacritics: true });
    try {
      if (await allFound(pf, words)) collect(await pf.search(words.join(" "), { filters }), 0);
    } finally {
      await pf.options({ exactDiacritics: false });
    }
  }
  for (const variant of await variants(pf, words)) {
    collect(await pf.search(variant.text, { filters }), 1 + variant.cost);
  }
  return [...best.values()].sort((a, b) => a.cost - b.cost || b.result.score - a.result.score).map((v) => v.result);
}

/* --- The results -------------------------------------------------------------------- */

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/* Pagefind's excerpt is text with <mark> around matched words: keep the text and the marks only. */
function excerpt(html) {
  const target = element("p", "app-post-card__summary app-search__excerpt");
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") target.append(element("mark", "", node.textContent));
    else target.append(node.textContent);
  }
  return target;
}

function card(data) {
  const item = element("li");
  const article = element("article", "app-post-card");
  const heading = element("h2", "app-post-card__title");
  const link = element("a", "app-post-card__link", data.meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  article.append(heading);
  if (data.meta.date) {
    const meta = element("p", "app-post-card__meta");
    const time = element("time", "", data.meta.date);
    if (data.meta.datetime) time.dateTime = data.meta.datetime;
    meta.append(time);
    if (data.meta.unit) {
      const separator = element("span", "app-post-card__separator", "·");
      separator.setAttribute("aria-hidden", "true");
      meta.append(separator, element("span", "app-visually-hidden", ", "),
        element("span", "app-post-card__unit", data.meta.unit));
    }
    article.append(meta);
  }
  article.append(excerpt(data.excerpt));
  item.append(article);
  return item;
}

async function showMore(token) {
  const page = await Promise.all(ranked.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
  if (token !== latest) return null;
  const items = page.map(card);
  list.append(...items);
  shown += items.length;
  more.hidden = shown >= ranked.length;
  return items[0] || null;
}

/* --- The form ----------------------------------------------------------------------- */

function chosenFilters() {
  const filters = {};
  for (const name of FILTERS) {
    const value = form.elements[name].value;
    if (value) filters[name] = value;
  }
  return filters;
}

function describe(count, query, filters) {
  const what = query ? ` cho “${query}”` : "";
  const where = Object.keys(filters).map((name) => {
    const select = form.elements[name];
    return select.options[select.selectedIndex].text;
  });
  const scope = where.length ? ` (lọc: ${where.join("; ")})` : "";
  if (count === 0) {
    return `Không tìm thấy kết quả nào${what}${scope}. Hãy thử từ khóa khác, ít từ hơn hoặc bỏ bớt bộ lọc.`;
  }
  return `Tìm thấy ${count.toLocaleString("vi-VN")} kết quả${what}${scope}.`;
}

function remember(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  const search = params.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

async function run() {
  const token = ++latest;
  const query = input.value.trim();
  const filters = chosenFilters();
  remember(query, filters);
  list.replaceChildren();
  more.hidden = true;
  ranked = [];
  shown = 0;
  if (!query && Object.keys(filters).length === 0) {
    status.textContent = "Hãy gõ từ khóa hoặc chọn một bộ lọc.";
    return;
  }
  status.textContent = "Đang tìm…";
  performance.mark("cchc-search:start");
  try {
    const pf = await loadPagefind();
    const ranking = queue.then(() => rank(pf, query, filters));
    queue = ranking.catch(() => {});
    const results = await ranking;
    if (token !== latest) return;
    ranked = results;
    await showMore(token);
    if (token !== latest) return;
    status.textContent = describe(ranked.length, query, filters);
    performance.mark("cchc-search:end");
    performance.measure("cchc-search", "cchc-search:start", "cchc-search:end");
  } catch (error) {
    if (token !== latest) return;
    status.textContent = "Không tải được công cụ tìm kiếm. Hãy tải lại trang, hoặc xem tin, bài theo lĩnh vực và trong Lưu trữ (liên kết ở dưới).";
    console.error(error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});

for (const name of FILTERS) {
  form.elements[name].addEventListener("change", () => {
    if (input.value.trim() || Object.keys(chosenFilters()).length) run();
  });
}

more.addEventListener("click", async () => {
  const first = await showMore(latest);
  first?.querySelector("a")?.focus();
});

// Load the index while the reader is still typing.
input.addEventListener("input", () => loadPagefind().catch(() => {}), { once: true });

// A query in the address (from the 404 page, a bookmark or a shared link) runs at once.
const params = new URLSearchParams(window.location.search);
input.value = params.get("q") || "";
for (const name of FILTERS) {
  const value = params.get(name);
  if (value && [...form.elements[name].options].some((option) => option.value === value)) {
    form.elements[name].value = value;
  }
}
// The filters take a screen on a phone: open them there only when one is chosen.
filterBox.open = window.matchMedia("(min-width: 48em)").matches || Object.keys(chosenFilters()).length > 0;
form.hidden = false;
if (input.value.trim() || Object.keys(chosenFilters()).length) run();
