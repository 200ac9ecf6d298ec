"""The learned model in the browser (`static/model.js`) computes what `policykb.analysis.model` does:
the same feature buckets, the same margins to the last bit, the same predicted topics; and
the checker engine (`static/checker-engine.js`) with the model gives the same topics and tips as
`policykb check`. Run with Node; skipped when it is not installed.

The texts are written for these tests (fictional organisations), plus our labelled items.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

import pytest
from node import NODE, run_node

from policykb.analysis.blocks import split_blocks
from policykb.analysis.checker import browser_data, check_markdown
from policykb.analysis.model import (
    MAX_CHARS,
    MAX_WORD,
    Model,
    TopicModel,
    feature_names,
    features,
    load_model,
)
from policykb.evaluation.evaluate import load_items
from policykb.site.checker import EXAMPLE_DRAFT

STATIC = Path(__file__).resolve().parents[2] / "policykb" / "site" / "static"
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# The first MAX_CHARS code points end inside "confidential"; 200 emoji before it mean that
# a cut in UTF-16 units instead of code points would end elsewhere.
LONG = ("😀 " * 100 + "word " * 759 + "confidential information stays inside. ") * 3
assert len(LONG) > MAX_CHARS and len(LONG.encode("utf-16-le")) // 2 > len(LONG)

# (text, lead-in)
TEXTS: list[tuple[str, str]] = [
    ("Never share passwords for our official accounts; turn on two-step login.", ""),
    ("No publiques información confidencial de la empresa en tus redes personales.", ""),
    ("Eliminaremos los comentarios ofensivos o discriminatorios de nuestros perfiles.", ""),
    ("I commenti offensivi o discriminatori saranno rimossi dal nostro staff.", ""),
    ("Não publique informações confidenciais da empresa nas suas redes pessoais.", ""),
    ("Ne publiez pas d’informations confidentielles sur l’entreprise, même en privé.", ""),
    ("Deel geen vertrouwelijke informatie over collega's op sociale media.", ""),
    ("Veröffentlichen Sie keine vertraulichen Informationen über Kolleginnen.", ""),
    ("公式アカウントの運用は広報部が担当し、投稿前に必ず承認を得てください。", ""),
    ("社员不得在个人社交媒体上发布公司机密信息。", ""),
    ("회사의 기밀 정보를 개인 소셜 미디어에 게시하지 마십시오.", ""),
    ("harass or threaten other people", "We will remove comments from the public that:"),
    ("share salary details or performance reviews of colleagues", "Employees must not:"),
    ("pay rates", "Do not post:"),
    ("In 2024 we had 3 incidents, 12,000 followers and 1st-rate staff; call 0800 123 456.", ""),
    ("Numbers alone: 2024 ٢٠٢٤ ① ❶ ² ¹²³ Ⅻ ⅓ 四 and x² or H₂O or ፩፪", ""),
    ("Emoji 😀👩🏽‍💻🇳🇱 ✨ in posts are fine 👍🏿, but no 🔞 content.", ""),
    (
        "Combining: cafe\u0301 e\u0301le\u0300ve q\u0301 n\u0303 a\u0308rger — and हिन्दी, ภาษาไทย.",
        "",
    ),
    ("Case: İstanbul ΟΔΟΣ ΣΊΣΥΦΟΣ straße ǅemal ﬁnance ＡＢＣ１２３ ㍿ ℡", ""),
    ("snake_case_names, e-mail, don't, l’équipe, x-ray; A.B.C. and __init__", ""),
    ("A" * (MAX_WORD + 80) + " " + "ab" * MAX_WORD + "😀" + "z" * 30, ""),
    (LONG, ""),
    ("list item", LONG),
    ("", ""),
    ("2024 ... !!! ???", ""),
    ("\ud83d lone surrogate \udc00 halves", ""),
]

JS = r"""
const fs = require("fs");
const M = require(process.argv[1]);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const model = M.createModel(input.model);
const out = input.texts.map(([text, lead]) => ({
  names: Array.from(model.featureNames(text, lead)).sort(),
  buckets: Array.from(model.features(text, lead).buckets),
  margins: model.margins(text, lead),
  scores: model.scores(text, lead),
  predicted: model.predict(text, lead),
}));
const crc = input.crc.map((s) => [M.crc32(new TextEncoder().encode(s)), M.crc32Utf8(s)]);
process.stdout.write(JSON.stringify({ out, crc }));
"""


def js_model(model: Model, texts: list[tuple[str, str]], crc: list[str] = ()) -> dict:
    payload = {"model": model.browser_json(), "texts": texts, "crc": list(crc)}
    return run_node(JS, payload, str(STATIC / "model.js"))


def test_the_long_text_is_cut_inside_a_word_at_max_chars():
    assert "w|confi" in feature_names(LONG)
    assert "w|confidential" not in feature_names(LONG[: LONG.index("confidential") + 8])


def test_same_buckets_margins_scores_and_topics_as_python():
    model = load_model()
    texts = TEXTS + [(item.text, "") for item in load_items()]
    got = js_model(model, texts)["out"]
    predicted = 0
    for (text, lead), js in zip(texts, got, strict=True):
        label = (text[:60], lead[:40])
        assert js["names"] == sorted(feature_names(text, lead)), label
        assert js["buckets"] == sorted(features(text, lead)), label
        margins = model.margins(text, lead)
        assert js["margins"] == margins, label  # the same sums, to the last bit
        for topic, score in model.scores(text, lead).items():
            assert abs(js["scores"][topic] - score) <= 1e-9, label
        assert js["predicted"] == list(model.predict(text, lead)), label
        predicted += bool(js["predicted"])
    assert predicted >= 100, "the texts should exercise the model's predictions"


def test_crc32_of_utf8_bytes_is_zlibs():
    samples = [
        "",
        "w|policy",
        "c|<公式",
        "b|café über",
        "😀",
        "\u0301",
        "x" * 1000,
        "\u07ff\u0800\uffff",
    ]
    samples += ["\U0010ffff", "\U00010000"]
    got = js_model(load_model(), [], samples)["crc"]
    assert got == [[zlib.crc32(s.encode("utf-8"))] * 2 for s in samples]


def test_crc32_of_a_string_reads_lone_surrogates_as_textencoder_does():
    """As U+FFFD (no feature has one: words are letters and numbers, but the hash is total)."""
    samples = ["\ud83d", "a\udc00b", "\udc00\ud83d", "x\ud83d"]
    got = js_model(load_model(), [], samples)["crc"]
    assert all(bytes_crc == string_crc for bytes_crc, string_crc in got)
    assert got[0][0] == zlib.crc32("\ufffd".encode())


def test_weights_that_need_every_digit_travel_as_json_numbers():
    weights = {3: 0.1 + 0.2, 70: -1 / 3, 262143: 2.5}
    model = Model((TopicModel("security", -0.25, weights, 0.6),))
    assert model.browser_json()["scale"] is None
    text = "x"
    vector = features(text)
    model = Model((TopicModel("security", -0.25, dict.fromkeys(vector, 1 / 3), 0.6),))
    assert model.browser_json()["scale"] is None
    got = js_model(model, [(text, "")])["out"][0]
    assert got["margins"] == model.margins(text)
    assert got["predicted"] == list(model.predict(text)) == []
    assert model.browser_json()["topics"][0]["cutoff"] == model.topics[0].cutoff


def test_a_model_file_for_other_features_is_refused():
    data = load_model().browser_json()
    data["version"] += 1
    script = (
        "const M = require(process.argv[1]);"
        "const d = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "try { M.createModel(d); console.log('{\"ok\": true}'); }"
        "catch (e) { console.log(JSON.stringify({ok: false, error: String(e)})); }"
    )
    got = run_node(script, data, str(STATIC / "model.js"))
    assert got == {"ok": False, "error": "Error: the model file was made for other features"}


# --- Unicode: the JavaScript classes are Python's ----------------------------------------

UNICODE_JS = r"""
const M = require(process.argv[1]);
const word = [], digit = [], fold = {};
const W = /^[\p{L}\p{N}]$/u;
for (let c = 0; c < 0x110000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCodePoint(c);
  if (W.test(ch)) word.push(c);
  if (M.isAllDigits(ch)) digit.push(c);
  const f = ch.normalize("NFKC").toLowerCase();
  if (f !== ch) fold[c] = f;
}
process.stdout.write(JSON.stringify({ word, digit, fold }));
"""


def test_words_digits_and_folding_agree_on_every_character_python_knows():
    """Letters and numbers, digits, NFKC + lower case: per code point, JavaScript and Python
    agree on every character assigned in Python's Unicode version. Characters assigned
    later (new CJK ideographs, new scripts) are unknown to Python and may differ."""
    got = run_node(UNICODE_JS, {}, str(STATIC / "model.js"))
    word, digit = set(got["word"]), set(got["digit"])
    fold = {int(c): f for c, f in got["fold"].items()}
    word_re = re.compile(r"[^\W_]")
    differences = []
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        same = (
            (word_re.match(ch) is not None) == (c in word)
            and ch.isdigit() == (c in digit)
            and unicodedata.normalize("NFKC", ch).lower() == fold.get(c, ch)
        )
        if not same and unicodedata.category(ch) != "Cn":
            differences.append(f"U+{c:04X} {unicodedata.name(ch, '?')}")
    assert differences == []


# --- the checker engine with the model: topics and tips of `policykb check` --------------

CHECK_JS = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
require(process.argv[1]);
require(process.argv[2]);
const checker = globalThis.policykbEngine;
const engine = checker.createEngine(input.data);
engine.setModel(globalThis.policykbModel.createModel(input.model));
const out = input.texts.map((t) => {
  const result = engine.check(t);
  return { paragraphs: result.paragraphs.map((p) => p.topics), json: checker.toJSON(result),
    blocks: engine.splitBlocks(t) };
});
process.stdout.write(JSON.stringify(out));
"""

