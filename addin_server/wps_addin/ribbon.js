// The ribbon callbacks of the WPS 加载项. WPS loads index.html (this script) when it loads the
// add-in, reads ribbon.xml beside it and calls these global functions by the names ribbon.xml
// gives: OnAddinLoad(ribbonUI) first, GetImage(control) for each button's icon, OnAction(control)
// on a click (control.Id is the button's id). The object model is injected as window.Application
// (wps.WpsApplication()), with PluginStorage shared by the add-in's pages and CreateTaskPane /
// GetTaskPane for the pane (Kingsoft's wpsjs template and typings, see docs/wps.md).
//
// Classic script, ES5 style: older WPS builds embed an old Chromium.

var DUIZHAO_PANE_KEY = "duizhao-jiancha:taskpane-id";
// The same key as addin_server/pane/host.js RIBBON_ACTION_KEY: the pane polls it and runs the flow.
var DUIZHAO_ACTION_KEY = "duizhao-jiancha:ribbon-action";
var DUIZHAO_BUTTONS = {
  btnOpenPane: { action: null, image: "images/open.svg" },
  btnInsertScaffold: { action: "scaffold", image: "images/scaffold.svg" },
  btnCheck: { action: "check", image: "images/check.svg" },
  btnRemedies: { action: "remedies", image: "images/remedies.svg" },
};

function duizhaoApplication() {
  if (window.wps && typeof window.wps.WpsApplication === "function") return window.wps.WpsApplication();
  return window.Application;
}

/** The task pane's address: the pane on the server this add-in comes from, served for WPS
 * (without Office.js, which only Word needs). */
function duizhaoPaneUrl() {
  var here = String(document.location.href).split("#")[0].split("?")[0];
  return here.substring(0, here.lastIndexOf("/wps/")) + "/pane/taskpane.html?host=wps";
}

/** Show the task pane, reusing the one this session created (its id is kept in PluginStorage). */
function duizhaoShowPane() {
  var app = duizhaoApplication();
  var pane = null;
  var id = app.PluginStorage.getItem(DUIZHAO_PANE_KEY);
  if (id) {
    try {
      pane = app.GetTaskPane(Number(id));
    } catch (e) {
      pane = null;
    }
  }
  // Some WPS versions give null for a pane the user closed: then a new one is made.
  if (!pane) {
    pane = app.CreateTaskPane(duizhaoPaneUrl(), "对照检查助手");
    app.PluginStorage.setItem(DUIZHAO_PANE_KEY, String(pane.ID));
  }
  pane.Visible = true;
  return pane;
}

function OnAddinLoad(ribbonUI) {
  var app = duizhaoApplication();
  if (app && typeof app.ribbonUI !== "object") app.ribbonUI = ribbonUI;
  return true;
}

function OnAction(control) {
  var button = DUIZHAO_BUTTONS[control && control.Id];
  if (!button) return true;
  var app = duizhaoApplication();
  if (button.action) {
    app.PluginStorage.setItem(DUIZHAO_ACTION_KEY, JSON.stringify({ action: button.action, at: Date.now() }));
  }
  duizhaoShowPane();
  return true;
}

function GetImage(control) {
  var button = DUIZHAO_BUTTONS[control && control.Id];
  return button ? button.image : "images/open.svg";
}
