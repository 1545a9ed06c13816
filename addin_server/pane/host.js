// Which document host the pane runs in, and its adapter: WPS 文字 (wps.js), Word (word.js), or
// none (an ordinary browser: the standalone page). Every flow then talks to `adapter` only.

import { createWordAdapter } from "./word.js";
import { createWpsAdapter, wpsApplication } from "./wps.js";

// The PluginStorage item through which the WPS ribbon (addin_server/wps_addin/ribbon.js, same key)
// asks the task pane to run a flow: {"action": "scaffold" | "check" | "remedies", "at": ms}.
export const RIBBON_ACTION_KEY = "duizhao-jiancha:ribbon-action";
export const RIBBON_ACTIONS = ["scaffold", "check", "remedies"];

export const HOST_NAMES = { word: "Word", wps: "WPS" };

/**
 * Pick the host. WPS injects its object model into the add-in's pages, so it is known at once;
 * Word is known when Office.js reports it (`officeHost()`: the host name or null).
 * Returns {name: "wps" | "word" | "other" | null, adapter, application}.
 */
export async function pickHost({ officeHost, globals = globalThis }) {
  const application = wpsApplication(globals);
  if (application) {
    return { name: "wps", adapter: createWpsAdapter({ Application: application }), application };
  }
  const host = await officeHost();
  if (host && String(host).toLowerCase() === "word") {
    return { name: "word", adapter: createWordAdapter(), application: null };
  }
  return { name: host ? "other" : null, adapter: null, application: null };
}

/**
 * Run `onAction(action)` for each request the WPS ribbon leaves in PluginStorage (shared by the
 * add-in's pages), consuming it. Polls, as PluginStorage has no change event. Returns a stop function.
 */
export function watchRibbonActions(application, onAction, { intervalMs = 400, timers = globalThis } = {}) {
  const storage = application?.PluginStorage;
  if (!storage) return () => {};
  const check = () => {
    let raw;
    try {
      raw = storage.getItem(RIBBON_ACTION_KEY);
    } catch {
      return;
    }
    if (!raw) return;
    try {
      storage.setItem(RIBBON_ACTION_KEY, "");
    } catch {
      // An item we cannot clear would run again; better to run it once more than never.
    }
    let action = null;
    try {
      action = JSON.parse(raw)?.action ?? null;
    } catch {
      action = null;
    }
    if (RIBBON_ACTIONS.includes(action)) onAction(action);
  };
  check();
  const id = timers.setInterval(check, intervalMs);
  return () => timers.clearInterval(id);
}
