"""Reads the site's feeds as a real client (Debian's feedparser) and checks
what feed readers rely on. Usage: feed_check.py BASE_URL SPEC.json
Prints one line per failed check; exits 1 when any failed."""
import json
import sys

import feedparser

base, spec = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def by_title(d, title):
    return next((e for e in d.entries if e.get("title") == title), None)


pic = spec["picture"]
for feed in spec["feeds"]:
    url = base + feed["path"]
    d = feedparser.parse(url)
    where = feed["path"]
    check(d.get("status") == 200, f"{where}: status {d.get('status')}")
    check(d.bozo == 0, f"{where}: bozo {d.get('bozo_exception')}")
    check(d.version == feed["version"], f"{where}: version {d.version}")
    titles = [e.get("title") for e in d.entries]
    for t in feed["present"]:
        check(t in titles, f"{where}: missing {t!r} in {titles}")
    for t in feed["absent"]:
        check(t not in titles, f"{where}: withdrawn {t!r} still listed")
    e = by_title(d, pic["headline"])
    if e is not None:
        media = e.get("media_content", [])
        check(bool(media) and media[0].get("url") == pic["url"], f"{where}: media_content {media}")
        check(bool(media) and media[0].get("width") == pic["width"], f"{where}: width {media}")
        credits = [c.get("content") for c in e.get("media_credit", [])]
        check(pic["credit"] in credits, f"{where}: credit {credits}")
        tags = {(t.get("term"), t.get("scheme")) for t in e.get("tags", [])}
        # {term: scheme}, as the test writes them.
        for tag in feed["tags"].items():
            check(tuple(tag) in tags, f"{where}: tag {tag} not in {tags}")
        check(e.get("source", {}).get("title") == pic["agency"], f"{where}: source {e.get('source')}")
        authors = [a.get("name") for a in e.get("authors", [])]
        check(pic["author"] in authors, f"{where}: authors {authors}")
        if feed["version"] == "atom10":
            names = [c.get("name") for c in e.get("contributors", [])]
            check(pic["contributor"] in names, f"{where}: contributors {names}")
        else:
            lengths = [l.get("length") for l in e.get("links", []) if l.get("rel") == "enclosure"]
            check(pic["length"] in lengths, f"{where}: enclosure lengths {lengths}")
        content = " ".join(c.get("value", "") for c in e.get("content", []))
        if feed["full"]:
            check(spec["body_text"] in content, f"{where}: no full text in {content[:200]!r}")
            check(spec["absolute_link"] in content, f"{where}: relative link in {content[:400]!r}")
        else:
            check(spec["body_text"] not in content, f"{where}: full text in a summary feed")
    elif feed["has_picture_story"]:
        check(False, f"{where}: no entry {pic['headline']!r}")
    c = by_title(d, spec["corrected"]["headline"])
    if c is not None:
        check(c.get("updated") is not None and
              c.get("updated_parsed") != c.get("published_parsed"),
              f"{where}: correction not dated {c.get('updated')} / {c.get('published')}")
        check(c.get("id") == spec["corrected"]["id"], f"{where}: guid {c.get('id')}")
    # Conditional GET as feed readers do it.
    if d.get("etag"):
        again = feedparser.parse(url, etag=d.etag)
        check(again.get("status") == 304, f"{where}: If-None-Match gave {again.get('status')}")
    else:
        check(False, f"{where}: no ETag")
    if d.get("modified"):
        again = feedparser.parse(url, modified=d.modified)
        check(again.get("status") == 304, f"{where}: If-Modified-Since gave {again.get('status')}")
    else:
        check(False, f"{where}: no Last-Modified")

for f in failures:
    print("FAIL", f)
print(f"feed_check: {len(failures)} failed")
sys.exit(1 if failures else 0)
