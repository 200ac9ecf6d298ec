// The checker's Web Worker: it runs the engine (checker-engine.js, model.js) on the drafts
// the page (checker.js) sends, so that checking a long draft never freezes the page. It is
// a file of its own in _static/, loaded from the site like the page's scripts: no blob:
// URL, and nothing is evaluated from text (the weights are read as JSON).
//
// From the page:
//   {type: "init", data, scripts, model}: the checker's data (from checker-data.js), the
//     addresses of model.js, markdown-it.min.js and checker-engine.js as the page loaded them, and where the
//     learned model's weights are ({src, global}, or null when the site has no model);
//   {type: "check", id, text, wait}: check a draft; with `wait`, once the weights are in
//     (or have failed to load), without: at once, with the patterns only if need be.
// To the page:
//   {type: "started"}, or {type: "broken", message} when the engine could not start;
//   {type: "model", state}: "ready", "failed" or "none";
//   {type: "result", id, result} (the engine's result, less the paragraphs' text) or
//   {type: "error", id, message}.
"use strict";

let engine = null;
let modelState = "loading";
const held = []; // checks that wait for the weights

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") start(message);
  else if (message.type === "check" && message.wait && modelState === "loading") held.push(message);
  else if (message.type === "check") check(message);
};

function start({ data, scripts, model }) {
  try {
    const foreign = [...scripts, model ? model.src : null].filter((src) => src && !sameOrigin(src));
    if (foreign.length) throw new Error(`not from this site: ${foreign.join(", ")}`);
    importScripts(...scripts);
    engine = self.policykbEngine.createEngine(data);
  } catch (error) {
    self.postMessage({ type: "broken", message: String(error) });
    self.close();
    return;
  }
  self.postMessage({ type: "started" });
  if (model) loadModel(model).then(settle);
  else settle("none");
  warm();
}

function sameOrigin(address) {
  return new URL(address, self.location.href).origin === self.location.origin;
}

// The weights file is `window.<global> = <JSON>;` (policykb/site/checker.py,
// data_script): fetched and parsed as JSON, so that checks that do not wait for it run
// meanwhile.
async function loadModel({ src, global }) {
  try {
    const response = await fetch(src);
    if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
    const text = (await response.text()).trimEnd();
    const prefix = `window.${global} = `;
    if (!text.startsWith(prefix) || !text.endsWith(";")) throw new Error(`${src}: not the weights`);
    engine.setModel(self.policykbModel.createModel(JSON.parse(text.slice(prefix.length, -1))));
    return "ready";
  } catch (error) {
    console.warn("policykb checker: the learned model is unusable:", error);
    return "failed";
  }
}

function settle(state) {
  modelState = state;
  self.postMessage({ type: "model", state });
  for (const message of held.splice(0)) check(message);
}

function check({ id, text }) {
  let result;
  try {
    result = engine.check(String(text));
  } catch (error) {
    self.postMessage({ type: "error", id, message: String((error && error.message) || error) });
    return;
  }
  // The page has the draft: the paragraphs' text would only make the message slower to read.
  result.paragraphs = result.paragraphs.map(({ text, ...paragraph }) => paragraph);
  self.postMessage({ type: "result", id, result });
}

// Compile the patterns a slice at a time, so that the first check is as quick as the next
// ones; a check that arrives meanwhile runs between two slices.
function warm() {
  const until = Date.now() + 20;
  if (!engine.warm(() => Date.now() < until)) setTimeout(warm, 0);
}
