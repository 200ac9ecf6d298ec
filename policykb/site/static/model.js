// The learned paragraph model in the browser: the same features, margins and decisions as
// policykb/analysis/model.py, from the weights that `Model.browser_json()` writes at build time
// (checker-model.js, loaded by checker.js when the checker page opens).
//
// Features of a paragraph: its text (at most `max_chars` code points) is NFKC-normalised
// and lower-cased; its words are runs of letters and digits that are not all digits
// (Python's `[^\W_]+` and `str.isdigit`); each word gives "w|word", each pair of
// neighbours "b|prev word", and "<" + word (at most `max_word` code points) + ">" gives
// its character 3- and 4-grams "c|..." (2- and 3-grams for a Chinese, Japanese or Korean
// word); a list item's lead-in gives "l|word". Each feature name is hashed with CRC-32 of
// its UTF-8 bytes into `buckets` buckets, and the binary vector is scaled to unit length.
// A topic's margin is its bias plus the sum of value * weight, bucket by bucket in
// ascending order (as Python adds them); it is predicted when the margin reaches its
// `cutoff`. The same operations in the same order give the same numbers to the last bit.
//
// `window.policykbModel.createModel(data)` (or `require("./model.js")` in Node).
(function (root) {
  "use strict";

  const FEATURE_VERSION = 1; // the features this file computes (policykb.analysis.model.FEATURE_VERSION)

  // Python's \w (without "_") is letters and numbers: \p{L} and \p{N}.
  const WORD_RE = /[\p{L}\p{N}]+/gu;
  // str.isdigit(): decimal digits (\p{Nd}) and the other characters whose Unicode
  // numeric type is "Digit" (superscripts, circled digits, Ethiopic digits...), listed
  // here as Python's unicodedata has them; tests/tagger/test_js_model.py checks the list.
  const OTHER_DIGITS =
    "\\u00b2-\\u00b3\\u00b9\\u1369-\\u1371\\u19da\\u2070\\u2074-\\u2079\\u2080-\\u2089" +
    "\\u2460-\\u2468\\u2474-\\u247c\\u2488-\\u2490\\u24ea\\u24f5-\\u24fd\\u24ff" +
    "\\u2776-\\u277e\\u2780-\\u2788\\u278a-\\u2792\\u{10a40}-\\u{10a43}" +
    "\\u{10e60}-\\u{10e68}\\u{11052}-\\u{1105a}\\u{1f100}-\\u{1f10a}";
  const ALL_DIGITS_RE = new RegExp(`^[\\p{Nd}${OTHER_DIGITS}]+$`, "u");
  const SURROGATE_RE = /[\ud800-\udfff]/;

  // CRC-32 (the zlib one: polynomial 0xEDB88320), one table lookup per byte.
  const CRC_TABLE = (() => {
    const table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
    return table;
  })();

  function crc32(bytes) {
    let c = -1;
    for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }

  // The CRC-32 of a string's UTF-8 bytes (those TextEncoder gives: a lone surrogate is
  // U+FFFD), without making the bytes: a paragraph has hundreds of feature names.
  function crc32Utf8(text) {
    let c = -1;
    const add = (byte) => { c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8); };
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          code = 0xfffd;
        }
      }
      if (code < 0x80) {
        add(code);
      } else if (code < 0x800) {
        add(0xc0 | (code >> 6));
        add(0x80 | (code & 0x3f));
      } else if (code < 0x10000) {
        add(0xe0 | (code >> 12));
        add(0x80 | ((code >> 6) & 0x3f));
        add(0x80 | (code & 0x3f));
      } else {
        add(0xf0 | (code >> 18));
        add(0x80 | ((code >> 12) & 0x3f));
        add(0x80 | ((code >> 6) & 0x3f));
        add(0x80 | (code & 0x3f));
      }
    }
    return (c ^ -1) >>> 0;
  }

  // The first `n` code points of a string (Python's text[:n]).
  function head(text, n) {
    if (text.length <= n) return text;
    if (!SURROGATE_RE.test(text)) return text.slice(0, n);
    let end = 0;
    for (let count = 0; count < n && end < text.length; count++) {
      const code = text.charCodeAt(end);
      const pair = code >= 0xd800 && code <= 0xdbff && end + 1 < text.length &&
        text.charCodeAt(end + 1) >= 0xdc00 && text.charCodeAt(end + 1) <= 0xdfff;
      end += pair ? 2 : 1;
    }
    return text.slice(0, end);
  }

  function isAllDigits(word) { return ALL_DIGITS_RE.test(word); }

  function words(text, maxChars) {
    const folded = head(String(text || ""), maxChars).normalize("NFKC").toLowerCase();
    return (folded.match(WORD_RE) || []).filter((w) => !isAllDigits(w));
  }

  // A word in a script written without spaces (Chinese, Japanese, Korean).
  function isCjk(word) {
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i); // code points beyond the BMP never fall in these ranges
      if ((c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)) return true;
    }
    return false;
  }

  function featureNames(text, leadIn, settings) {
    const found = new Set();
    const tokens = words(text, settings.max_chars);
    tokens.forEach((word, i) => {
      found.add("w|" + word);
      if (i) found.add("b|" + tokens[i - 1] + " " + word);
      const chars = Array.from(word);
      const padded = ["<", ...chars.slice(0, settings.max_word), ">"];
      for (const n of isCjk(word) ? [2, 3] : [3, 4]) {
        for (let start = 0; start + n <= padded.length; start++) {
          found.add("c|" + padded.slice(start, start + n).join(""));
        }
      }
    });
    for (const word of words(leadIn, settings.max_chars)) found.add("l|" + word);
    return found;
  }

  function bucket(name, buckets) {
    return crc32Utf8(name) & (buckets - 1);
  }

  // The unit-length binary vector: its buckets in ascending order and their one value.
  function features(text, leadIn, settings) {
    const set = new Set();
    for (const name of featureNames(text, leadIn, settings)) set.add(bucket(name, settings.buckets));
    const buckets = Int32Array.from(set).sort();
    return { buckets, value: buckets.length ? 1 / Math.sqrt(buckets.length) : 0 };
  }

  function logistic(z) {
    return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
  }

  function createModel(data) {
    if (!data || data.version !== FEATURE_VERSION || !(data.buckets > 0) ||
        (data.buckets & (data.buckets - 1)) !== 0 || !Array.isArray(data.topics)) {
      throw new Error("the model file was made for other features");
    }
    const settings = { buckets: data.buckets, max_chars: data.max_chars, max_word: data.max_word };
    const scale = data.scale;
    const topics = data.topics.map((t) => {
      if (t.buckets.length !== t.weights.length) throw new Error(`${t.topic}: bad weights`);
      const weights = new Map();
      let b = 0;
      t.buckets.forEach((gap, i) => {
        b += gap;
        weights.set(b, scale ? t.weights[i] / scale : t.weights[i]);
      });
      return { topic: t.topic, bias: t.bias, threshold: t.threshold, cutoff: t.cutoff, weights };
    });

    // Bucket → the topics that weigh it: [position, weight, position, weight, ...].
    const byBucket = new Map();
    topics.forEach((t, position) => {
      for (const [b, w] of t.weights) {
        const hits = byBucket.get(b);
        if (hits) hits.push(position, w);
        else byBucket.set(b, [position, w]);
      }
    });

    // Each topic's margin: bias plus value * weight, one bucket at a time, ascending; one
    // look-up per bucket for all topics (policykb.analysis.model.Model.margins), the same sums.
    function margins(text, leadIn) {
      const vector = features(text, leadIn, settings);
      const totals = new Float64Array(topics.length);
      for (let i = 0; i < vector.buckets.length; i++) {
        const hits = byBucket.get(vector.buckets[i]);
        if (hits === undefined) continue;
        for (let h = 0; h < hits.length; h += 2) totals[hits[h]] += vector.value * hits[h + 1];
      }
      const out = {};
      topics.forEach((t, position) => { out[t.topic] = t.bias + totals[position]; });
      return out;
    }

    function scores(text, leadIn) {
      const out = {};
      for (const [topic, z] of Object.entries(margins(text, leadIn))) out[topic] = logistic(z);
      return out;
    }

    // The topics the model predicts for a paragraph (in the model's order).
    function predicted(m) {
      return topics.filter((t) => m[t.topic] >= t.cutoff).map((t) => t.topic);
    }
    function predict(text, leadIn) { return predicted(margins(text, leadIn)); }

    return {
      topics: topics.map((t) => t.topic),
      features: (text, leadIn) => features(text, leadIn, settings),
      featureNames: (text, leadIn) => featureNames(text, leadIn, settings),
      margins, scores, predict, predicted,
      document: data.document ? createDocumentModel(data.document) : null,
    };
  }

  // The document model (policykb.analysis.model.DocumentModel): whether a document of at least
  // `min_paragraphs` paragraphs covers a topic, from the topic's three best paragraph
  // margins (clipped), how many paragraphs its patterns tag, how many lean towards it
  // (margin >= 0) and the number of paragraphs.
  // Clipping, counting and square roots round the same in both languages; the sum runs
  // in the features' order, from the topic's bias, as Python's does.
  const DOCUMENT_FEATURES = ["best", "second", "third", "patterns", "any_pattern", "leaning", "length"];

  function createDocumentModel(doc) {
    if (JSON.stringify(doc.features) !== JSON.stringify(DOCUMENT_FEATURES) ||
        doc.weights.length !== DOCUMENT_FEATURES.length) {
      throw new Error("the model file's document features differ");
    }
    function evidence(margins, patternHits, paragraphs) {
      const clipped = margins.map((m) => Math.min(doc.ceiling, Math.max(doc.floor, m)));
      clipped.sort((a, b) => b - a);
      const best = [...clipped.slice(0, 3), doc.floor, doc.floor, doc.floor].slice(0, 3);
      const leaning = clipped.filter((m) => m >= 0).length;
      return [...best, Math.sqrt(patternHits), patternHits ? 1 : 0, Math.sqrt(leaning),
        Math.sqrt(paragraphs)];
    }
    function margin(topic, values) {
      let total = Object.prototype.hasOwnProperty.call(doc.biases, topic) ? doc.biases[topic] : -10;
      for (let i = 0; i < doc.weights.length; i++) total += doc.weights[i] * values[i];
      return total;
    }
    return {
      minParagraphs: doc.min_paragraphs,
      knows: (topic) => Object.prototype.hasOwnProperty.call(doc.biases, topic),
      evidence,
      covers: (topic, values) => margin(topic, values) >= doc.cutoff,
    };
  }

  const api = { FEATURE_VERSION, createModel, crc32, crc32Utf8, words, isAllDigits, isCjk, logistic };
  root.policykbModel = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
