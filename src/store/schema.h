/*
 * schema — the registry of every module's migrations, in the order store_open applies them.
 * Each module owns one struct store_schema in its own file (store/schema_core.c,
 * fold/..., cluster/..., serve/...) and lists it here once.
 */
#ifndef STORE_SCHEMA_H
#define STORE_SCHEMA_H
#include "store/store.h"

extern const struct store_schema store_core_schema;
extern const struct store_schema store_auth_schema;   /* serve/auth_schema.c */
extern const struct store_schema web_schema;        /* serve/web_schema.c */
extern const struct store_schema cluster_schema;    /* cluster/schema.c */
extern const struct store_schema web_stories_schema; /* serve/web_schema.c, after cluster */
extern const struct store_schema *const store_schemas[];
#endif
