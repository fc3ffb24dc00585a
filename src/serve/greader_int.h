/*
 * greader_int — what greader.c (accounts, subscriptions, edits) and greader_stream.c
 * (streams as JSON and Atom) share. Not for other modules.
 */
#ifndef SERVE_GREADER_INT_H
#define SERVE_GREADER_INT_H
#include "serve/clientsync.h"
#include "serve/http.h"
#include <stddef.h>
#include <stdint.h>

#define GR_ITEM_PREFIX "tag:google.com,2005:reader/item/"
#define GR_STATE "user/-/state/com.google/"
#define GR_LABEL "user/-/label/"
#define GR_MAX_IDS 1000          /* items one stream/items/contents answers (400 past it) */

enum gr_stream_kind { GR_READING_LIST, GR_STARRED, GR_READ, GR_LABEL_STREAM, GR_FEED, GR_UNKNOWN };

struct gr_stream {
	enum gr_stream_kind kind;
	int64_t feed_id;          /* GR_FEED: 0 when the feed is unknown (no items) */
	const char *label;        /* GR_LABEL_STREAM: points into the id given */
};

/* "GoogleLogin auth=TOKEN" → *user; else answers 401 and returns -1. */
int gr_auth(struct http_req *req, struct http_resp *resp, int64_t *user);
/* The values of name in the query then the form, the first max of them into out; returns
 * how many there are, which may exceed max (callers refuse such requests: a client's list
 * is never silently cut short). */
size_t gr_args(const struct http_req *req, const char *name, const char **out, size_t max);
/* Every value of name, in a new array (caller frees the array, not the strings). */
const char **gr_args_all(const struct http_req *req, const char *name, size_t *n);
/* Long (tag:…/item/<16 hex>), decimal (no leading zero) or bare hex item id; 0 on success. */
int gr_item_id(const char *s, int64_t *id);
/* Parse a stream id ("user/<anything>/" is read as "user/-/"). */
void gr_stream_parse(struct store *st, const char *id, struct gr_stream *out);
/* Apply a stream to a query (feed, folder, read/starred). */
void gr_stream_apply(const struct gr_stream *s, struct csync_query *q);

int gr_stream_contents(struct http_req *req, struct http_resp *resp, int64_t user, const char *stream);
int gr_items_ids(struct http_req *req, struct http_resp *resp, int64_t user);
int gr_items_contents(struct http_req *req, struct http_resp *resp, int64_t user);
int gr_atom(struct http_req *req, struct http_resp *resp);
#endif
