/* fuzz_date.c — libFuzzer target for date_parse: any text gives a date or DATE_NONE, and a
 * date it gives formats to ISO 8601 that parses back to the same instant. */
#include "util/date.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), iso[DATE_ISO_LEN];
	int64_t t;
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	t = date_parse(s);
	if (t != DATE_NONE) {
		date_format(t, iso);
		if (date_parse(iso) != t)
			abort();   /* round trip broken */
	}
	free(s);
	return 0;
}
