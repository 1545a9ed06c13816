// What the pane remembers between sessions (word.js createSettingsStore: the webview's
// localStorage, in Word, WPS and on the page alike): the framework chosen and the 框架选项.

import { state } from "./state.js";

const FRAMEWORK_SETTING = "framework";
const SCAFFOLD_SETTING = "scaffold-options";

/** The framework choice last made ("auto" or an id), or null. */
export function rememberedFramework() {
  return state.settings.get(FRAMEWORK_SETTING);
}

export function rememberFramework(choice) {
  state.settings.set(FRAMEWORK_SETTING, choice);
}

/** The 框架选项 remembered: the text fields, and the optional sections per framework id. */
export function rememberedScaffoldOptions() {
  try {
    const stored = JSON.parse(state.settings.get(SCAFFOLD_SETTING) ?? "{}");
    return stored && typeof stored === "object" ? stored : {};
  } catch {
    return {};
  }
}

/** Remember the form's values; the optional sections are kept per framework, as they differ. */
export function rememberScaffoldOptions(raw, frameworkId) {
  const stored = rememberedScaffoldOptions();
  const sections = { ...(stored.sections ?? {}) };
  if (frameworkId) sections[frameworkId] = raw.optional_sections;
  const { optional_sections: _, ...texts } = raw;
  state.settings.set(SCAFFOLD_SETTING, JSON.stringify({ ...texts, sections }));
}
