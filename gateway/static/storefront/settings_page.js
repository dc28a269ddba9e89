// Settings: an optional publishable key (ocpk_…), for channels other than WEB. Without one,
// the gateway serves a page only in the WEB channel.

import { h, replaceContent } from "./dom.js";
import { notice } from "./format.js";
import { settings, updateSettings } from "./settings.js";

export function settingsPage(route, rerender) {
  const key = h("input", {
    type: "text", name: "key", value: settings().key, placeholder: "ocpk_…",
    autocomplete: "off", spellcheck: "false", "aria-label": "Publishable key",
  });
  const status = h("div", { class: "status" });
  const save = (event) => {
    event.preventDefault();
    updateSettings({ key: key.value.trim() });
    replaceContent(status, notice(key.value.trim() ? "Key saved." : "Key cleared: WEB only.", "ok"));
    rerender({ keepPage: true });
  };
  return h(
    "form",
    { class: "settings", onsubmit: save },
    h("h1", {}, "Settings"),
    h("p", {}, "A publishable key lets this page use the channels it is bound to"
      + " (omnicanal keys create web-and-app --kind publishable --channel WEB --channel APP)."
      + " It is stored in this browser only."),
    key,
    h("button", { type: "submit" }, "Save"),
    status,
  );
}
