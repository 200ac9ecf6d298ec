// The in-browser checker's page (checker.html): the form, a check's progress, and the
// report: ten-tip coverage and NLRB flags for a draft, computed on the reader's own
// computer with the same rules as `policykb check`.
//
// The checking is the engine's (checker-engine.js). It runs in a Web Worker
// (checker-worker.js, a file of its own in _static/), so that a long draft never freezes
// the page: while it runs, the button says "Checking…" and a Cancel button stops it (the
// worker is ended and a new one started). Where a worker cannot start (a browser without
// them, a page opened from file://), the page checks on its own thread.
//
// Scripts, in this order: checker-data.js (the rules, from
// `policykb.analysis.checker.browser_data()`), model.js and checker-engine.js (shared with the
// worker), this file. The learned model's weights (checker-model.js, `data.model`) are
// loaded when the page opens, not with every page: by the worker, or by the page when it
// checks on its own. Until they are in, a check waits for them (at most MODEL_WAIT_MS); if
// they cannot be loaded, the results say that their topics come from the patterns only.
// Drafts longer than `data.max_text` characters are refused, as `policykb check` refuses
// such files.
//
// `window.policykbCheck(text)` resolves to what `policykb check --json` prints; it is
// defined once the model is loaded (or has failed to load: see
// `policykbChecker.modelState()`).
//
// The page builds every element with createElement + textContent: the draft and the data
// are text, never markup.
(function (root) {
  "use strict";

  if (typeof document === "undefined") return;
  const engines = root.policykbEngine;
  const data = engines ? root.policykbCheckerData : undefined; // no use without the engine
  const MODEL_WAIT_MS = 15000; // a check waits this long for the weights, at most
  const STATUS_DELAY_MS = 250; // a check that takes longer says so
  const SHARED_SCRIPTS = ["model.js", "markdown-it.min.js", "checker-engine.js"]; // the worker's too

  // checker.js's own address: the worker and the model's weights sit beside it in _static/.
  const SCRIPT_SRC = document.currentScript ? document.currentScript.src : "";
  function staticURL(path) {
    const form = document.querySelector(".pkb-checker");
    const base = SCRIPT_SRC || new URL(`${(form && form.dataset.root) || ""}_static/`,
      document.baseURI).href;
    return new URL(path, base).href;
  }

  // A script of this page by file name, with its ?v= (so that the worker reads it from the
  // browser's cache).
  function pageScript(name) {
    for (const script of document.scripts) {
      if (script.src && new URL(script.src).pathname.endsWith(`/${name}`)) return script.src;
    }
    return null;
  }

  function tooLongError(size) {
    return new RangeError(`too much text (${size.toLocaleString("en-US")} characters; the ` +
      `limit is ${data.max_text.toLocaleString("en-US")})`);
  }

  // --- the learned model's weights ------------------------------------------------------
  // "none": the site was built without a model (then `policykb check` has none either);
  // "loading"; "ready"; "failed": the checks then tag with the patterns only, and say so.
  let modelState = data && data.model ? "loading" : "none";
  const modelListeners = [];

  function settleModel(state) {
    modelState = state;
    root.policykbCheck = (text) => runCheck(String(text), true).then(engines.toJSON);
    for (const listener of modelListeners.splice(0)) listener(state);
  }

  function onModelSettled(listener) {
    if (modelState === "loading") modelListeners.push(listener);
    else listener(modelState);
  }

  // --- where checks run: the worker, or this page ------------------------------------------
  // A check is a job {id, text, wait, resolve, reject}, pending until its result is in.
  let worker = null; // the Web Worker while there is one; null: checks run on this page
  let workerStarted = false;
  let onPage = false;
  const pending = new Map();
  let nextId = 0;

  function runCheck(text, wait) {
    return new Promise((resolve, reject) => {
      const size = engines.codePoints(text);
      if (size > data.max_text) { reject(tooLongError(size)); return; }
      const job = { id: ++nextId, text, wait, resolve, reject };
      pending.set(job.id, job);
      if (worker) worker.postMessage({ type: "check", id: job.id, text, wait });
      else runOnPage(job);
    });
  }

  // Stops the checks under way (and any waiting for the weights): their promises reject
  // with `cancelled` set. A check already running on the page cannot be stopped (the page
  // is busy with it), so it is only the worker's that end early.
  function cancelChecks() {
    const sent = worker !== null && pending.size > 0;
    for (const job of pending.values()) {
      job.cancelled = true;
      job.reject(Object.assign(new Error("cancelled"), { cancelled: true }));
    }
    pending.clear();
    if (sent) {
      worker.terminate();
      worker = null;
      if (!startWorker()) useThisPage("the worker could not start again");
    }
  }

  function startWorker() {
    const scripts = SHARED_SCRIPTS.map(pageScript);
    if (typeof root.Worker !== "function" || !data.worker || scripts.includes(null)) return false;
    let created;
    try {
      created = new root.Worker(staticURL(data.worker));
    } catch (error) {
      return false; // e.g. a page opened from file://
    }
    worker = created;
    workerStarted = false;
    created.onmessage = (event) => { if (created === worker) fromWorker(event.data); };
    created.onerror = (event) => {
      event.preventDefault();
      if (created === worker) workerFailed(event.message || "the worker stopped");
    };
    const model = data.model ? { src: staticURL(data.model.src), global: data.model.global } : null;
    created.postMessage({ type: "init", data, scripts, model });
    return true;
  }

  function fromWorker(message) {
    if (message.type === "started") workerStarted = true;
    else if (message.type === "broken") workerFailed(message.message);
    else if (message.type === "model") settleModel(message.state);
    else if (message.type === "result" || message.type === "error") {
      const job = pending.get(message.id);
      if (!job) return;
      pending.delete(message.id);
      if (message.type === "result") job.resolve(message.result);
      else job.reject(new Error(message.message));
    }
  }

  // A worker that cannot start hands its checks to the page; one that fails later (out of
  // memory, say) fails its checks and is replaced.
  function workerFailed(reason) {
    const failed = worker;
    worker = null;
    if (failed) failed.terminate();
    if (workerStarted && startWorker()) {
      for (const job of pending.values()) job.reject(new Error(reason));
      pending.clear();
      return;
    }
    useThisPage(reason);
    for (const job of pending.values()) runOnPage(job);
  }

  function useThisPage(reason) {
    if (onPage) return;
    onPage = true;
    if (reason && root.console) root.console.warn(`policykb checker: checking on the page (${reason})`);
    modelState = data.model ? "loading" : "none";
    loadModelOnPage();
    warmUp();
  }

  let engine = null;
  function getEngine() {
    if (!engine) engine = engines.createEngine(data);
    return engine;
  }

  // After the next frame is painted (so that "Checking…" shows before the page is busy).
  function afterPaint(fn) {
    if (document.visibilityState === "visible" && root.requestAnimationFrame) {
      root.requestAnimationFrame(() => root.setTimeout(fn, 0));
    } else {
      root.setTimeout(fn, 0);
    }
  }

  function runOnPage(job) {
    if (job.wait && modelState === "loading") {
      onModelSettled(() => { job.wait = false; runOnPage(job); });
      return;
    }
    afterPaint(() => {
      if (job.cancelled || !pending.has(job.id)) return;
      pending.delete(job.id);
      let result;
      try {
        result = getEngine().check(job.text);
      } catch (error) {
        job.reject(error);
        return;
      }
      job.resolve(result);
    });
  }

  function loadModelOnPage() {
    if (modelState !== "loading") { settleModel(modelState); return; }
    const build = root.policykbModel;
    if (!build) { settleModel("failed"); return; } // model.js did not load
    const info = data.model;
    const script = document.createElement("script");
    script.src = staticURL(info.src);
    script.async = true;
    script.onload = () => {
      let state = "failed";
      try {
        getEngine().setModel(build.createModel(root[info.global]));
        state = "ready";
      } catch (error) {
        if (root.console) root.console.warn("policykb checker: the learned model is unusable:", error);
      }
      root[info.global] = undefined; // the engine keeps its own copy of the weights
      settleModel(state);
    };
    script.onerror = () => settleModel("failed");
    document.head.append(script);
  }

  // Compile the patterns in small slices while the browser is idle, so that the first
  // check on the page is as quick as the next ones (the worker does the same on its own).
  function warmUp() {
    const idle = root.requestIdleCallback || ((fn) => root.setTimeout(
      () => fn({ timeRemaining: () => 8 }), 50));
    const step = (deadline) => {
      if (getEngine().warm(() => deadline.timeRemaining() > 2)) {
        document.documentElement.classList.add("pkb-checker-warm");
      } else {
        idle(step);
      }
    };
    idle(step);
  }

  root.policykbChecker = {
    createEngine: engines && engines.createEngine,
    excerpt: engines && engines.excerpt,
    toJSON: engines && engines.toJSON,
    splitBlocks: (text) => engines.splitBlocks(String(text), data.entities),
    modelState: () => modelState,
    // "worker" or "page": where checks run.
    runsIn: () => (worker ? "worker" : "page"),
    // The engine's result (a promise; from the worker, the paragraphs without their text),
    // and per paragraph the topics found (for tests: `policykb tag` gives the same).
    check: (text) => runCheck(String(text), true),
    paragraphTopics: (text) => runCheck(String(text), true)
      .then((result) => result.paragraphs.map((p) => p.topics)),
  };

  // --- the page ------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

  function setup() {
    const input = document.getElementById("checker-input");
    const results = document.getElementById("checker-results");
    const run = document.getElementById("checker-run");
    const example = document.getElementById("checker-example");
    const clear = document.getElementById("checker-clear");
    const cancel = document.getElementById("checker-cancel");
    const form = document.querySelector(".pkb-checker");
    if (!input || !results || !run) return;
    const base = (form && form.dataset.root) || "";
    const pages = (data && data.pages) || {};
    const href = (path) => (path ? base + path : null);

    function show(...nodes) {
      results.replaceChildren(...nodes);
    }

    function message(title, text, extra, role) {
      return el("div", { className: "pkb-checker-message", role: role || "note" },
        el("p", { className: "pkb-checker-message-title" }, title), el("p", null, text), extra);
    }

    function link(path, text, attrs) {
      const target = href(path);
      return target ? el("a", { href: target, ...(attrs || {}) }, text) : el("span", null, text);
    }

    function tipLink(tip) {
      return link(pages.tips && pages.tips[String(tip.number)], `${tip.number}. ${tip.title}`,
        { className: "pkb-checker-tip-title" });
    }

    function topicLinks(ids, firstSeen) {
      const labels = new Map(data.topics.map((t) => [t.id, t.label]));
      const parts = [];
      ids.forEach((id, i) => {
        if (i) parts.push(", ");
        parts.push(link(pages.topics && pages.topics[id], labels.get(id) || id));
        if (firstSeen && firstSeen.has(id)) parts.push(` (paragraph ${firstSeen.get(id) + 1})`);
      });
      return parts;
    }

    function renderTips(result) {
      const firstSeen = new Map();
      for (const p of result.paragraphs) {
        for (const id of p.topics) if (!firstSeen.has(id)) firstSeen.set(id, p.index);
      }
      const covered = new Set(result.covered);
      const items = data.tips.map((tip) => {
        const topics = data.topics.filter((t) => t.tips.includes(tip.number)).map((t) => t.id);
        const ok = covered.has(tip.number);
        const body = ok
          ? el("p", { className: "pkb-checker-detail" }, "Found: ",
            topicLinks(topics.filter((id) => firstSeen.has(id)), firstSeen), ".")
          : [
            el("p", { className: "pkb-checker-detail" }, el("strong", null, "What to add: "),
              tip.summary),
            el("p", { className: "pkb-checker-detail pkb-checker-counts" },
              "Topics that count: ", topicLinks(topics, null), "."),
          ];
        return el("li", {
          className: `pkb-checker-tip ${ok ? "is-covered" : "is-missing"}`,
          "data-tip": tip.number, "data-covered": ok ? "true" : "false",
        },
        el("span", { className: "pkb-checker-mark", "aria-hidden": "true" }, ok ? "✓" : "✗"),
        el("div", { className: "pkb-checker-tip-body" },
          el("p", { className: "pkb-checker-tip-head" }, tipLink(tip), " ",
            el("span", { className: "pkb-checker-status" }, ok ? "Covered" : "Missing")),
          body));
      });
      return [
        el("h3", { id: "checker-tips-title" }, "The ten tips: ",
          `${result.covered.length} of ${data.tips.length} covered`),
        el("ul", { className: "pkb-checker-tips", "aria-labelledby": "checker-tips-title" }, items),
      ];
    }

    function renderFlag(flag, number) {
      const rule = flag.rule;
      const where = `Paragraph ${flag.paragraph + 1}` + (flag.line ? `, line ${flag.line}` : "");
      const field = (label, value, className) => [
        el("dt", null, label), el("dd", className ? { className } : null, value),
      ];
      return el("li", {
        className: "pkb-checker-flag", "data-flag": rule.id, "data-paragraph": flag.paragraph,
      },
      el("div", { className: "pkb-checker-flag-head" },
        el("h4", { className: "pkb-checker-flag-title" }, `${number}. ${rule.title}`),
        el("span", { className: "pkb-checker-where" }, where)),
      el("blockquote", { className: "pkb-checker-excerpt" }, el("p", null, flag.excerpt)),
      el("dl", { className: "pkb-checker-fields" },
        field("Why it matters", rule.why),
        field("Safer wording", rule.suggestion, "pkb-checker-suggestion"),
        field("Authority", rule.authority),
        field("Era", rule.era_labels),
        pages.rules
          ? field("More", link(`${pages.rules}#rule-${rule.id}`, "This pattern in detail"))
          : []));
    }

    function renderFlags(result) {
      const out = [el("h3", { id: "checker-flags-title" },
        "Wording to review under US labour law (NLRB): ",
        result.flags.length ? String(result.flags.length) : "none found")];
      if (result.flags.length) {
        out.push(el("p", null, "These passages are worded like rules the National Labor " +
          "Relations Board has treated as unlawful. Each comes with the reason and a safer " +
          "wording to consider. ", link(pages.nlrb, "More in the NLRB guide"), "."));
        // The first cards now, the others a batch at a time once the report shows
        // (`showMoreFlags`): a long draft can raise thousands.
        const long = result.flags.length > FLAG_BATCH;
        const list = el("ol", { className: `pkb-checker-flags${long ? " is-long" : ""}`,
          "aria-labelledby": "checker-flags-title" },
          result.flags.slice(0, FLAG_BATCH).map((flag, i) => renderFlag(flag, i + 1)));
        if (long) moreFlags = { list, flags: result.flags, next: FLAG_BATCH };
        out.push(list);
      } else {
        out.push(el("p", { className: "pkb-checker-none" },
          "Good news: no clause matched the risky wordings we know. That is not a clean bill " +
          "of health, though: the patterns catch common wordings, not every risky rule."));
      }
      const good = new Map();
      for (const flag of result.lawful) if (!good.has(flag.rule.id)) good.set(flag.rule.id, flag);
      if (good.size) {
        const sorted = [...good.values()].sort((a, b) =>
          a.paragraph - b.paragraph || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0));
        out.push(el("h3", { id: "checker-lawful-title" },
          "Clauses that follow a pattern the NLRB has accepted"));
        out.push(el("ul", { className: "pkb-checker-lawful", "aria-labelledby": "checker-lawful-title" },
          sorted.map((flag) => el("li", { "data-lawful": flag.rule.id },
            `Paragraph ${flag.paragraph + 1}: ${flag.rule.title}`))));
      }
      return out;
    }

    function renderDisclaimer() {
      const tip9 = data.tips.find((t) => t.number === 9);
      return el("div", { className: "pkb-note pkb-checker-disclaimer" },
        el("p", null, data.not_legal_advice),
        el("p", null, link(pages.not_legal_advice, "Why this is not legal advice"),
          tip9 ? " · " : "", tip9 ? link(pages.tips && pages.tips["9"], `Tip 9: ${tip9.title}`) : ""));
    }

    // Said whenever the topics shown may differ from those `policykb check` finds.
    function patternsOnlyNote(result) {
      if (result.learned || modelState === "none") return null;
      const [why, next] = modelState === "loading"
        ? ["is still loading", "Check again in a moment."]
        : ["did not load", "Reload the page to try again."];
      return el("p", { className: "pkb-note pkb-checker-patterns-only", role: "note" },
        el("strong", null, "Topics from patterns only. "),
        `The learned model ${why}, so these results may miss topics, and the tips they ` +
        `cover, that \`policykb check\` finds. ${next}`);
    }

    const FLAG_BATCH = 50; // flag cards built at a time
    let moreFlags = null; // {list, flags, next}: the cards still to add to the report

    function showMoreFlags(check) {
      if (check !== current || !moreFlags) return;
      const { list, flags, next } = moreFlags;
      const end = Math.min(flags.length, next + FLAG_BATCH);
      list.append(...flags.slice(next, end).map((flag, i) => renderFlag(flag, next + i + 1)));
      moreFlags.next = end;
      if (end < flags.length) {
        root.setTimeout(() => showMoreFlags(check), 0);
      } else {
        dropMoreFlags();
      }
    }

    function render(result) {
      moreFlags = null;
      const summary = el("p", { className: "pkb-checker-summary" },
        "Your draft covers ", el("strong", null, `${result.covered.length} of ${data.tips.length}`),
        " tips. ",
        result.flags.length
          ? ["We found ", el("strong", null, plural(result.flags.length, "passage", "passages")),
            " to review under US labour law."]
          : "We found no wording to review under US labour law.",
        ` (We read ${plural(result.paragraphs.length, "paragraph or list item",
          "paragraphs and list items")}; nothing left your computer.)`);
      return el("section", { className: "pkb-checker-report", "aria-labelledby": "checker-results-title" },
        el("h2", { id: "checker-results-title", tabindex: "-1" }, "Your results"),
        summary, patternsOnlyNote(result), renderTips(result), renderFlags(result),
        renderDisclaimer());
    }

    function tooLongMessage(size) {
      return message("Your draft is too long to check here.",
        `It has ${size.toLocaleString("en-US")} characters, and the checker reads at most ` +
        `${data.max_text.toLocaleString("en-US")} (a long policy has about 100,000). ` +
        "Split it into parts and check each part on its own.");
    }

    // --- a check: asked for, waiting for the weights, running, done or cancelled ----------
    let busy = false;
    let current = 0; // the check whose results the page is waiting for
    let statusTimer = null;
    let focusBack = null;

    function setBusy(on) {
      busy = on;
      run.disabled = on;
      run.textContent = on ? "Checking…" : "Check my draft";
      if (example) example.disabled = on;
      if (cancel) cancel.hidden = !on;
      if (form) form.classList.toggle("is-checking", on);
    }

    function checkNow() {
      if (busy) return; // the button is disabled; the shortcut waits for the check too
      if (!data) {
        show(message("The checker could not start.",
          "Its rules did not load. Reload the page; if that does not help, use " +
          "`policykb check` on your own computer."));
        return;
      }
      const text = input.value;
      if (!engines.hasText(text)) {
        show(message("Nothing to check yet.",
          "Paste or type your draft in the box above, then choose “Check my draft”. " +
          "Want to see how it works first? Choose “Try an example”."));
        return;
      }
      const size = engines.codePoints(text);
      if (size > data.max_text) {
        show(tooLongMessage(size));
        return;
      }
      start(text);
    }

    // The cards still to come of the report on show: no more.
    function dropMoreFlags() {
      moreFlags = null;
      results.removeAttribute("aria-busy");
    }

    function start(text) {
      const check = ++current;
      dropMoreFlags(); // (and the status messages below are read out)
      focusBack = document.activeElement;
      setBusy(true);
      let sent = false;
      const send = (wait) => {
        if (sent || check !== current) return;
        sent = true;
        if (worker) statusTimer = root.setTimeout(showChecking, STATUS_DELAY_MS);
        else showChecking(); // the page is about to be busy: say so first
        runCheck(text, wait).then(
          (result) => { if (check === current) done(() => showResults(result)); },
          (error) => { if (check === current && !error.cancelled) done(() => showError(error)); });
      };
      if (modelState !== "loading") { send(true); return; }
      // The page stays usable: the check runs as soon as the weights are in (or after
      // MODEL_WAIT_MS, with the patterns only and a note saying so).
      show(message("Loading the learned model…",
        "Your results will appear in a moment.", null, "status"));
      const timer = root.setTimeout(() => send(false), MODEL_WAIT_MS);
      onModelSettled(() => { root.clearTimeout(timer); send(true); });
    }

    function showChecking() {
      statusTimer = null;
      show(message("Checking your draft…",
        "A long draft takes a few seconds." +
        (worker ? " You can go on using the page, or choose “Cancel” to stop." : ""),
        null, "status"));
    }

    function done(report) {
      if (statusTimer !== null) { root.clearTimeout(statusTimer); statusTimer = null; }
      setBusy(false);
      // A disabled button loses the focus: give it back.
      const active = document.activeElement;
      if (focusBack && (!active || active === document.body || active === cancel)) {
        focusBack.focus({ preventScroll: true });
      }
      focusBack = null;
      report();
    }

    function stop(say) {
      current++;
      dropMoreFlags();
      if (!busy) return;
      cancelChecks();
      done(() => {
        if (say) {
          show(message("Check cancelled.",
            "Your draft is still in the box: choose “Check my draft” to check it again.",
            null, "status"));
        }
      });
    }

    function showError(error) {
      show(message("The check did not finish.",
        `Something went wrong while reading your draft (${error.message}). Reload the page ` +
        "and try again; if that does not help, use `policykb check` on your own computer."));
    }

    function showResults(result) {
      if (!result.paragraphs.length) {
        show(message("No paragraphs found.",
          "The draft has headings but no sentences to read. Add the text of your policy " +
          "under its headings and check again."));
        return;
      }
      show(render(result));
      if (moreFlags) {
        results.setAttribute("aria-busy", "true"); // the whole report is read out at once
        root.setTimeout(() => showMoreFlags(current), 0);
      }
      const top = results.getBoundingClientRect().top;
      if (top > window.innerHeight * 0.8 || top < 0) {
        const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        results.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
      }
    }

    run.addEventListener("click", checkNow);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        checkNow();
      }
    });
    if (example) {
      example.addEventListener("click", () => {
        const source = document.getElementById("checker-example-text");
        input.value = source ? source.content.textContent.replace(/^\n+/, "") : "";
        checkNow();
      });
    }
    if (cancel) {
      cancel.addEventListener("click", () => {
        stop(true);
        run.focus();
      });
    }
    if (clear) {
      clear.addEventListener("click", () => {
        stop(false);
        input.value = "";
        results.replaceChildren();
        input.focus();
      });
    }
    document.documentElement.classList.add("pkb-checker-ready");
  }

  if (data) {
    const reason = typeof root.Worker === "function" ? "the worker could not start" : null;
    if (!startWorker()) useThisPage(reason);
    else if (modelState !== "loading") settleModel(modelState);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})(window);
