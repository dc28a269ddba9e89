// The storefront's entry point: the header's switchers and the page for the current hash.

import { h, replaceContent } from "./dom.js";
import { accountPage } from "./account.js";
import { cartPage } from "./cart.js";
import { notice } from "./format.js";
import { listingPage } from "./listing.js";
import { productPage } from "./product.js";
import { currentRoute } from "./router.js";
import { CHANNELS, LANGUAGES, settings, updateSettings } from "./settings.js";
import { settingsPage } from "./settings_page.js";

const PAGES = { listing: listingPage, product: productPage, cart: cartPage, account: accountPage, settings: settingsPage };
const main = document.getElementById("page");
let shown = 0; // the latest render wins when several are under way

async function render(options = {}) {
  const ticket = ++shown;
  const route = currentRoute();
  const page = PAGES[route.page];
  if (options.keepPage) return;
  if (!page) return replaceContent(main, notice("No such page."));
  document.body.dataset.page = route.page;
  document.documentElement.lang = settings().language;
  main.setAttribute("aria-busy", "true");
  const content = await page(route, render);
  if (ticket !== shown) return;
  replaceContent(main, content);
  main.removeAttribute("aria-busy");
  main.dataset.shown = location.hash || "#/"; // which route the content is of (tests wait on it)
}

function switcher(id, values, setting) {
  const select = document.getElementById(id);
  replaceContent(select, values.map((v) => h("option", { value: v, selected: settings()[setting] === v }, v)));
  select.addEventListener("change", () => {
    updateSettings({ [setting]: select.value });
    render(); // the same page, queried again in the new context
  });
}

switcher("channel", CHANNELS, "channel");
switcher("language", LANGUAGES, "language");
window.addEventListener("hashchange", () => render());
render();
