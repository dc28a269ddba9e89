// The product page: price in the context's currency, stock online and in the nearest stores,
// "reserve in store", add to cart, and the same product's price on every channel.

import { graphql, mutate } from "./api.js";
import { h, replaceContent } from "./dom.js";
import { addToCart } from "./cart.js";
import { dateTime, explain, money, notice, stockOnline } from "./format.js";
import { CHANNEL_PRICE, PRODUCT, RESERVE } from "./operations.js";
import { CHANNELS, settings } from "./settings.js";

// The demo shopper stands in central Paris, as in the README's click-and-collect flow.
export const NEAR = { latitude: 48.8566, longitude: 2.3522 };

export async function productPage(route) {
  let product;
  try {
    product = (await graphql(PRODUCT, { handle: route.param, near: NEAR })).product;
  } catch (error) {
    return notice(explain(error));
  }
  if (!product) return notice("No such product.");
  const status = h("div", { class: "status" });
  const variantPane = h("div", { class: "variant" });
  const select = h(
    "select",
    { "aria-label": "Variant", onchange: () => showVariant(product.variants[select.selectedIndex], variantPane, status) },
    product.variants.map((v) => h("option", { value: v.sku }, `${v.title} — ${v.sku}`)),
  );
  const comparison = h("table", { class: "channels", "data-testid": "channel-prices" });
  showVariant(product.variants[0], variantPane, status);
  compareChannels(product, comparison); // fills in as each channel answers
  return h(
    "article",
    { class: "product" },
    h("p", {}, h("a", { href: "#/" }, "← Catalogue")),
    h("h1", {}, product.title),
    h("p", { class: "maker" }, product.brand || ""),
    h("p", { class: "price big" }, money(product.price),
      product.compareAtPrice ? h("s", { class: "was" }, money(product.compareAtPrice)) : null),
    promotions(product.promotions),
    h("p", { class: "description" }, product.description || ""),
    product.loyaltyPoints ? h("p", { class: "points" }, `Earns ${product.loyaltyPoints} loyalty points`) : null,
    product.variants.length > 1 ? h("label", { class: "variant-choice" }, "Variant ", select) : null,
    variantPane,
    status,
    h("h2", {}, "The same product on every channel"),
    comparison,
  );
}

function promotions(list) {
  if (!list?.length) return null;
  return h("ul", { class: "promotions" }, list.map((p) => h("li", {}, h("strong", {}, p.title), " ", p.description || "")));
}

function showVariant(variant, pane, status) {
  const stores = variant.availability?.stores ?? [];
  replaceContent(
    pane,
    h("p", { class: "price" }, money(variant.price)),
    h("p", { class: "stock", "data-testid": "stock-online" }, stockOnline(variant.availability)),
    h("button", {
      type: "button",
      disabled: !variant.availability?.availableForSale,
      onclick: () => act(status, () => addToCart(variant.sku), (cart) => `Added to your cart (${cart.lines.length} lines).`),
    }, "Add to cart"),
    h("h2", {}, "In the nearest stores"),
    stores.length
      ? h("ul", { class: "stores", "data-testid": "stores" }, stores.map((s) => storeRow(variant, s, status)))
      : h("p", {}, "In no store near central Paris."),
  );
}

function storeRow(variant, { store, quantityAvailable, distanceKm }, status) {
  const reserve = () =>
    mutate(RESERVE, {
      storeId: store.id,
      lines: [{ sku: variant.sku, quantity: 1 }],
      idempotencyKey: crypto.randomUUID(), // one click, one hold
    }, "pickupReserve");
  return h(
    "li",
    {},
    h("span", { class: "store" }, `${store.name} (${store.address.city}), ${distanceKm.toFixed(1)} km`),
    h("span", { class: "stock" }, `${quantityAvailable} on the shelf`),
    h("button", {
      type: "button",
      onclick: () => {
        if (!settings().token) return replaceContent(status, notice("Sign in (Account) to reserve in store.", "info"));
        act(status, reserve, ({ reservation }) =>
          `Reserved at ${reservation.store.name} until ${dateTime(reservation.expiresAt)}.`);
      },
    }, "Reserve in store"),
  );
}

async function act(status, action, describe) {
  replaceContent(status, notice("Working…", "info"));
  try {
    replaceContent(status, notice(describe(await action()), "ok"));
  } catch (error) {
    replaceContent(status, notice(explain(error)));
  }
}

async function compareChannels(product, table) {
  replaceContent(table, h("tr", {}, h("th", {}, "Channel"), h("th", {}, "Price"), h("th", {}, "Why")));
  const rows = CHANNELS.map((channel) => {
    const cells = [h("td", {}, "…"), h("td", {}, "")];
    table.append(h("tr", { "data-channel": channel }, h("th", {}, channel), ...cells));
    return { channel, cells };
  });
  await Promise.all(rows.map(({ channel, cells }) => fillChannel(product, channel, cells)));
}

async function fillChannel(product, channel, [price, why]) {
  try {
    const other = (await graphql(CHANNEL_PRICE, { handle: product.handle, channel })).product;
    price.textContent = money(other.price);
    const same = other.price?.amount === product.price?.amount;
    const rule = other.promotions?.map((p) => p.title).join(", ");
    why.textContent = same ? "same price" : rule || "a price rule of this channel";
  } catch (error) {
    price.textContent = "—";
    why.textContent = error.codes?.includes("CHANNEL_NOT_ALLOWED")
      ? `needs a key for channel ${channel}`
      : explain(error, channel);
  }
}
