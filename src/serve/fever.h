/*
 * fever — the Fever API (https://feedafever.com/api, as Miniflux and FreshRSS serve it) for
 * clients such as Reeder, Unread, ReadKit, Fiery Feeds.
 *
 * One endpoint: /fever/?api (also /fever/index.php?api), POST or GET, api_key = hex
 * md5("name:password") (stored per user only as its SHA-256; see auth.h). Query flags:
 * groups, feeds, favicons (empty, as Miniflux answers when it has no icons: newsfold stores
 * no feed icons, and every feed's favicon_id is 0), links (always empty), items (since_id,
 * max_id, with_ids; 50 per call), unread_item_ids, saved_item_ids; and mark=item|feed|group
 * with as=read|unread|saved|unsaved, id, before. Every answer carries api_version 3, auth
 * (0 with nothing else when the key is wrong) and last_refreshed_on_time. JSON, or XML with
 * api=xml: <response> holding one element per member, an array's members named by its
 * singular (<items><item>…</item></items>, <feeds_groups><feeds_group>…), text escaped.
 *
 * Groups are the user's folders; a folder's id is a stable 31-bit hash of its name (folders
 * have no row of their own). Group 0 is "everything" (Fever's Kindling) for mark=group.
 * Items are the clientsync layer's: folded copies appear once, read marks follow copies,
 * other users' ids are silently ignored.
 */
#ifndef SERVE_FEVER_H
#define SERVE_FEVER_H
#include "serve/http.h"

void fever_routes(struct http_router *r);
#endif
