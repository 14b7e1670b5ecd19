"""The seed article (Japan Today, 2025-09-08) laid out as a generic news page with its clutter."""

from __future__ import annotations

import html
import json

from tests.support.fixtures import fixture_path

SEED_URL = (
    "https://japantoday.com/category/politics/"
    "south-korea-japan-defense-ministers-pledge-to-work-with-u.s.-to-deter-north-korea-threats"
)


def seed_expected() -> dict[str, object]:
    """The expected extraction of the seed page (the calling test skips without fixtures)."""
    path = fixture_path("seed", "japan_today_2025-09-08.expected.json")
    return dict(json.loads(path.read_text(encoding="utf-8")))


def seed_page_html() -> str:
    """Plain markup (no JSON-LD, no site-specific classes) around the seed text and its clutter."""
    expected = seed_expected()
    title = html.escape(str(expected["title"]))
    paragraphs = "\n".join(
        f"        <p>{html.escape(p)}</p>" for p in str(expected["body"]).split("\n\n")
    )
    related = "\n".join(
        f'        <li><a href="/r{i}"><span class="tag">{tag}</span> {html.escape(text)}'
        f" <span>{site}</span></a></li>"
        for i, (tag, text, site) in enumerate(
            [
                (
                    "Events",
                    "What’s On in Osaka: Can’t-Miss Events This Week Sept 1–7, 2025",
                    "GaijinPot Blog",
                ),
                (
                    "Health",
                    "The Best Japanese Anti-Aging Skincare Products That Actually Work",
                    "Savvy Tokyo",
                ),
                ("", "10 Polite Japanese Phrases to Use at Work", "GaijinPot Blog"),
                ("Lifestyle", "Recycling Clothes in Tokyo", "Savvy Tokyo"),
                ("", "Mama Kannon Temple (Ryuon-ji)", "GaijinPot Travel"),
            ]
        )
    )
    return f"""<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>{title} - Japan Today</title>
</head>
<body>
  <div class="top-bar"><span>date 2025-09-08</span> <a href="/">Japan Today</a></div>
  <nav><a href="/newsletter">Newsletter Signup</a> <a href="/login">Register / Login</a></nav>
  <div class="main">
    <article>
      <figure>
        <img src="/yoon.jpg" alt="South Korea's President Yoon visits Japan">
        <figcaption>A view of South Korean and Japanese national flags
          Image: REUTERS file</figcaption>
      </figure>
      <div class="category"><a href="/category/politics">politics</a></div>
      <h1>{title}</h1>
      <div class="article-meta">
        <span class="published">Sep. 8, 2025 | 03:10 pm JST</span>
        <a class="comment-count" href="#comments">0 Comments</a>
      </div>
      <div class="article-text">
        <p>SEOUL</p>
{paragraphs}
        <p>© Thomson Reuters 2025.</p>
        <p>©2025 GPlusMedia Inc.</p>
      </div>
    </article>
    <div class="sponsored">
      <h3>Your Best Travel Companion for Every Adventure</h3>
      <p>Travel like a local with Nomad eSIM! Use code NOMJAPAN22 for 22% off. Stay connected
      wherever you go: easy and hassle-free!</p>
      <a href="https://example.com/esim">Learn More</a>
    </div>
    <div id="comments">
      <h3>No Comment</h3>
      <a href="/login">Login to comment</a>
      <div class="login-box">
        <p>Login to leave a comment</p>
        <h4>Facebook users</h4>
        <p>Use your Facebook account to login or register with JapanToday. By doing so, you will
        also receive an email inviting you to receive our news alerts.</p>
        <button>Facebook Connect</button>
        <h4>Login with your JapanToday account</h4>
        <a href="/forgot">Forgot password?</a> <a href="/register">User registration</a>
      </div>
    </div>
    <div class="resources">
      <h2>Articles, Offers &amp; Useful Resources</h2>
      <p>A mix of what's trending on our other sites</p>
      <ul>
{related}
      </ul>
    </div>
  </div>
  <footer><p>© 2025 GPlusMedia Inc. All rights reserved.</p></footer>
</body>
</html>
"""
