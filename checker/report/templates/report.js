/* The review screen: filters, search, keyboard, review marks, export.
   Reads the JSON embedded in the page and data-* attributes. Writes only text (textContent), values
   and attributes, never markup: every string in the data is untrusted article text. No network.
   Without this script the page still reads in full (filters and review controls are hidden by CSS). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var STATUSES = ["confirmed", "follow-up", "dismissed"];
  var FILTERS = ["kind", "type", "severity", "source", "review", "q"];
  var hasOwn = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };
  var each = function (list, action) { Array.prototype.forEach.call(list, action); };

  function readJson(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (error) { return null; }
  }

  var data = readJson("findings-data") || { findings: [], sources: [] };
  var review = readJson("review-data") || {};
  var setName = String(review.set || data.set || "");
  var prefix = String(review.storage_prefix || "checker-review:" + setName + ":");
  var earlier = review.decisions || {};
  var statusLabels = review.statuses || { confirmed: "Confirmed", dismissed: "Dismissed", "follow-up": "Needs follow-up" };

  /* Search compares folded text: lower case, no accents, plain quotes and dashes. */
  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019\u201b\u2032]/g, "'").replace(/[\u201c\u201d\u201e\u2033]/g, "\"")
      .replace(/[\u2010-\u2015\u2212]/g, "-");
  }

  var labels = {};
  each(data.sources || [], function (source) { labels[source.id] = source.outlet || source.id; });

  /* One record per finding that has a card; `ordered` follows the page, `findings` the result. */
  var findings = [];
  var byId = {};
  var byFingerprint = {};
  each(data.findings || [], function (finding) {
    var card = document.getElementById(finding.id);
    if (!card || !card.classList.contains("card")) { return; }
    var sources = [];
    var words = [finding.id, finding.summary, finding.type, finding.kind, finding.severity];
    each(finding.evidence || [], function (evidence) {
      if (sources.indexOf(evidence.source) < 0) { sources.push(evidence.source); }
      words.push(evidence.source, labels[evidence.source] || "", evidence.sentence, evidence.value || "");
    });
    var item = {
      id: finding.id, fingerprint: String(finding.fingerprint || ""), kind: finding.kind, type: finding.type,
      severity: finding.severity, summary: finding.summary, sources: sources, text: fold(words.join("\n")),
      card: card, baseline: hasOwn(earlier, finding.fingerprint) ? earlier[finding.fingerprint] : null,
      isNew: card.classList.contains("is-new"), decision: { status: "", note: "" }, visible: true, expanded: false,
      rows: []
    };
    findings.push(item);
    byId[item.id] = item;
    byFingerprint[item.fingerprint] = item;
  });
  var ordered = [];
  each(document.querySelectorAll("article.card"), function (card) {
    if (hasOwn(byId, card.id)) { ordered.push(byId[card.id]); }
  });
  var gridRows = [];
  each(document.querySelectorAll("#grid tbody tr[data-findings]"), function (row) {
    var ids = row.getAttribute("data-findings").split(" ").filter(function (id) { return hasOwn(byId, id); });
    gridRows.push({ row: row, items: ids.map(function (id) { return byId[id]; }) });
    if (ids.length) { byId[ids[0]].rows.push(row); }
  });

  /* ---- storage: one localStorage entry per finding, keyed by set name and fingerprint ---- */
  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem(prefix + "probe", "1");
    storage.removeItem(prefix + "probe");
  } catch (error) {
    storage = null;
  }

  function cleanDecision(value) {
    if (!value || typeof value !== "object") { return null; }
    return {
      status: STATUSES.indexOf(value.status) >= 0 ? value.status : "",
      note: typeof value.note === "string" ? value.note : ""
    };
  }

  function stored(fingerprint) {
    if (!storage) { return null; }
    try {
      var raw = storage.getItem(prefix + fingerprint);
      return raw === null ? null : cleanDecision(JSON.parse(raw));
    } catch (error) {
      return null;
    }
  }

  function effective(item) {
    return stored(item.fingerprint) || cleanDecision(item.baseline) || { status: "", note: "" };
  }

  function save(item) {
    if (!storage) { return false; }
    var decision = item.decision;
    try {
      if (!decision.status && !decision.note && !item.baseline) {
        storage.removeItem(prefix + item.fingerprint);
      } else {
        storage.setItem(prefix + item.fingerprint, JSON.stringify({
          status: decision.status, note: decision.note, finding: item.id, summary: item.summary
        }));
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  var storageStatus = document.getElementById("storage-status");
  function say(node, text) { if (node) { node.textContent = text; } }
  if (!storage) {
    say(storageStatus, "This browser does not keep marks (storage is off): export your decisions before closing the page.");
  }

  /* ---- showing a decision on its card ---- */
  function render(item) {
    var card = item.card;
    var decision = item.decision;
    card.setAttribute("data-decision", decision.status);
    each(STATUSES, function (status) { card.classList.toggle("decision-" + status, decision.status === status); });
    each(card.querySelectorAll("button.mark"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-mark") === decision.status));
    });
    var badge = card.querySelector(".badge.decision");
    if (badge) {
      badge.textContent = decision.status ? statusLabels[decision.status] || decision.status : "";
      badge.hidden = !decision.status;
    }
    var note = card.querySelector("textarea[data-note]");
    if (note && note.value !== decision.note && document.activeElement !== note) { note.value = decision.note; }
    var printed = card.querySelector(".decision-note");
    if (printed) {
      say(printed.querySelector(".text"), decision.note);
      printed.hidden = !decision.note;
    }
    var collapsed = decision.status === "dismissed" && !item.expanded;
    card.classList.toggle("collapsed", collapsed);
    var toggle = card.querySelector(".toggle-evidence");
    if (toggle) {
      toggle.hidden = decision.status !== "dismissed";
      toggle.setAttribute("aria-expanded", String(!collapsed));
      toggle.textContent = collapsed ? "Show evidence" : "Hide evidence";
    }
    each(item.rows, function (row) { row.setAttribute("data-decision", decision.status); });
  }

  var progress = document.getElementById("review-progress");
  function updateProgress() {
    var counts = { confirmed: 0, "follow-up": 0, dismissed: 0 };
    var marked = 0;
    each(findings, function (item) {
      if (item.decision.status) { counts[item.decision.status] += 1; marked += 1; }
    });
    say(progress, marked + " of " + findings.length + " findings reviewed: " + counts.confirmed + " confirmed, " +
      counts["follow-up"] + " need follow-up, " + counts.dismissed + " dismissed.");
  }

  function setDecision(item, status, note) {
    item.decision = { status: status, note: note === undefined ? item.decision.note : note };
    if (status !== "dismissed") { item.expanded = false; }
    var saved = save(item);
    render(item);
    updateProgress();
    if (!saved && storage) { say(storageStatus, "Could not save the mark in this browser: export your decisions."); }
  }

  /* ---- filters ---- */
  function emptyState() { return { kind: "", type: "", severity: "", source: "", review: "", q: "" }; }
  var state = emptyState();
  var controls = {};
  each(document.querySelectorAll("#filters [data-filter]"), function (control) {
    controls[control.getAttribute("data-filter")] = control;
  });
  var filterStatus = document.getElementById("filter-status");
  var openedByFilter = [];
  var current = null;

  function active() {
    return FILTERS.some(function (name) { return Boolean(state[name]); });
  }

  function reviewMatches(item, value) {
    var status = item.decision.status;
    if (value === "open") { return !status; }
    if (value === "active") { return status !== "dismissed"; }
    if (value === "new") { return item.isNew; }
    return status === value;
  }

  function facet(item, name, value) {
    if (!value) { return true; }
    if (name === "source") { return item.sources.indexOf(value) >= 0; }
    if (name === "review") { return reviewMatches(item, value); }
    return item[name] === value;
  }

  function matches(item, skip, words) {
    for (var index = 0; index < FILTERS.length - 1; index += 1) {
      var name = FILTERS[index];
      if (name !== skip && !facet(item, name, state[name])) { return false; }
    }
    return wordsMatch(item, words);
  }

  function wordsMatch(item, words) {
    if (!words.length) { return true; }
    var haystack = item.decision.note ? item.text + "\n" + fold(item.decision.note) : item.text;
    for (var word = 0; word < words.length; word += 1) {
      if (haystack.indexOf(words[word]) < 0) { return false; }
    }
    return true;
  }

  function openAncestors(node) {
    for (var parent = node.parentElement; parent; parent = parent.parentElement) {
      if (parent.tagName === "DETAILS") { parent.open = true; }
    }
  }

  /* Each option's count: the findings it would show, given every other filter. One pass over the findings. */
  function reviewValues(item) {
    var status = item.decision.status;
    var values = ["", status || "open"];
    if (status !== "dismissed") { values.push("active"); }
    if (item.isNew) { values.push("new"); }
    return values;
  }

  function updateCounts(words) {
    var names = FILTERS.slice(0, -1);
    var counts = {};
    each(names, function (name) { counts[name] = {}; });
    each(findings, function (item) {
      var failed = [];
      each(names, function (name) { if (!facet(item, name, state[name])) { failed.push(name); } });
      if (failed.length > 1 || !wordsMatch(item, words)) { return; }
      each(names, function (name) {
        if (failed.length && failed[0] !== name) { return; }
        var values = name === "source" ? [""].concat(item.sources)
          : name === "review" ? reviewValues(item) : ["", item[name]];
        each(values, function (value) { counts[name][value] = (counts[name][value] || 0) + 1; });
      });
    });
    each(names, function (name) {
      var control = controls[name];
      if (!control || control.tagName !== "SELECT") { return; }
      each(control.options, function (option) {
        option.textContent = (option.getAttribute("data-label") || option.value) + " (" + (counts[name][option.value] || 0) + ")";
      });
    });
  }

  function applyFilters() {
    var words = fold(state.q).split(/\s+/).filter(Boolean);
    var filtering = active();
    /* Read before hiding: a hidden card loses the focus. */
    var focusInCurrent = Boolean(current && current.card.contains(document.activeElement));
    var shown = 0;
    var perKind = {};
    each(findings, function (item) {
      item.visible = matches(item, null, words);
      item.card.hidden = !item.visible;
      if (item.visible) { shown += 1; perKind[item.kind] = (perKind[item.kind] || 0) + 1; }
    });
    each(document.querySelectorAll("[data-shown]"), function (span) {
      var total = span.getAttribute("data-total");
      var count = perKind[span.getAttribute("data-shown")] || 0;
      span.textContent = filtering ? count + " of " + total : total;
    });
    each(document.querySelectorAll("section[data-section]"), function (section) {
      var count = perKind[section.getAttribute("data-section")] || 0;
      var message = section.querySelector(".no-match");
      if (message) { message.hidden = !filtering || count > 0; }
      var details = section.querySelector("details");
      if (!details) { return; }
      if (filtering && count > 0 && !details.open) {
        details.open = true;
        openedByFilter.push(details);
      }
    });
    if (!filtering) {
      each(openedByFilter, function (details) { details.open = false; });
      openedByFilter = [];
    }
    var rowsShown = 0;
    each(gridRows, function (entry) {
      var visible = entry.items.length === 0 || entry.items.some(function (item) { return item.visible; });
      entry.row.hidden = !visible;
      if (visible) { rowsShown += 1; }
    });
    var gridMessage = document.querySelector("#grid .no-match");
    if (gridMessage) { gridMessage.hidden = rowsShown > 0; }
    updateCounts(words);
    say(filterStatus, filtering
      ? "Showing " + shown + " of " + findings.length + " findings" + (state.q ? " matching \u201c" + state.q + "\u201d" : "") + "."
      : "Showing all " + findings.length + " findings.");
    if (current && !current.visible) {
      var next = following(current);
      setCurrent(next, false);
      if (next && focusInCurrent) { focusItem(next, true); }
    }
  }

  /* The first visible finding after `item` in page order (else the last one before it). */
  function following(item) {
    var index = ordered.indexOf(item);
    for (var after = index + 1; after < ordered.length; after += 1) {
      if (ordered[after].visible) { return ordered[after]; }
    }
    for (var before = index - 1; before >= 0; before -= 1) {
      if (ordered[before].visible) { return ordered[before]; }
    }
    return null;
  }

  function syncControls() {
    each(Object.keys(controls), function (name) {
      if (controls[name].value !== state[name]) { controls[name].value = state[name]; }
    });
  }

  /* ---- the URL hash keeps the view: #kind=discrepancy&severity=high&q=witkoff&f=F3 ---- */
  function decode(text) {
    try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (error) { return ""; }
  }

  function hashText() {
    var parts = [];
    each(FILTERS, function (name) {
      if (state[name]) { parts.push(name + "=" + encodeURIComponent(state[name])); }
    });
    if (current) { parts.push("f=" + encodeURIComponent(current.id)); }
    return parts.join("&");
  }

  function writeHash() {
    var text = hashText();
    var raw = window.location.hash.slice(1);
    if (text === raw || (!text && raw.indexOf("=") < 0)) { return; }
    var url = window.location.href.split("#")[0] + (text ? "#" + text : "");
    try { window.history.replaceState(window.history.state, "", url); } catch (error) { /* the view still works */ }
  }

  function readHash() {
    var raw = window.location.hash.slice(1);
    if (raw.indexOf("=") < 0) { return null; }
    var next = emptyState();
    var focus = null;
    each(raw.split("&"), function (pair) {
      var split = pair.indexOf("=");
      if (split < 0) { return; }
      var key = decode(pair.slice(0, split));
      var value = decode(pair.slice(split + 1));
      if (key === "f") { focus = value; } else if (hasOwn(next, key)) { next[key] = value; }
    });
    each(Object.keys(controls), function (name) {
      var control = controls[name];
      if (control.tagName === "SELECT") {
        var known = Array.prototype.some.call(control.options, function (option) { return option.value === next[name]; });
        if (!known) { next[name] = ""; }
      }
    });
    return { state: next, focus: focus && hasOwn(byId, focus) ? byId[focus] : null };
  }

  function applyHash() {
    var parsed = readHash();
    if (!parsed) { return false; }
    state = parsed.state;
    syncControls();
    applyFilters();
    if (parsed.focus && parsed.focus.visible) { openFinding(parsed.focus, false); }
    return true;
  }

  /* ---- the current finding (j/k move it; marks apply to it) ---- */
  function setCurrent(item, updateHash) {
    if (current && current !== item) { current.card.classList.remove("current"); }
    current = item;
    if (item) { item.card.classList.add("current"); }
    if (updateHash !== false) { writeHash(); }
  }

  function focusItem(item, scroll) {
    openAncestors(item.card);
    setCurrent(item);
    if (scroll !== false) { item.card.scrollIntoView({ block: "start" }); }
    item.card.focus({ preventScroll: true });
  }

  function flash(node) {
    node.classList.remove("flash");
    void node.offsetWidth; /* restart the animation */
    node.classList.add("flash");
  }

  /* Show a finding: clear the filters if they hide it, open its section, expand it if dismissed. */
  function openFinding(item, expand) {
    if (!item.visible) {
      state = emptyState();
      syncControls();
      applyFilters();
      say(filterStatus, "Filters cleared to show " + item.id + ". " + filterStatus.textContent);
    }
    if (expand !== false && item.decision.status === "dismissed" && !item.expanded) {
      item.expanded = true;
      render(item);
    }
    focusItem(item);
    flash(item.card);
  }

  function move(step) {
    var visible = ordered.filter(function (item) { return item.visible; });
    if (!visible.length) { return; }
    var index = current ? visible.indexOf(current) : -1;
    var next = index < 0 ? (step > 0 ? visible[0] : visible[visible.length - 1])
      : visible[Math.min(Math.max(index + step, 0), visible.length - 1)];
    focusItem(next);
  }

  /* ---- wiring ---- */
  each(findings, function (item) {
    item.decision = effective(item);
    render(item);
    var card = item.card;
    each(card.querySelectorAll("button.mark"), function (button) {
      button.addEventListener("click", function () {
        var status = button.getAttribute("data-mark");
        setCurrent(item);
        setDecision(item, item.decision.status === status ? "" : status);
        if (state.review) { applyFilters(); }
      });
    });
    var note = card.querySelector("textarea[data-note]");
    if (note) {
      /* Not re-filtered while typing: the card must not vanish under the editor's hands. */
      note.addEventListener("input", function () { setDecision(item, item.decision.status, note.value); });
    }
    var toggle = card.querySelector(".toggle-evidence");
    if (toggle) {
      toggle.addEventListener("click", function () {
        item.expanded = !item.expanded;
        render(item);
      });
    }
  });

  document.addEventListener("focusin", function (event) {
    var card = event.target.closest ? event.target.closest("article.card") : null;
    if (card && hasOwn(byId, card.id) && byId[card.id] !== current) { setCurrent(byId[card.id]); }
  });

  each(Object.keys(controls), function (name) {
    var control = controls[name];
    control.addEventListener(control.tagName === "SELECT" ? "change" : "input", function () {
      state[name] = control.value;
      applyFilters();
      writeHash();
    });
  });
  if (controls.q) {
    controls.q.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); move(1); }
    });
  }
  var clear = document.getElementById("clear-filters");
  if (clear) {
    clear.addEventListener("click", function () {
      state = emptyState();
      syncControls();
      applyFilters();
      writeHash();
    });
  }

  /* Clicking a grid row (or its link) opens the row's finding. */
  each(gridRows, function (entry) {
    if (!entry.items.length) { return; }
    entry.row.classList.add("opens");
    entry.row.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      event.preventDefault();
      openFinding(entry.items[0]);
    });
  });

  /* A plain #id in the URL (a card, a sentence in context): open what holds it and focus it. */
  function reveal() {
    var id = decode(window.location.hash.slice(1));
    var node = id ? document.getElementById(id) : null;
    if (!node) { return; }
    if (hasOwn(byId, id) && byId[id].card === node) {
      openFinding(byId[id]);
      return;
    }
    openAncestors(node);
    if (node.classList.contains("sentence")) {
      node.focus({ preventScroll: true });
      flash(node);
    }
  }

  window.addEventListener("hashchange", function () {
    if (!applyHash()) { reveal(); }
  });

  window.addEventListener("storage", function (event) {
    if (!event.key || event.key.indexOf(prefix) !== 0) { return; }
    var fingerprint = event.key.slice(prefix.length);
    if (!hasOwn(byFingerprint, fingerprint)) { return; }
    var item = byFingerprint[fingerprint];
    item.decision = effective(item);
    render(item);
    updateProgress();
  });

  /* ---- keyboard ---- */
  var keysHelp = document.getElementById("keys");
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var tag = target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) {
      if (event.key === "Escape" && !(tag === "INPUT" && target.value)) {
        var card = target.closest("article.card");
        if (card) { card.focus(); } else { target.blur(); }
      }
      return;
    }
    var key = event.key;
    if (key === "Enter" && (tag === "A" || tag === "BUTTON" || tag === "SUMMARY")) { return; }
    if (key === "j") { move(1); } else if (key === "k") { move(-1); } else if (key === "o" || key === "Enter") {
      if (current) { openFinding(current); } else { move(1); }
    } else if (key === "c" || key === "d" || key === "f" || key === "u") {
      if (!current) { say(filterStatus, "Choose a finding first (j / k)."); return; }
      var status = { c: "confirmed", d: "dismissed", f: "follow-up", u: "" }[key];
      setDecision(current, status);
      if (state.review) { applyFilters(); }
    } else if (key === "n") {
      if (!current) { return; }
      var note = current.card.querySelector("textarea[data-note]");
      if (note) { note.focus(); }
    } else if (key === "/") {
      if (controls.q) { controls.q.focus(); controls.q.select(); }
    } else if (key === "?") {
      if (keysHelp) { keysHelp.open = !keysHelp.open; if (keysHelp.open) { keysHelp.scrollIntoView({ block: "nearest" }); } }
    } else {
      return;
    }
    event.preventDefault();
  });

  /* ---- export: a decisions file, downloaded from a Blob URL ---- */
  function exportDocument() {
    var list = [];
    var seen = {};
    each(findings, function (item) {
      seen[item.fingerprint] = true;
      if (!item.decision.status) { return; }
      list.push({
        fingerprint: item.fingerprint, finding: item.id, status: item.decision.status,
        note: item.decision.note, summary: item.summary
      });
    });
    /* Decisions on findings this run no longer has are kept, so an export never loses a decision. */
    var kept = {};
    each(review.unmatched || [], function (decision) {
      if (decision && typeof decision.fingerprint === "string" && !hasOwn(seen, decision.fingerprint)) {
        kept[decision.fingerprint] = decision;
      }
    });
    for (var index = 0; storage && index < storage.length; index += 1) {
      var key = storage.key(index);
      var fingerprint = key ? key.slice(prefix.length) : "";
      if (key && key.indexOf(prefix) === 0 && fingerprint !== "probe" && !hasOwn(seen, fingerprint)) {
        try {
          var value = JSON.parse(storage.getItem(key)) || {};
          kept[fingerprint] = { fingerprint: fingerprint, finding: value.finding, status: value.status,
            note: value.note, summary: value.summary };
        } catch (error) { /* an unreadable entry is skipped */ }
      }
    }
    each(Object.keys(kept).sort(), function (fingerprint) {
      var decision = kept[fingerprint];
      if (STATUSES.indexOf(decision.status) < 0) { return; }
      list.push({
        fingerprint: fingerprint, finding: typeof decision.finding === "string" ? decision.finding : null,
        status: decision.status, note: typeof decision.note === "string" ? decision.note : "",
        summary: typeof decision.summary === "string" ? decision.summary : null
      });
    });
    return { format_version: 1, set: setName, decisions: list };
  }

  var exportButton = document.getElementById("export-decisions");
  if (exportButton) {
    exportButton.addEventListener("click", function () {
      var documentData = exportDocument();
      var blob = new Blob([JSON.stringify(documentData, null, 2) + "\n"], { type: "application/json" });
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = (setName.replace(/[^A-Za-z0-9._-]+/g, "_") || "report") + ".decisions.json";
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      say(storageStatus, "Exported " + documentData.decisions.length + " decision" +
        (documentData.decisions.length === 1 ? "" : "s") + " as " + link.download + ".");
    });
  }

  /* ---- print: every section open, then back as it was ---- */
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details:not([open])"), function (details) {
      if (details.id === "keys") { return; }
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    each(openedForPrint, function (details) { details.open = false; });
    openedForPrint = [];
  });

  /* ---- start: the hash's view, else the plain #id it names ---- */
  updateProgress();
  if (!applyHash()) {
    applyFilters();
    reveal();
  }
})();
