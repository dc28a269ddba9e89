// The account: the demo customer's sign-in, then their orders from every channel, their
// loyalty balance and their holds in stores.

import { graphql, mutate } from "./api.js";
import { h, replaceContent } from "./dom.js";
import { dateTime, explain, money, notice } from "./format.js";
import { ACCOUNT, SIGN_IN } from "./operations.js";
import { settings, updateSettings } from "./settings.js";

// The sample's demo customer (README, "Customers, carts, checkout, click and collect").
const DEMO = { email: "demo@omnicanal.dev", password: "omnicanal-demo" };

export async function accountPage(route, rerender) {
  if (!settings().token) return signInForm(rerender);
  let customer;
  try {
    customer = (await graphql(ACCOUNT)).customer;
  } catch (error) {
    return notice(explain(error));
  }
  if (!customer) {
    updateSettings({ token: "" }); // expired or foreign: the gateway treats us as signed out
    return signInForm(rerender);
  }
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ") || customer.email;
  const signOut = () => { updateSettings({ token: "" }); rerender(); };
  return h(
    "section",
    { class: "account" },
    h("h1", {}, name),
    h("button", { type: "button", onclick: signOut }, "Sign out"),
    loyalty(customer.loyalty),
    h("h2", {}, "Reservations in store"),
    reservations(customer.reservations ?? []),
    h("h2", {}, "Orders from every channel"),
    orders(customer.orders.nodes),
  );
}

function signInForm(rerender) {
  const email = h("input", { type: "email", name: "email", value: DEMO.email, "aria-label": "E-mail" });
  const password = h("input", { type: "password", name: "password", value: DEMO.password, "aria-label": "Password" });
  const status = h("div", { class: "status" });
  const submit = async (event) => {
    event.preventDefault();
    try {
      const payload = await mutate(SIGN_IN, { email: email.value, password: password.value }, "customerAccessTokenCreate");
      updateSettings({ token: payload.accessToken });
      rerender();
    } catch (error) {
      replaceContent(status, notice(explain(error)));
    }
  };
  return h(
    "form",
    { class: "sign-in", onsubmit: submit },
    h("h1", {}, "Sign in"),
    h("p", {}, "Filled in with the sample's demo customer."),
    email,
    password,
    h("button", { type: "submit" }, "Sign in"),
    status,
  );
}

function loyalty(account) {
  if (!account) return h("p", {}, "No loyalty card.");
  return h("p", { class: "loyalty", "data-testid": "loyalty" },
    `Loyalty ${account.tier} · card ${account.cardNumber} · `,
    h("strong", {}, `${account.pointsBalance} points`));
}

function reservations(list) {
  if (!list.length) return h("p", {}, "No reservations.");
  return h("ul", { class: "reservations", "data-testid": "reservations" }, list.map((r) => h("li", {},
    h("span", { class: `badge ${r.status.toLowerCase()}` }, r.status),
    ` ${r.store.name}, until ${dateTime(r.expiresAt)}: `,
    r.lines.map((l) => `${l.quantity} × ${l.title} (${l.sku})`).join(", "))));
}

function orders(list) {
  if (!list.length) return h("p", {}, "No orders yet.");
  return h("table", { class: "orders", "data-testid": "orders" },
    h("tr", {}, ["Number", "Channel", "Date", "Status", "Total", "Collected at"].map((t) => h("th", {}, t))),
    list.map((o) => h("tr", {},
      h("td", {}, o.number),
      h("td", {}, h("span", { class: "badge" }, o.channel)),
      h("td", {}, dateTime(o.createdAt)),
      h("td", {}, o.status),
      h("td", {}, money(o.total)),
      h("td", {}, o.pickupStore?.name ?? ""))));
}
