/*
 * greader — the Google Reader API as FreshRSS and Miniflux serve it, for clients such as
 * newsboat, Reeder, FeedMe, NetNewsWire, Fluent Reader.
 *
 * Mounted paths (also under /api/greader.php, FreshRSS's prefix, so a client set up for
 * FreshRSS works with either base URL):
 *   /accounts/ClientLogin                Email/Passwd → "SID=…\nLSID=…\nAuth=…\n"
 *   /reader/api/0/token                  a T token (accepted, not required: see below)
 *   /reader/api/0/user-info, subscription/list|edit|quickadd, tag/list, unread-count,
 *   stream/contents/<streamId>, stream/items/ids, stream/items/contents, edit-tag,
 *   mark-all-as-read, rename-tag, disable-tag (folders: a label is a folder),
 *   preference/list, preference/stream/list (empty: no client preferences are kept)
 *                                        JSON (output=json is the only output)
 *   /reader/atom/<streamId>              the same stream as Atom, with Google Reader state
 *                                        categories (what newsboat's "feedhq" source reads)
 * Stream ids: feed/<url or feed id>, user/-/state/com.google/{reading-list,starred,read},
 * user/-/label/<folder>. Item ids: tag:google.com,2005:reader/item/<16 hex>, decimal (digits,
 * no leading zero), or bare hex ("0000000000000016"), as FreshRSS reads them.
 *
 * Authentication: "Authorization: GoogleLogin auth=<token>" on every /reader call, a token
 * from ClientLogin (rate-limited like every login) or a `newsfold user token`. Requests are
 * not CSRF-able (a browser never adds that header by itself), so the T token is accepted and
 * ignored, as Miniflux does. Items are the clientsync layer's: folded copies appear once,
 * marking read marks the copies, other users' ids are silently not found.
 * Thread-safety: handlers run on the server's worker threads with the request's store.
 */
#ifndef SERVE_GREADER_H
#define SERVE_GREADER_H
#include "serve/http.h"

void greader_routes(struct http_router *r);
#endif
