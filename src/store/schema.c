/*
 * schema.c — the registry. A module that keeps state adds its schema here, once.
 */
#include "store/schema.h"

#include <stddef.h>

const struct store_schema *const store_schemas[] = {
	&store_core_schema,
	&store_auth_schema,
	&web_schema,
	&cluster_schema,
	&web_stories_schema,
	NULL
};
