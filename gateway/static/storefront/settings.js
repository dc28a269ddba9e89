// What the shopper chose, kept in localStorage: channel, language, an optional publishable
// key, the demo customer's token and the open cart.

const STORAGE_KEY = "omnicanal.storefront";
const DEFAULTS = { channel: "WEB", language: "fr", key: "", token: "", cartId: "" };

export const CHANNELS = ["WEB", "APP", "STORE", "KIOSK", "CALL_CENTER", "PARTNER"];
export const LANGUAGES = ["fr", "en"];

export function settings() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}") };
  } catch {
    return { ...DEFAULTS }; // a corrupt entry is forgotten rather than breaking the page
  }
}

export function updateSettings(changes) {
  const next = { ...settings(), ...changes };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}
