// Office requires a FunctionFile to initialise Office.js even when every ribbon button only opens
// the task pane (ShowTaskpane needs no code). Function commands, if ever added, register here.
globalThis.Office?.onReady?.(() => {});
