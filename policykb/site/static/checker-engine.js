// The checker's engine: ten-tip coverage and NLRB flags for a draft, with the same rules as
// `policykb check`. Shared by the checker page (checker.js, which loads this file with a
// plain <script>), its Web Worker (checker-worker.js, with importScripts) and the tests
// (Node, with require).
//
// The engine mirrors policykb/analysis/blocks.py (split_blocks, on the tokens of markdown-it,
// vendor/markdown-it.min.js), policykb/analysis/tagger.py (languages,
// topics, the word-prefix pre-filter) and policykb/analysis/checker.py (rules, lead-ins, lawful
// overrides, excerpts). Its data (patterns already rewritten for JavaScript, the HTML entity
// table) comes from checker-data.js, written at build time from
// `policykb.analysis.checker.browser_data()`. Topics come from the patterns plus the learned model
// (model.js), once its weights are given with `engine.setModel`.
//
// `policykbEngine.createEngine(data)` gives `check(text)`; `policykbEngine.toJSON` of its
// result is what `policykb check --json` prints. Nothing here touches a page: the engine
// runs where there is no document.
(function (root) {
  "use strict";

  // --- Python's notion of whitespace, word and letter characters --------------------
  // str.split(), str.strip() and re's \s use Unicode whitespace; \w is letters, numbers
  // and "_"; [^\W\d_] is \w without decimal digits and "_".
  const WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const WORD = "\\p{L}\\p{N}_";
  const LETTER = "\\p{L}\\p{Nl}\\p{No}";
  const u = (source, flags) => new RegExp(source, "u" + (flags || ""));

  const STRIP_RE = u(`^[${WS}]+|[${WS}]+$`, "g");
  const RSTRIP_RE = u(`[${WS}]+$`);
  const SPLIT_RE = u(`[${WS}]+`);
  const SURROGATE_RE = /[\ud800-\udfff]/;

  function strip(s) { return s.replace(STRIP_RE, ""); }
  function rstrip(s) { return s.replace(RSTRIP_RE, ""); }
  function words(s) { return s.split(SPLIT_RE).filter(Boolean); }
  // Lengths and slices in code points, as Python counts them (a lone surrogate is one).
  function cpLength(s) {
    if (!SURROGATE_RE.test(s)) return s.length;
    let pairs = 0;
    for (let i = 0; i < s.length - 1; i++) {
      const code = s.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) { pairs++; i++; }
      }
    }
    return s.length - pairs;
  }
  function cpSlice(s, start, end) {
    return SURROGATE_RE.test(s) ? Array.from(s).slice(start, end).join("") : s.slice(start, end);
  }

  // --- splitting a draft into paragraphs and list items (paragraphs.py) -------------
  // markdown-it (vendor/markdown-it.min.js, the version markdown-it-py ports) reads the
  // structure; the steps below are those of paragraphs.split_blocks, one for one.
  const FRONT_MATTER_RE = /^---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
  const BOLD_LINE_RE = /^(\*\*|__)([^*_][^\n]*?)\1[ \t]*:?$/;
  const GLYPH_ITEM_RE = u(`^[ \\t]*[•▪◦‣●○■□–][ \\t]+(?=[^${WS}])`);
  const ADMONITION_RE = u(`^(?:!!!|\\?\\?\\?\\+?)[ \\t]+[^${WS}]`);

  // No brackets in link texts, no parentheses in nested parentheses: linear time.
  const FOOTNOTE_REF_RE = /\[\^[^[\]\s]{1,30}\](?!\()/gu;
  const IMAGE_RE = /!\[([^[\]]*)\]\([^()]*\)/g;
  const LINK_RE = /(?<!\\)\[([^[\]]+)\]\((?:[^()]|\([^()]*\))*\)/g;
  const REF_LINK_RE = /(?<!\\)\[([^[\]]+)\]\[[^[\]]*\]/g;
  const AUTOLINK_RE = u(`(?<!\\\\)<((?:https?|mailto):[^>${WS}]+)>`, "g");
  const TAG_RE = /(?<!\\)<\/?[A-Za-z][^<>]*>/g;
  const EMPHASIS_RE = u(
    `(?<!\\\\)\\*+|(?<![${WORD}\\\\])_+(?=[^${WS}])|(?<=[^${WS}])(?<!\\\\)_+(?![${WORD}])`, "g");
  const CODE_RE = /(?<!\\)`+/g;
  const ESCAPE_RE = /\\([!-/:-@[-`{-~])/g;
  const LETTER_RE = u(`[${LETTER}]`);

  // CommonMark with tables, block structure only (paragraphs.markdown_parser).
  let parser = null;
  function markdownParser() {
    if (!parser) {
      const markdownit = root.markdownit ||
        (typeof require === "function" ? require("./vendor/markdown-it.min.js") : null);
      if (!markdownit) throw new Error("markdown-it is not loaded");
      parser = markdownit("commonmark").enable("table").disable(["inline", "text_join"]);
    }
    return parser;
  }

  // YAML front matter as blank lines (paragraphs.blank_front_matter).
  function blankFrontMatter(text) {
    const front = FRONT_MATTER_RE.exec(text);
    if (!front) return text;
    return "\n".repeat(front[0].split("\n").length - 1) + text.slice(front[0].length);
  }

  // <!-- … --> removed, keeping its line breaks; a scan, not a lazy regex, so that a run of
  // unclosed "<!--" costs linear time (paragraphs.strip_html_comments).
  function stripHtmlComments(text) {
    if (!text.includes("<!--")) return text;
    const out = [];
    let position = 0;
    for (;;) {
      const start = text.indexOf("<!--", position);
      if (start < 0) break;
      const end = text.indexOf("-->", start + 4);
      if (end < 0) break;
      out.push(text.slice(position, start));
      out.push("\n".repeat(text.slice(start, end).split("\n").length - 1));
      position = end + 3;
    }
    out.push(text.slice(position));
    return out.join("");
  }

  // A MkDocs admonition's body one level less indented (paragraphs.dedent_admonitions).
  function dedentAdmonitions(text) {
    if (!text.includes("!!!") && !text.includes("???")) return text;
    const lines = text.split("\n");
    let inside = false;
    for (let number = 0; number < lines.length; number++) {
      const line = lines[number];
      if (ADMONITION_RE.test(line)) inside = true;
      else if (inside && (line.startsWith("    ") || line.startsWith("\t"))) {
        lines[number] = line[0] === " " ? line.slice(4) : line.slice(1);
      } else if (inside && strip(line)) inside = false;
    }
    return lines.join("\n");
  }

  function splitBlocks(markdown, entities) {
    let text = markdown.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/\ufeff/g, "");
    text = dedentAdmonitions(stripHtmlComments(blankFrontMatter(text)));
    const out = [];
    for (const [kind, line, source] of glyphBullets(tokenBlocks(text, 0, true, []))) {
      if (isBoldHeading(kind, source)) continue;
      const cleaned = cleanInline(source.split("\n").map(strip).join(" "), entities || {});
      if (LETTER_RE.test(cleaned)) out.push({ text: cleaned, line: line + 1, kind });
    }
    return out;
  }

  // [kind, 0-based first line, inline source] of each paragraph, list item and table row;
  // indented text read again once (paragraphs._token_blocks).
  function tokenBlocks(text, offset, reread, out) {
    const items = [];
    let paragraph = null;
    let row = null;
    let rowLine = 0;
    for (const token of markdownParser().parse(text, {})) {
      const kind = token.type;
      if (kind === "inline") {
        if (row !== null) row.push(strip(token.content));
        else if (paragraph !== null) out.push([paragraph[0], paragraph[1], token.content]);
      } else if (kind === "paragraph_open") {
        const isItem = items.length > 0 && !items[items.length - 1];
        if (isItem) items[items.length - 1] = true;
        paragraph = [isItem ? "item" : "paragraph", offset + token.map[0]];
      } else if (kind === "paragraph_close") {
        paragraph = null;
      } else if (kind === "list_item_open") {
        items.push(false);
      } else if (kind === "list_item_close") {
        items.pop();
      } else if (kind === "tr_open") {
        row = [];
        rowLine = offset + token.map[0];
      } else if (kind === "tr_close" && row !== null) {
        out.push(["row", rowLine, row.filter(Boolean).join(" | ")]);
        row = null;
      } else if (kind === "code_block" && reread) {
        tokenBlocks(token.content, offset + token.map[0], false, out);
      }
    }
    return out;
  }

  // Lines that open with a bullet character are list items (paragraphs._glyph_bullets).
  function glyphBullets(blocks) {
    const out = [];
    for (const [first, line, source] of blocks) {
      const lines = source.split("\n");
      if (first === "row" || !lines.some((text) => GLYPH_ITEM_RE.test(text))) {
        out.push([first, line, source]);
        continue;
      }
      let kind = first;
      let start = line;
      let part = [];
      lines.forEach((text, offset) => {
        const bullet = GLYPH_ITEM_RE.exec(text);
        if (bullet) {
          if (part.length) out.push([kind, start, part.join("\n")]);
          kind = "item";
          start = line + offset;
          part = [text.slice(bullet[0].length)];
        } else {
          part.push(text);
        }
      });
      out.push([kind, start, part.join("\n")]);
    }
    return out;
  }

  // One short line wholly in bold, standing in for a heading (paragraphs._is_bold_heading).
  function isBoldHeading(kind, source) {
    if (kind !== "paragraph" || source.includes("\n")) return false;
    const bold = BOLD_LINE_RE.exec(strip(source));
    if (!bold) return false;
    return words(bold[2]).length <= 12 && !/[.!?;]$/.test(rstrip(bold[2]));
  }

  function cleanInline(text, entities) {
    if (text.includes("[")) {
      text = text.replace(FOOTNOTE_REF_RE, "").replace(IMAGE_RE, "$1").replace(LINK_RE, "$1").replace(REF_LINK_RE, "$1");
    }
    if (text.includes("<")) text = text.replace(AUTOLINK_RE, "$1").replace(TAG_RE, " ");
    if (text.includes("`")) text = text.replace(CODE_RE, "");
    if (text.includes("*") || text.includes("_")) text = text.replace(EMPHASIS_RE, "");
    // Entities before escapes, so that a typed "\&amp;" stays as typed (paragraphs.py).
    if (text.includes("&")) text = unescapeHtml(text, entities);
    if (text.includes("\\")) text = text.replace(ESCAPE_RE, "$1");
    return words(text).join(" ");
  }

  // --- html.unescape ------------------------------------------------------------------
  const CHARREF_RE = /(?<!\\)&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/gu;
  // Code points 0x80-0x9f as Windows-1252 characters, as html.unescape reads them.
  const CP1252 = "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039" +
    "\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161" +
    "\u203a\u0153\x9d\u017e\u0178";

  function unescapeHtml(text, entities) {
    return text.replace(CHARREF_RE,
      (all, ref) => (ref[0] === "#" ? numericRef(ref) : namedRef(ref, entities)));
  }

  function numericRef(ref) {
    const hex = ref[1] === "x" || ref[1] === "X";
    const num = parseInt(ref.slice(hex ? 2 : 1).replace(/;$/, ""), hex ? 16 : 10);
    if (num === 0) return "\ufffd";
    if (num === 0x0d) return "\r";
    if (num >= 0x80 && num <= 0x9f) return CP1252[num - 0x80];
    if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return "\ufffd";
    const invalid = (num >= 0x1 && num <= 0x8) || num === 0xb || (num >= 0xe && num <= 0x1f) ||
      num === 0x7f || (num >= 0xfdd0 && num <= 0xfdef) || (num & 0xfffe) === 0xfffe;
    return invalid ? "" : String.fromCodePoint(num);
  }

  // A named reference: the whole reference when it is known, else the longest known name
  // at its start (html.unescape). Names are ASCII, so the cuts fall where Python's do.
  function namedRef(ref, entities) {
    const known = (name) => Object.prototype.hasOwnProperty.call(entities, name);
    if (known(ref)) return entities[ref];
    for (let end = ref.length - 1; end > 1; end--) {
      const name = ref.slice(0, end);
      if (known(name)) return entities[name] + ref.slice(end);
    }
    return "&" + ref;
  }

  function leadIns(blocks) {
    let lead = "";
    return blocks.map((block) => {
      if (block.kind === "item") return lead;
      lead = block.text;
      return "";
    });
  }

  // --- the checker engine (tagger.py, checker.py) -------------------------------------
  function createEngine(data) {
    const MIN_KEY = data.prefilter.min_key;
    const MAX_KEY = data.prefilter.max_key;
    const TOKEN_RE = u(`[${WORD}]+`, "g");
    const LANG_WORD_RE = u(`[${LETTER}]+`, "g");
    const KANA_RE = /[\u3040-\u30ff]/g;
    const QUOTES_RE = new RegExp("[" + Object.keys(data.quotes).join("") + "]", "g");
    const quoteMap = data.quotes;
    const functionWords = data.languages.function_words;

    // Regular expressions are compiled on first use: with Unicode classes under the "i"
    // flag, compiling is what costs (about 2 ms each), and the pre-filter means that most
    // patterns never run on a given draft. `warm` compiles the rest while the page is idle.
    const allPatterns = [];
    function compileGroup(patterns, covers) {
      const out = {};
      for (const lang of Object.keys(patterns || {})) {
        out[lang] = patterns[lang].map((source, i) => {
          const pattern = { source, re: null, covers: covers ? covers[lang][i] : [] };
          allPatterns.push(pattern);
          return pattern;
        });
      }
      return out;
    }
    function regex(pattern) {
      if (!pattern.re) {
        pattern.re = new RegExp(pattern.source, data.flags);
        // V8 interprets a new expression once, then compiles it to machine code, once
        // for Latin-1 texts and once for others (here: with a dash).
        for (const sample of ["warm up", "warm up", "warm \u2014 up", "warm \u2014 up"]) {
          pattern.re.test(sample);
        }
      }
      return pattern.re;
    }
    let warmed = 0;
    function warm(hasTime) {
      if (warmed < allPatterns.length) {
        do regex(allPatterns[warmed++]); while (warmed < allPatterns.length && hasTime());
      }
      return warmed >= allPatterns.length;
    }
    const topics = data.topics.map((t) => ({
      id: t.id, tips: t.tips,
      include: compileGroup(t.patterns, t.covers), exclude: compileGroup(t.exclude, null),
    }));
    // Lawful rules first, then risky ones, as in checker.compile_rules.
    const rules = [...data.rules.filter((r) => r.kind === "lawful"),
      ...data.rules.filter((r) => r.kind === "risky")].map((r) => ({
      info: r, include: compileGroup(r.patterns, r.covers), exclude: compileGroup(r.exclude, null),
    }));

    function matchForm(text) { return text.replace(QUOTES_RE, (q) => quoteMap[q]); }

    function textKeys(text) {
      const keys = new Set();
      const seen = new Set(text.toLowerCase().match(TOKEN_RE) || []);
      for (const word of seen) {
        const chars = SURROGATE_RE.test(word) ? Array.from(word) : null;
        const length = chars ? chars.length : word.length;
        for (let n = MIN_KEY; n <= Math.min(length, MAX_KEY); n++) {
          keys.add(chars ? chars.slice(0, n).join("") : word.slice(0, n));
        }
      }
      return keys;
    }

    function possible(pattern, keys) {
      return pattern.covers.every((cover) => cover.some((key) => keys.has(key)));
    }

    function snippet(match, text) {
      const found = strip(match[0]);
      if (found) return found;
      if (cpLength(text) <= 80) return text;
      const head = cpSlice(text, 0, 79);
      const space = head.lastIndexOf(" ");
      return (space >= 0 ? head.slice(0, space) : head) + " …";
    }

    // The matches of a topic's or rule's patterns in the active languages (pre-filtered).
    function explain(group, text, keys, languages) {
      const found = [];
      for (const lang of Object.keys(group)) {
        if (!languages.includes(lang)) continue;
        for (const pattern of group[lang]) {
          if (!possible(pattern, keys)) continue;
          const m = regex(pattern).exec(text);
          if (m) found.push(snippet(m, text));
        }
      }
      return found;
    }

    function vetoed(exclude, texts, languages) {
      for (const lang of languages) {
        const veto = exclude[lang];
        if (!veto) continue;
        for (const text of texts) {
          if (text && veto.some((pattern) => regex(pattern).test(text))) return true;
        }
      }
      return false;
    }

    function detectLanguages(text) {
      const sample = (text.length > 200000 ? cpSlice(text, 0, 200000) : text).toLowerCase();
      const counts = new Map();
      for (const w of sample.match(LANG_WORD_RE) || []) counts.set(w, (counts.get(w) || 0) + 1);
      const perLanguage = Object.keys(functionWords).map((lang) => [
        lang, functionWords[lang].reduce((n, w) => n + (counts.get(w) || 0), 0),
      ]);
      const best = Math.max(0, ...perLanguage.map(([, n]) => n));
      const { min_count: minCount, min_share: minShare, min_kana: minKana } = data.languages;
      const found = best < minCount ? [] : perLanguage
        .filter(([, n]) => n >= minCount && n >= minShare * best)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([lang]) => lang);
      // Kana are written only in Japanese (as in tagger.detect_languages).
      const sampled = text.length > 200000 ? cpSlice(text, 0, 200000) : text;
      if ((sampled.match(KANA_RE) || []).length >= minKana) found.push("ja");
      return found;
    }

    function activeLanguages(blocks) {
      const base = data.languages.base;
      const found = detectLanguages(blocks.map((b) => b.text).join("\n"));
      return [base, ...found.filter((lang) => lang !== base)];
    }

    // The learned model (model.js), once its weights are in; null tags with patterns only.
    let model = null;
    function setModel(learned) { model = learned || null; }

    // A topic applies when one of its patterns matches or the model predicts it (from the
    // paragraph as written and its lead-in), and none of its `exclude` patterns matches
    // the paragraph or its lead-in: tagger.tag_paragraph.
    // With a model, also what the document model needs: the margins, the topics a pattern
    // tags and the topics vetoed here (tagger.TaggedParagraph.margins/vetoed).
    function tagParagraph(block, context, languages) {
      const text = matchForm(block.text);
      const keys = textKeys(text);
      const margins = model ? model.margins(block.text, context) : null;
      const predicted = margins ? new Set(model.predicted(margins)) : null;
      const shownContext = context ? matchForm(context) : "";
      const found = [];
      const patterned = new Set();
      const blocked = new Set();
      for (const topic of topics) {
        const learned = predicted !== null && predicted.has(topic.id);
        const pattern = explain(topic.include, text, keys, languages).length > 0;
        if (vetoed(topic.exclude, [text, shownContext], languages)) {
          blocked.add(topic.id);
          continue;
        }
        if (!learned && !pattern) continue;
        found.push(topic.id);
        if (pattern) patterned.add(topic.id);
      }
      return { text, keys, topics: found, margins, patterned, vetoed: blocked };
    }

    // The document's topics by the document model, carried by its paragraphs
    // (tagger.decide_document): a rejected topic leaves every paragraph; an accepted one
    // that no paragraph carries goes to the paragraph with its highest margin.
    function decideDocument(paragraphs, tagged) {
      const doc = model && model.document;
      if (!doc || tagged.length < doc.minParagraphs) return;
      const covered = new Set();
      const best = new Map();
      for (const topic of topics) {
        const id = topic.id;
        if (!doc.knows(id)) {
          if (paragraphs.some((p) => p.topics.includes(id))) covered.add(id);
          continue;
        }
        const open = [];
        let hits = 0;
        tagged.forEach((t, i) => {
          if (t.patterned.has(id)) hits++;
          if (!t.vetoed.has(id) && Object.prototype.hasOwnProperty.call(t.margins, id)) open.push(i);
        });
        const evidence = doc.evidence(open.map((i) => tagged[i].margins[id]), hits, tagged.length);
        if (!doc.covers(id, evidence)) continue;
        covered.add(id);
        let top = -1;
        for (const i of open) if (top < 0 || tagged[i].margins[id] > tagged[top].margins[id]) top = i;
        if (top >= 0) best.set(id, top);
      }
      const carried = new Set(paragraphs.flatMap((p) => p.topics));
      paragraphs.forEach((p, i) => {
        const kept = new Set(p.topics.filter((id) => covered.has(id)));
        for (const [id, top] of best) if (top === i && !carried.has(id)) kept.add(id);
        p.topics = topics.filter((t) => kept.has(t.id)).map((t) => t.id);
      });
    }

    // Rules that apply to one block: {rule, shown, matches} in rule order.
    function blockRules(block, tagged, lead, languages) {
      const applied = new Map();
      rules.forEach((rule, n) => {
        const ms = explain(rule.include, tagged.text, tagged.keys, languages);
        if (ms.length) applied.set(n, { shown: block.text, matches: ms });
      });
      if (lead && lead.text) {
        const both = `${lead.text} ${tagged.text}`;
        const bothKeys = textKeys(both);
        rules.forEach((rule, n) => {
          if (applied.has(n) || lead.hits.has(n)) return;
          const ms = explain(rule.include, both, bothKeys, languages);
          if (ms.length) applied.set(n, { shown: `${lead.text} ${block.text}`, matches: ms });
        });
      }
      const result = [];
      for (const n of [...applied.keys()].sort((a, b) => a - b)) {
        const rule = rules[n];
        if (vetoed(rule.exclude, [tagged.text, lead ? lead.text : ""], languages)) continue;
        result.push({ rule: rule.info, ...applied.get(n) });
      }
      return result;
    }

    function leadContext(text, languages) {
      const shown = matchForm(text);
      const keys = textKeys(shown);
      const hits = new Set();
      rules.forEach((rule, n) => {
        if (explain(rule.include, shown, keys, languages).length) hits.add(n);
      });
      return { text: shown, hits };
    }

    // Everything the page shows; `toJSON` of it is what `policykb check --json` prints.
    function check(markdown) {
      const blocks = splitBlocks(markdown, data.entities);
      const languages = activeLanguages(blocks);
      const contexts = leadIns(blocks);
      const leads = new Map();
      const paragraphs = [];
      const taggedAll = [];
      const flags = [];
      const lawful = [];
      blocks.forEach((block, index) => {
        const context = contexts[index];
        const tagged = tagParagraph(block, context, languages);
        taggedAll.push(tagged);
        let lead = null;
        if (context) {
          lead = leads.get(context);
          if (!lead) { lead = leadContext(context, languages); leads.set(context, lead); }
        }
        const applied = blockRules(block, tagged, lead, languages);
        const overridden = new Set();
        for (const a of applied) {
          if (a.rule.kind === "lawful") a.rule.overrides.forEach((id) => overridden.add(id));
        }
        for (const a of applied) {
          const flag = { rule: a.rule, paragraph: index, line: block.line,
            excerpt: excerpt(a.shown, a.matches) };
          if (a.rule.kind === "lawful") lawful.push(flag);
          else if (!overridden.has(a.rule.id)) flags.push(flag);
        }
        paragraphs.push({ index, text: block.text, line: block.line, kind: block.kind,
          topics: tagged.topics });
      });
      decideDocument(paragraphs, taggedAll);
      const found = new Set(paragraphs.flatMap((p) => p.topics));
      const topicIds = data.topics.filter((t) => found.has(t.id)).map((t) => t.id);
      const tipSet = new Set(data.topics.filter((t) => found.has(t.id)).flatMap((t) => t.tips));
      const covered = [...tipSet].sort((a, b) => a - b);
      const missing = data.tips.map((t) => t.number).filter((n) => !tipSet.has(n));
      return { languages, paragraphs, topics: topicIds, covered, missing, flags, lawful,
        learned: model !== null };
    }

    return {
      check, detectLanguages, warm, setModel,
      splitBlocks: (markdown) => splitBlocks(markdown, data.entities),
    };
  }

  // checker.excerpt: the paragraph, or the sentences around the first match when long.
  const EXCERPT_CHARS = 280;
  const SENTENCE_RE = u(`(?<=[.!?;])[${WS}]+`);

  function excerpt(text, matches, limit) {
    limit = limit || EXCERPT_CHARS;
    if (cpLength(text) <= limit) return text;
    let start = 0;
    for (const found of matches || []) {
      const pos = found ? text.indexOf(found) : -1;
      if (pos >= 0) { start = cpLength(text.slice(0, pos)); break; }
    }
    const sentences = text.split(SENTENCE_RE);
    let offset = 0;
    let total = 0;
    const chosen = [];
    for (const sentence of sentences) {
      const size = cpLength(sentence);
      const end = offset + size;
      if (end >= start || chosen.length) {
        chosen.push(sentence);
        total += size + 1;
        if (total >= limit) break;
      }
      offset = end + 1;
    }
    let out = chosen.join(" ");
    const prefix = chosen.length && !text.startsWith(chosen[0]) ? "… " : "";
    if (cpLength(out) > limit) {
      const head = cpSlice(out, 0, limit - 1);
      const space = head.lastIndexOf(" ");
      out = (space >= 0 ? head.slice(0, space) : head) + " …";
    } else if (!text.endsWith(out)) {
      out += " …";
    }
    return prefix + out;
  }

  function toJSON(result) {
    return {
      topics: result.topics,
      tips: { covered: result.covered, missing: result.missing },
      flags: result.flags.map((f) => ({
        rule: f.rule.id,
        paragraph: f.paragraph,
        excerpt: f.excerpt,
        authority: f.rule.authority,
        era: f.rule.era,
        why: f.rule.why,
        suggestion: f.rule.suggestion,
      })),
    };
  }

  // Whether a draft has anything but whitespace (Python's `text.strip()`), without copying it.
  const NOT_BLANK_RE = u(`[^${WS}]`);
  function hasText(text) { return NOT_BLANK_RE.test(text); }

  const api = { createEngine, splitBlocks, excerpt, toJSON, hasText, codePoints: cpLength };
  root.policykbEngine = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof self !== "undefined" ? self : globalThis);
