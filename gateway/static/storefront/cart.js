// The cart: one open cart per browser (its id in localStorage), lines added from product
// pages, checked out by the signed-in customer.

import { graphql, mutate, UserErrors } from "./api.js";
import { h, replaceContent } from "./dom.js";
import { explain, money, notice } from "./format.js";
import { CART_CREATE, CART_LINES_ADD, CART_QUERY, CHECKOUT } from "./operations.js";
import { settings, updateSettings } from "./settings.js";

const GONE = ["CART_NOT_FOUND", "CART_COMPLETED"];

export async function addToCart(sku) {
  const lines = [{ sku, quantity: 1 }];
  const { cartId } = settings();
  if (cartId) {
    try {
      return (await mutate(CART_LINES_ADD, { cartId, lines }, "cartLinesAdd")).cart;
    } catch (error) {
      if (!(error instanceof UserErrors && error.codes.some((c) => GONE.includes(c)))) throw error;
    }
  }
  const { cart } = await mutate(CART_CREATE, { lines }, "cartCreate");
  updateSettings({ cartId: cart.id, checkoutKey: crypto.randomUUID() });
  return cart;
}

export async function cartPage() {
  const { cartId } = settings();
  if (!cartId) return notice("Your cart is empty.", "info");
  let cart;
  try {
    cart = (await graphql(CART_QUERY, { id: cartId })).cart;
  } catch (error) {
    return notice(explain(error));
  }
  if (!cart) {
    updateSettings({ cartId: "" });
    return notice("Your cart is empty.", "info");
  }
  const status = h("div", { class: "status" });
  return h(
    "section",
    { class: "cart" },
    h("h1", {}, `Cart (${cart.channel})`),
    h("table", { "data-testid": "cart-lines" },
      h("tr", {}, h("th", {}, "SKU"), h("th", {}, "Variant"), h("th", {}, "Quantity"), h("th", {}, "Total")),
      cart.lines.map((line) => h("tr", {},
        h("td", {}, line.merchandise.sku),
        h("td", {}, line.merchandise.title),
        h("td", {}, String(line.quantity)),
        h("td", {}, money(line.cost?.total)))),
    ),
    h("p", {}, `Subtotal ${money(cart.cost?.subtotal)}, discounts ${money(cart.cost?.discounts)}`),
    h("p", { class: "price big" }, `Total ${money(cart.cost?.total)}`),
    h("button", { type: "button", onclick: () => checkout(cart, status) }, "Check out"),
    status,
  );
}

async function checkout(cart, status) {
  if (!settings().token) return replaceContent(status, notice("Sign in (Account) to check out.", "info"));
  replaceContent(status, notice("Placing the order…", "info"));
  try {
    // The same key for every attempt at this cart: a retry gets the same order, never a second.
    const { order } = await mutate(
      CHECKOUT, { cartId: cart.id, idempotencyKey: settings().checkoutKey || cart.id }, "checkoutComplete");
    updateSettings({ cartId: "", checkoutKey: "" });
    replaceContent(status, notice(
      `Order ${order.number} ${order.status.toLowerCase()} on ${order.channel}: ${money(order.total)},`
        + ` ${order.loyaltyPointsEarned ?? 0} points earned.`, "ok"),
      h("p", {}, h("a", { href: "#/account" }, "See it in your account")));
  } catch (error) {
    replaceContent(status, notice(explain(error)));
  }
}
