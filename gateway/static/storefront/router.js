// A hash router: #/, #/?q=…&category=…, #/product/<handle>, #/cart, #/account, #/settings.

export function currentRoute() {
  const [path, search = ""] = location.hash.replace(/^#/, "").split("?", 2);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] || "listing", param: parts[1] || "", query: new URLSearchParams(search) };
}

export function listingHash(query, category) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (category) params.set("category", category);
  const search = params.toString();
  return search ? `#/?${search}` : "#/";
}

export function productHash(handle) {
  return `#/product/${encodeURIComponent(handle)}`;
}
