"""Fictional news and blog pages about social media policies, with the furniture such pages
carry, and the article text an extractor should return (tests and `bench/bench_extract.py`).

Every article, organisation and person here is made up and worded by us. A page is one
article (headline, paragraphs, sub-headings, lists) placed in a site's chrome with a
seeded choice of furniture: byline and dateline, image gallery and inline figures with
captions and credits, a donation appeal or newsletter box in the middle of the text,
"Read more" links, a sources list, related articles, tags, an author box, share buttons
and reader comments. Some pages put HTML comments inside paragraphs, as many content
management systems do. Class names are meaningful on half the pages and opaque on the
other half, so no extractor can lean on them.

`truth` is the article's body: its sub-headings, paragraphs and list items. The headline
is left out, as the page's title it is recorded apart (front matter `title`), and
trafilatura keeps it out of its text too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

ARTICLES: list[dict] = [
    {
        "slug": "gazette-newsroom-guidelines",
        "site": "The Millbrook Gazette",
        "headline": "Why we rewrote our newsroom's social media guidelines",
        "body": [
            (
                "p",
                "For ten years our reporters worked from a two-page memo about social networks. It said little about harassment, nothing about private messaging apps and nothing at all about what to do when a story goes wrong in public.",
            ),
            (
                "p",
                "This spring a group of editors, reporters and our standards editor spent six weeks replacing it. The new guidelines are published below our own byline because readers asked how we decide what our staff may post.",
            ),
            ("h2", "What stays the same"),
            (
                "p",
                "Reporters may still share their own work and the work of colleagues on personal accounts. They should not give opinions on the candidates or causes they cover, and they should not sign petitions connected to their beat.",
            ),
            ("h2", "What is new"),
            (
                "ul",
                [
                    "A reporter who receives abusive messages can hand the account to the social media desk for a week without asking a manager first.",
                    "Corrections to a story are posted in the same place the story was shared, not only on our website.",
                    "Screenshots of internal chat channels are never shared outside the newsroom.",
                ],
            ),
            (
                "p",
                "The standards editor reviews the guidelines every January and answers questions from staff in between. Readers who think a journalist has broken them can write to the standards desk, and every complaint receives a reply.",
            ),
        ],
    },
    {
        "slug": "clinic-blog-patient-photos",
        "site": "Ashgrove Community Clinic blog",
        "headline": "A reminder about patient photos on staff accounts",
        "body": [
            (
                "p",
                "Most of our team share happy moments from work online, and we want that to continue. Recently, though, two photos posted by staff showed patients in the background, and one showed a screen with appointment details.",
            ),
            (
                "p",
                "Nothing that identifies a patient may appear on any social network, including a private account with few followers. That covers faces, names, room numbers, wristbands and anything on a screen or whiteboard behind you.",
            ),
            ("h2", "Before you post a picture taken at work"),
            (
                "ol",
                [
                    "Check the whole frame, including reflections and screens.",
                    "Ask every colleague in the picture whether they agree to it being shared.",
                    "If a patient asks to be photographed with staff, use the consent form kept at reception and send the picture to the communications team instead of posting it yourself.",
                ],
            ),
            (
                "p",
                "Breaking these rules can lead to disciplinary action, because a single careless post can reveal someone's health to their employer or neighbours. If you are unsure, the privacy officer would rather hear from you before you post than after.",
            ),
        ],
    },
    {
        "slug": "council-news-comment-moderation",
        "site": "Eastfield Borough Council news",
        "headline": "Council publishes new rules for comments on its pages",
        "body": [
            (
                "p",
                "Eastfield Borough Council has published the rules it uses to moderate comments on its official social media pages, after residents asked why some of their posts had been hidden.",
            ),
            (
                "p",
                "The council says it welcomes criticism of its services and will not remove a comment because it disagrees with it. Comments are hidden when they contain threats, abuse aimed at a named person, personal details of other people, advertising or repeated identical posts.",
            ),
            (
                "p",
                "A resident whose comment is hidden can ask the digital team to review the decision by email. The team aims to reply within five working days and keeps a record of each removal for two years, because posts on official pages are council records.",
            ),
            ("h2", "Accounts run by councillors"),
            (
                "p",
                "The rules apply only to the council's corporate accounts. Councillors who run their own pages are responsible for them, but are asked to follow the same standards and to make clear when they speak as a party member rather than for the council.",
            ),
        ],
    },
    {
        "slug": "university-ambassador-guidance",
        "site": "Kingsmoor University news",
        "headline": "Guidance for student ambassadors who post for the university",
        "body": [
            (
                "p",
                "Kingsmoor University pays around forty students each year to share their experience of campus life with prospective students. From September they will follow written guidance for the first time.",
            ),
            (
                "p",
                "Ambassadors post from their own accounts, so the guidance asks them to say clearly that they are paid by the university whenever they recommend a course, an event or accommodation. A short tag at the start of the post is enough.",
            ),
            ("h2", "Privacy of other students"),
            (
                "p",
                "Ambassadors must not film lectures, seminars or halls of residence without the agreement of everyone shown. Location tags are switched off for any post made on campus after dark.",
            ),
            (
                "ul",
                [
                    "Questions about fees or visas are passed to the admissions office rather than answered in comments.",
                    "Ambassadors complete a one-hour training session on online safety before their first post.",
                ],
            ),
            (
                "p",
                "The marketing office will review the guidance at the end of the academic year with the ambassadors themselves.",
            ),
        ],
    },
    {
        "slug": "charity-volunteer-policy-lessons",
        "site": "Fernhill Food Bank blog",
        "headline": "Five things we learned writing a social media policy for volunteers",
        "body": [
            (
                "p",
                "When our volunteer numbers doubled during the winter, we realised that nobody had ever written down how we talk about the food bank online. Here is what we learned while writing our first policy.",
            ),
            (
                "ol",
                [
                    "Start with why you use social media at all. Ours is to find donors and volunteers, not to show the people we help.",
                    "Name one person who looks after the passwords, and a deputy for holidays.",
                    "Say plainly that volunteers may talk about their shifts, but never about the people who collect parcels.",
                    "Explain what happens when someone posts something hurtful about the food bank, so that nobody replies in anger.",
                    "Put a review date on the policy and keep it.",
                ],
            ),
            (
                "p",
                "We shared drafts with three volunteers who had never been on a committee. Their questions made the final version half as long and much easier to follow.",
            ),
            (
                "p",
                "Other small charities are welcome to copy the structure of our policy. The words will work best if you write them yourselves.",
            ),
        ],
    },
    {
        "slug": "tech-blog-security-incident",
        "site": "Brightlane Software engineering blog",
        "headline": "What a hijacked company account taught us about access",
        "body": [
            (
                "p",
                "Last November someone took over one of our company accounts for forty minutes and posted links to a fake giveaway. No customer data was involved, but the posts were shared hundreds of times before we could remove them.",
            ),
            (
                "p",
                "The password had been shared by email between four people, two of whom had left the company months earlier. Two-factor authentication was switched on, but the recovery codes sat in the same shared mailbox.",
            ),
            ("h2", "What we changed"),
            (
                "ul",
                [
                    "Every company account now sits in a password manager, and access ends automatically when someone leaves.",
                    "Recovery codes are kept offline by two named people in different teams.",
                    "Anyone who sees an odd post from a company account reports it in the security channel, even outside working hours.",
                ],
            ),
            (
                "p",
                "We also wrote a short incident checklist that the on-call engineer can follow without waiting for the communications team: lock the account, remove the posts, tell customers what happened and what they should ignore.",
            ),
        ],
    },
]

PEOPLE = [
    "Maya Ferris",
    "Tomasz Wren",
    "Alia Brookes",
    "Daniel Okafor",
    "Ruth Kestrel",
    "Ivo Lambert",
]
CAPTIONS = [
    "Volunteers sort donations in the main hall on a Saturday morning.",
    "The reception desk after the spring refurbishment.",
    "Staff at the open day, photographed with their permission.",
    "A training session for new members of the team.",
    "The view over the river from the second floor.",
]
RELATED = [
    "Library extends weekend opening hours",
    "Ten years of the riverside festival in pictures",
    "How we choose which letters to publish",
    "Meet the team behind the new community garden",
    "Road closures planned for the marathon",
]
SOURCES = [
    "Annual report of the standards desk, 2025",
    "Guidance note on online conduct, issued in March",
    "Minutes of the staff forum, 12 February",
]
TAGS = ["Social media", "Policy", "Staff", "Community", "Privacy"]
COMMENTS = [
    ("Priya", "Really useful, we are writing something similar for our club."),
    ("Jon", "Would you share the consent form you mention?"),
    ("Lena", "Great to see this written down at last. Thanks for being open about it."),
]
FURNITURE = (
    "byline", "gallery", "figure", "donate", "newsletter", "read_more",
    "sources", "related", "tags", "author_box", "share", "comments",
)  # fmt: skip


@dataclass(frozen=True)
class NewsPage:
    name: str
    html: str
    truth: list[str]  # the article body's blocks, one text each
    furniture: tuple[str, ...]


def _block_html(kind: str, value, comments: bool, rng: random.Random) -> str:
    if kind in ("ul", "ol"):
        items = "".join(f"<li>{_text_html(v, comments, rng)}</li>" for v in value)
        return f"<{kind}>{items}</{kind}>"
    return f"<{kind}>{_text_html(value, comments, rng)}</{kind}>"


def _text_html(text: str, comments: bool, rng: random.Random) -> str:
    """The text as HTML; with `comments`, comments between words and one word as a link."""
    words = [escape(w) for w in text.split(" ")]
    if len(words) > 8:
        link_at = rng.randrange(2, len(words) - 3)
        words[link_at] = f'<a href="/glossary/{link_at}">{words[link_at]}</a>'
    if comments and len(words) > 6:
        for at in sorted(rng.sample(range(1, len(words) - 1), k=2), reverse=True):
            words.insert(at, rng.choice(["<!-- ad slot -->", "<!--googleoff: index-->", "<!-- /wp:paragraph -->"]))  # fmt: skip
    html = " ".join(words)
    if comments:  # a comment glued to a word, as in "by <!-- x -->email"
        html = html.replace(" ", " <!-- cms:inline -->", 1)
    return html


def _truth(article: dict) -> list[str]:
    truth: list[str] = []
    for kind, value in article["body"]:
        truth.extend(value if kind in ("ul", "ol") else [value])
    return truth


def news_page(article: dict, seed: int, furniture: tuple[str, ...] | None = None) -> NewsPage:
    """One page for `article`; `furniture` defaults to a seeded choice of most pieces."""
    rng = random.Random(f"{article['slug']}-{seed}")
    if furniture is None:
        furniture = tuple(f for f in FURNITURE if rng.random() < 0.7)
    comments = rng.random() < 0.5
    opaque = rng.random() < 0.5

    def cls(name: str) -> str:
        return f"c{rng.randrange(10**6)}" if opaque else name

    site = escape(article["site"])
    author = rng.choice(PEOPLE)
    parts = [_block_html(k, v, comments, rng) for k, v in article["body"]]
    middle = len(parts) // 2
    inserts: list[tuple[int, str]] = []
    if "figure" in furniture:
        caption = escape(rng.choice(CAPTIONS))
        inserts.append((1, f'<figure class="{cls("inline-figure")}"><img src="/img/{seed}.jpg" alt=""><figcaption>{caption} <span class="{cls("credit")}">Photo: {escape(author)}</span></figcaption></figure>'))  # fmt: skip
    if "donate" in furniture:
        inserts.append((middle, f'<div class="{cls("donate")}"><h3>Support independent local reporting</h3><p>Readers like you keep our work free for everyone to read. A regular gift of any size helps us plan for the year ahead.</p><a class="{cls("button")}" href="/donate">Donate now</a></div>'))  # fmt: skip
    if "newsletter" in furniture:
        inserts.append((middle + 1, f'<div class="{cls("signup")}"><p>Get our weekly round-up of local news in your inbox every Friday morning.</p><form><input type="email" name="email" placeholder="Your email address"><button>Sign up</button></form></div>'))  # fmt: skip
    if "read_more" in furniture:
        inserts.append((middle, f'<p><strong>Read more:</strong> <a href="/r/1">{escape(rng.choice(RELATED))}</a></p>'))  # fmt: skip
    for at, html in sorted(inserts, key=lambda x: -x[0]):
        parts.insert(at, html)

    head = [f"<h1>{escape(article['headline'])}</h1>"]
    if "byline" in furniture:
        head.append(f'<div class="{cls("byline")}"><span>By <a href="/authors/{seed}">{escape(author)}</a>, community reporter</span> <time datetime="2026-03-0{seed % 9 + 1}">Published {seed % 9 + 1} March 2026</time> <span>Updated 14:05</span> <span>4 minute read</span></div>')  # fmt: skip
    if "share" in furniture:
        head.append(f'<div class="{cls("share")}"><a href="#">Share on Facebook</a> <a href="#">Share by email</a> <a href="#">Copy link</a></div>')  # fmt: skip
    if "gallery" in furniture:
        slides = rng.sample(CAPTIONS, k=3)
        items = "".join(
            f'<figure><img src="/g/{i}.jpg" alt=""><figcaption>{escape(c)} <span>Image {i + 1} of 3. Photo: {escape(rng.choice(PEOPLE))}</span></figcaption></figure>'
            for i, c in enumerate(slides)
        )  # fmt: skip
        head.append(f'<div class="{cls("gallery")}">{items}<button>Previous</button><button>Next</button></div>')  # fmt: skip

    tail = []
    if "sources" in furniture:
        items = "".join(f'<li><a href="/s/{i}">{escape(s)}</a></li>' for i, s in enumerate(SOURCES))
        tail.append(f'<div class="{cls("sources")}"><h2>Sources</h2><ul>{items}</ul></div>')
    if "tags" in furniture:
        links = " ".join(f'<a href="/tag/{i}">{escape(t)}</a>' for i, t in enumerate(rng.sample(TAGS, k=3)))  # fmt: skip
        tail.append(f'<div class="{cls("tags")}">Topics: {links}</div>')
    if "author_box" in furniture:
        tail.append(f'<div class="{cls("author-box")}"><img src="/a.jpg" alt=""><p>{escape(author)} writes about local services and community groups. Send story ideas through our contact page.</p></div>')  # fmt: skip
    if "related" in furniture:
        items = "".join(f'<li><a href="/n/{i}">{escape(r)}</a></li>' for i, r in enumerate(rng.sample(RELATED, k=4)))  # fmt: skip
        tail.append(f'<div class="{cls("related")}"><h2>More stories</h2><ul>{items}</ul></div>')
    if "comments" in furniture:
        items = "".join(f'<li><b>{escape(n)}</b> <span>2 days ago</span><p>{escape(t)}</p><a href="#">Reply</a></li>' for n, t in COMMENTS)  # fmt: skip
        tail.append(f'<div class="{cls("comments")}"><h2>{len(COMMENTS)} comments</h2><ol>{items}</ol><p>Join the conversation: sign in to comment.</p></div>')  # fmt: skip

    menu = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in ("News", "Sport", "Opinion", "Events", "About"))  # fmt: skip
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(article["headline"])} | {site}</title>
<script>window.ads = [];</script></head>
<body>
<div class="{cls("masthead")}"><a href="/">{site}</a><ul>{menu}</ul></div>
<div class="{cls("layout")}">
<div class="{cls("article")}">
{"".join(head)}
<div class="{cls("article-body")}">
{"".join(parts)}
</div>
{"".join(tail)}
</div>
<div class="{cls("rail")}"><h3>Most read</h3><ol>{"".join(f'<li><a href="/m/{i}">{escape(r)}</a></li>' for i, r in enumerate(RELATED))}</ol></div>
</div>
<div class="{cls("footer")}"><a href="/privacy">Privacy</a> <a href="/contact">Contact us</a> <span>© 2026 {site}</span></div>
</body></html>"""
    return NewsPage(f"{article['slug']}-{seed}", html, _truth(article), furniture)


def news_pages(copies: int = 4) -> list[NewsPage]:
    """`copies` seeded pages of every article."""
    return [news_page(article, seed) for article in ARTICLES for seed in range(copies)]
