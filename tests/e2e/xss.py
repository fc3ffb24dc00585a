#!/usr/bin/env python3
"""xss.py — an XSS corpus in a fixture feed (script, event handlers, javascript: links, SVG
payloads, broken markup, hostile titles/authors/links) goes through the real pipeline
(parse → store) and every page the server returns for it is checked to be inert: no script
but our own, no event-handler attributes, no javascript:/vbscript:/data: URLs, no
iframe/object/embed/base/meta-refresh/style, and the hostile titles shown as escaped text."""
import html.parser
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from nfserver import Server, check, failures  # noqa: E402

ENTRIES = [
    ("<script>alert('t1')</script>Scripted title", "https://example.com/1",
     "<p>Hello reader</p><script>alert('x')</script><p>after</p>"),
    ("Handlers", "https://example.com/2",
     "<p>pic</p><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">click</a>"
     "<div onmouseover=\"alert(1)\">hover</div><body onload=alert(1)>"),
    ("SVG payloads", "https://example.com/3",
     "<svg><script>alert(1)</script></svg><svg onload=alert(1)><circle r=1 /></svg>"
     "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>"
     "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math><p>svg text survives</p>"),
    ("Broken markup", "https://example.com/4",
     "<p><b>unclosed <i><a href=\"java&#x09;script:alert(1)\">tab</a><div style=\"background:url(javascript:alert(1))\">"
     "<iframe src=\"javascript:alert(1)\"></iframe><object data=\"x.swf\"></object><embed src=\"x.swf\">"
     "<form action=\"javascript:alert(1)\"><button>go</button></form>"
     "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><base href=\"javascript:alert(1)//\">"
     "<a href=\"  JaVaScRiPt:alert(1)\">mixed case</a><a href=\"vbscript:msgbox(1)\">vb</a>"
     "<img src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">"
     "<style>body{display:none}</style><p>broken markup text survives"),
    ("\"><img src=x onerror=alert('attr')>", "javascript:alert('link')",
     "<p>entry whose link is javascript:</p><noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>"
     "<textarea><script>alert(1)</script></textarea><template><script>alert(1)</script></template>"),
]


def feed_xml():
    items = []
    for i, (title, link, content) in enumerate(ENTRIES):
        items.append(
            "<item><title>%s</title><link>%s</link><guid>xss-%d</guid>"
            "<author>evil@example.com (&lt;img src=x onerror=alert('author')&gt;)</author>"
            "<pubDate>Mon, 02 Jan 2026 1%d:00:00 GMT</pubDate>"
            "<description><![CDATA[%s]]></description></item>"
            % (escape(title), escape(link), i, i, content.replace("]]>", "]]&gt;")))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>&lt;script&gt;alert('feed')&lt;/script&gt;Evil Feed</title>"
            "<link>https://example.com/</link><description>x</description>%s</channel></rss>" % "".join(items))


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Inert(html.parser.HTMLParser):
    """Collects every reason a page is not inert."""
    BAD_TAGS = {"iframe", "object", "embed", "base", "style", "frame", "frameset", "applet", "form"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_svg = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src") != "/static/app.js":
            self.problems.append("script element %r" % (attrs,))
        if tag in self.BAD_TAGS and not (tag == "form" and (a.get("action") or "").startswith("/")):
            self.problems.append("%s element %r" % (tag, attrs))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        for k, v in attrs:
            if k.lower().startswith("on"):
                self.problems.append("event handler %s=%r on <%s>" % (k, v, tag))
            if k.lower() in ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"):
                u = re.sub(r"[\x00-\x20]", "", (v or "")).lower()
                if u.startswith(("javascript:", "vbscript:")) or (u.startswith("data:") and not u.startswith("data:image/")):
                    self.problems.append("%s=%r on <%s>" % (k, v, tag))
            if k.lower() == "style":
                self.problems.append("style attribute on <%s>" % tag)

    handle_startendtag = handle_starttag


def inert(page):
    p = Inert()
    p.feed(page)
    p.close()
    return p.problems


def main():
    check("the checker itself flags raw payloads",
          len(inert("<img src=x onerror=alert(1)><a href=' javascript:x'>a</a><script>x</script><iframe>")) == 4)
    srv = Server(["--no-refresh"])
    srv.add_user("admin", "admin password 1")
    path = os.path.join(srv.dir, "xss.xml")
    with open(path, "w") as f:
        f.write(feed_xml())
    r = srv.cli("ingest", path)
    if not check("fixture feed stored through the parser", r.returncode == 0, r.stderr):
        return 1
    ids = [row[0] for row in srv.sql("SELECT id FROM articles ORDER BY id")]
    check("all corpus entries stored", len(ids) == len(ENTRIES), ids)
    srv.start()
    try:
        c = srv.client()
        c.login("admin", "admin password 1")
        pages = ["/articles?view=all", "/feeds", "/search?q=survives", "/search?q=%3Cscript%3E",
                 "/search?q=" + urllib.parse.quote("\"><img src=x onerror=alert(1)>")]
        pages += ["/article/%d" % i for i in ids]
        for p in pages:
            r = c.get(p)
            probs = inert(r.text)
            check("inert: %s" % p, r.status == 200 and not probs, "%s %s" % (r.status, probs[:5]))
        lst = c.get("/articles?view=all").text
        check("hostile title shown as text", "&lt;script&gt;alert(&#39;t1&#39;)&lt;/script&gt;Scripted title" in lst,
              re.findall(r"<h2>.*?</h2>", lst)[:2])
        check("hostile feed title shown as text", "&lt;script&gt;alert(&#39;feed&#39;)&lt;/script&gt;Evil Feed" in lst)
        art = c.get("/article/%d" % ids[0]).text
        check("sanitized body keeps its text", "Hello reader" in art and "after" in art)
        art = c.get("/article/%d" % ids[2]).text
        check("svg entry keeps its text", "svg text survives" in art)
        art = c.get("/article/%d" % ids[4]).text
        check("javascript: entry link is not rendered as a link", "alert(&#39;link&#39;)" not in art
              and 'class="original"' not in art)
        art = c.get("/article/%d" % ids[1]).text
        check("https entry link is rendered", 'class="original" rel="noopener noreferrer" href="https://example.com/2"' in art)
        r = c.get("/api/v1/articles/%d" % ids[1])
        body = r.json().get("html", "") if r.status == 200 else ""
        check("API html is the sanitized fragment", r.status == 200 and "onerror" not in body
              and "javascript:" not in body.lower(), body[:200])
    finally:
        srv.stop()
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