DRAFTS = [
    EXAMPLE_DRAFT,
    "Our page is open to everyone. We will remove comments from the public that:\n\n"
    "- harass or threaten other people\n- disparage our staff or volunteers\n",
    "Nothing in this policy limits your right to discuss wages. Staff may not post:\n\n"
    "- what colleagues earn\n- salary details\n",
    "Regras para as redes sociais da Cooperativa Lagoa Azul.\n\n"
    "Não publique informações confidenciais da empresa nas suas redes pessoais.\n\n"
    "Comentários ofensivos ou discriminatórios serão removidos pela equipe.\n",
    "公式アカウントの運用は広報部が担当します。\n\n投稿前に必ず承認を得てください。\n",
    # HTML references, decoded with the table in the data (no HTML parser in Node).
    "Entities: &amp; &lt;b&gt; &#169; &#x2014; &#150; &ampx &notit; &nbsp;space &#0; &bogus;\n\n"
    "&copy2024 &Amp; &AMP &ampamp; &amp;amp; &#X41; &#xd800; &#1114112; \\&amp; &lt &LT; "
    "&noti &notin; &notinx &aacute&eacute; &😀amp; &amp😀;\n",
]


def test_the_engine_with_the_model_gives_the_topics_and_tips_of_policykb_check():
    model = load_model()
    texts = [item.text for item in load_items()] + DRAFTS + [t for t, _ in TEXTS if t.strip()]
    payload = {"data": browser_data(), "model": model.browser_json(), "texts": texts}
    got = run_node(CHECK_JS, payload, str(STATIC / "model.js"), str(STATIC / "checker-engine.js"))
    vetoed = 0
    for text, js in zip(texts, got, strict=True):
        expected = check_markdown(text)
        blocks = [{"text": b.text, "line": b.line, "kind": b.kind} for b in split_blocks(text)]
        assert js["blocks"] == blocks, text[:80]
        assert js["paragraphs"] == [p.topics for p in expected.tag.paragraphs], text[:80]
        assert js["json"] == expected.to_json(), text[:80]
        for p in expected.tag.paragraphs:
            vetoed += len(set(model.predict(p.text, p.context)) - set(p.topics))
    assert vetoed >= 3, "some model topics should be vetoed by exclude patterns"


@pytest.mark.realdocs
def test_the_engine_agrees_with_policykb_check_on_the_real_documents(shared_data):
    paths = sorted((shared_data / "realdocs").glob("*.md"))
    assert paths
    texts = [path.read_text(encoding="utf-8") for path in paths]
    payload = {"data": browser_data(), "model": load_model().browser_json(), "texts": texts}
    got = run_node(CHECK_JS, payload, str(STATIC / "model.js"), str(STATIC / "checker-engine.js"))
    mismatches = []
    for path, text, js in zip(paths, texts, got, strict=True):
        expected = check_markdown(text)
        if js["paragraphs"] != [p.topics for p in expected.tag.paragraphs]:
            mismatches.append((path.name, "paragraph topics"))
        elif js["json"] != expected.to_json():
            mismatches.append((path.name, "check"))
    assert mismatches == []
