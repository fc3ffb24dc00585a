/*
 * htmlent — HTML 4 character entity names, as libxml2's htmlEntityLookup knows them.
 *
 * The pre-pass of the feed parser (xmlprep.c) rewrites an HTML entity a feed uses without
 * declaring it (&nbsp; in RSS) as its character; asking libxml2 for it loaded libxml2 and
 * ICU for such a feed only to read a table. htmlent_lookup gives the same answers:
 * the entity's code point, or 0 when libxml2 does not know the name (case-sensitive, no
 * '&' or ';'). Reentrant; no allocation.
 */
#ifndef PARSE_HTMLENT_H
#define PARSE_HTMLENT_H

unsigned htmlent_lookup(const char *name);
#endif
