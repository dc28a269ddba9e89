// The listing: 24 products of the context, a search box and a department filter.

import { graphql } from "./api.js";
import { h } from "./dom.js";
import { explain, money, notice, stockOnline } from "./format.js";
import { DEPARTMENTS, LISTING } from "./operations.js";
import { listingHash, productHash } from "./router.js";

const PAGE_SIZE = 24;

export async function listingPage(route) {
  const text = route.query.get("q") || "";
  const category = route.query.get("category") || "";
  const [listing, departments] = await Promise.allSettled([
    graphql(LISTING, { first: PAGE_SIZE, query: text || null, category: category || null }),
    graphql(DEPARTMENTS),
  ]);
  const filters = searchForm(text, category, departments.value ?? null);
  if (listing.status === "rejected") return [filters, notice(explain(listing.reason))];
  const { totalCount, nodes } = listing.value.products;
  return [
    filters,
    h("p", { class: "count" }, `${totalCount} products`),
    h("ul", { class: "grid", "data-testid": "products" }, nodes.map(card)),
  ];
}

function searchForm(text, category, departments) {
  const search = h("input", { type: "search", name: "q", value: text, placeholder: "Search", "aria-label": "Search" });
  const select = h(
    "select",
    { name: "category", "aria-label": "Category" },
    h("option", { value: "" }, "All departments"),
    departmentsOf(departments).map((d) => h("option", { value: d.handle, selected: d.handle === category }, d.title)),
  );
  const go = () => { location.hash = listingHash(search.value.trim(), select.value); };
  select.addEventListener("change", go);
  return h(
    "form",
    { class: "filters", role: "search", onsubmit: (event) => { event.preventDefault(); go(); } },
    search,
    select,
    h("button", { type: "submit" }, "Search"),
  );
}

function departmentsOf(data) {
  const found = new Map();
  for (const product of data?.products.nodes ?? []) {
    for (const category of product.categories) {
      if (!category.parent) found.set(category.handle, category);
    }
  }
  return [...found.values()].sort((a, b) => a.title.localeCompare(b.title));
}

function card(product) {
  const available = (product.availability?.quantityAvailable ?? 0) > 0;
  return h(
    "li",
    { class: "card" },
    h("a", { href: productHash(product.handle) },
      h("span", { class: "title" }, product.title),
      h("span", { class: "maker" }, product.brand || ""),
      h("span", { class: "price" }, money(product.price)),
      h("span", { class: available ? "stock" : "stock out" }, stockOnline(product.availability)),
    ),
  );
}
