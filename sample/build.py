#!/usr/bin/env python3
# build.py — writes the sample feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) from stories.py.
# Run it after editing stories.py: python3 sample/build.py. Output is deterministic and
# committed, so `make run` needs nothing but the files.
import datetime, html, json, os
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from stories import ARTICLES, OUTLETS, WIRE

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {"rss": "xml", "rss-description": "rss", "atom": "atom", "json": "json"}
# Outlets publish in their own zone; the timestamps in stories.py are UTC.
ZONES = {"ledger": 1, "tribune": 1, "meridian": 0, "courier": 1, "cp": 0, "lantern": 0}


def when(a):
    t = datetime.datetime.strptime(a["date"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(datetime.timezone(datetime.timedelta(hours=ZONES[a["outlet"]])))


def paragraphs(a):
    body = a["body"]
    if isinstance(body, tuple):
        body = WIRE[body[1]]["body"]
    paras = [p.strip() for p in body.split("\n\n") if p.strip()]
    return a.get("pre", []) + paras + a.get("post", []), paras


def content_html(a):
    allp, _ = paragraphs(a)
    return "\n".join("<p>%s</p>" % html.escape(p, quote=False) for p in allp)


def summary(a):
    _, paras = paragraphs(a)
    first = paras[0]
    return first if len(first) < 300 else first[:280].rsplit(" ", 1)[0] + "…"


def link(a):
    o = OUTLETS[a["outlet"]]
    return "%s%s/%s" % (o["site"], when(a).strftime("%Y/%m/%d"), a["slug"])


def rss(key, o, items, with_content):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">', "<channel>",
           "  <title>%s</title>" % escape(o["title"]), "  <link>%s</link>" % escape(o["site"]),
           "  <description>%s</description>" % escape(o["desc"]), "  <language>en</language>",
           "  <lastBuildDate>%s</lastBuildDate>" % format_datetime(when(items[0]))]
    for a in items:
        out += ["  <item>", "    <title>%s</title>" % escape(a["headline"]),
                "    <link>%s</link>" % escape(link(a)),
                '    <guid isPermaLink="true">%s</guid>' % escape(link(a)),
                "    <pubDate>%s</pubDate>" % format_datetime(when(a)),
                "    <dc:creator>%s</dc:creator>" % escape(a["author"])]
        if with_content:
            out += ["    <description>%s</description>" % escape(summary(a)),
                    "    <content:encoded><![CDATA[%s]]></content:encoded>" % content_html(a)]
        else:  # the whole article, HTML escaped into the description, as many sites do
            out += ["    <description>%s</description>" % escape(content_html(a))]
        out += ["  </item>"]
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom(key, o, items):
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
           "  <title>%s</title>" % escape(o["title"]), "  <subtitle>%s</subtitle>" % escape(o["desc"]),
           '  <link rel="alternate" type="text/html" href=%s/>' % quoteattr(o["site"]),
           "  <id>%s</id>" % escape(o["site"]), "  <updated>%s</updated>" % when(items[0]).isoformat()]
    for a in items:
        out += ["  <entry>", "    <title>%s</title>" % escape(a["headline"]),
                '    <link rel="alternate" href=%s/>' % quoteattr(link(a)),
                "    <id>tag:%s,2026:%s</id>" % (o["site"].split("/")[2], a["slug"]),
                "    <published>%s</published>" % when(a).isoformat(),
                "    <updated>%s</updated>" % when(a).isoformat(),
                "    <author><name>%s</name></author>" % escape(a["author"]),
                '    <summary type="text">%s</summary>' % escape(summary(a)),
                '    <content type="html">%s</content>' % escape(content_html(a)), "  </entry>"]
    out += ["</feed>", ""]
    return "\n".join(out)


def jsonfeed(key, o, items):
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": o["title"], "home_page_url": o["site"],
           "description": o["desc"], "language": "en", "items": []}
    for a in items:
        doc["items"].append({"id": link(a), "url": link(a), "title": a["headline"],
                             "date_published": when(a).isoformat(), "authors": [{"name": a["author"]}],
                             "summary": summary(a), "content_html": content_html(a)})
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main():
    for key, o in OUTLETS.items():
        items = sorted((a for a in ARTICLES if a["outlet"] == key), key=lambda a: a["date"], reverse=True)
        fmt = o["fmt"]
        if fmt == "rss":
            text = rss(key, o, items, True)
        elif fmt == "rss-description":
            text = rss(key, o, items, False)
        elif fmt == "atom":
            text = atom(key, o, items)
        else:
            text = jsonfeed(key, o, items)
        name = "feeds/%s.%s" % (key, FILES[fmt])
        os.makedirs(os.path.join(HERE, "feeds"), exist_ok=True)
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write(text)
        print("%-28s %2d articles" % (name, len(items)))


if __name__ == "__main__":
    main()
