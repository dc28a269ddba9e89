// Money, dates and refusals as a shopper reads them.

import { h } from "./dom.js";
import { settings } from "./settings.js";

export function money(value) {
  if (!value) return "price unavailable";
  const format = new Intl.NumberFormat(settings().language, {
    style: "currency",
    currency: value.currencyCode,
  });
  return format.format(Number(value.amount)); // display only: amounts stay strings elsewhere
}

export function dateTime(iso) {
  const format = new Intl.DateTimeFormat(settings().language, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  return format.format(new Date(iso));
}

export function stockOnline(availability) {
  const quantity = availability?.quantityAvailable ?? 0;
  return quantity > 0 ? `${quantity} in stock online` : "Out of stock online";
}

/** What went wrong, in words; a channel the page may not use says which key it needs. */
export function explain(error, channel = settings().channel) {
  if (error.codes?.includes("CHANNEL_NOT_ALLOWED")) {
    return `Channel ${channel} needs a key for channel ${channel}: add a publishable key in Settings.`;
  }
  return error.message || String(error);
}

export function notice(text, kind = "error") {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}
