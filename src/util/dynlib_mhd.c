/*
 * dynlib_mhd.c — libmicrohttpd (and its GnuTLS), loaded on first use (see dynlib.h).
 *
 * Every libmicrohttpd function newsfold calls is defined here with microhttpd.h's
 * prototype and forwards to the real one. MHD_start_daemon hands its option list to
 * MHD_start_daemon_va. MHD_get_connection_info / MHD_get_daemon_info take no argument
 * after the info type for any type newsfold asks for (CLIENT_ADDRESS, BIND_PORT), so
 * nothing more is forwarded.
 */
#include "util/dynlib.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>

#define SONAME "libmicrohttpd.so.12"

#define MHD_FUNCS(X)                                                                            \
	X(MHD_add_response_header) X(MHD_create_post_processor) X(MHD_create_response_from_buffer) \
	X(MHD_destroy_post_processor) X(MHD_destroy_response) X(MHD_get_connection_info)           \
	X(MHD_get_connection_values) X(MHD_get_daemon_info) X(MHD_lookup_connection_value)         \
	X(MHD_post_process) X(MHD_queue_response) X(MHD_start_daemon_va) X(MHD_stop_daemon)

DYNLIB_LIBRARY("libmicrohttpd12", MHD_FUNCS)

/* Variadic, so hand-written: the option list goes to MHD_start_daemon_va. */
struct MHD_Daemon *(MHD_start_daemon)(unsigned int flags, uint16_t port,
				      MHD_AcceptPolicyCallback apc, void *apc_cls,
				      MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	va_list ap;
	struct MHD_Daemon *d;
	need();
	va_start(ap, dh_cls);
	d = F.MHD_start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

/* Variadic, so hand-written: nothing after the info type is forwarded (see the top). */
const union MHD_DaemonInfo *(MHD_get_daemon_info)(struct MHD_Daemon *d,
						  enum MHD_DaemonInfoType type, ...)
{
	need();
	return F.MHD_get_daemon_info(d, type);
}

const union MHD_ConnectionInfo *(MHD_get_connection_info)(struct MHD_Connection *c,
							  enum MHD_ConnectionInfoType type, ...)
{
	need();
	return F.MHD_get_connection_info(c, type);
}

DYNLIB_FORWARD(struct MHD_Daemon *, MHD_start_daemon_va,
	       (unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
		MHD_AccessHandlerCallback dh, void *dh_cls, va_list ap),
	       (flags, port, apc, apc_cls, dh, dh_cls, ap))
DYNLIB_FORWARD_VOID(MHD_stop_daemon, (struct MHD_Daemon * d), (d))
DYNLIB_FORWARD(int, MHD_get_connection_values,
	       (struct MHD_Connection * c, enum MHD_ValueKind kind, MHD_KeyValueIterator it,
		void *cls),
	       (c, kind, it, cls))
DYNLIB_FORWARD(const char *, MHD_lookup_connection_value,
	       (struct MHD_Connection * c, enum MHD_ValueKind kind, const char *key),
	       (c, kind, key))
DYNLIB_FORWARD(enum MHD_Result, MHD_queue_response,
	       (struct MHD_Connection * c, unsigned int status, struct MHD_Response *r),
	       (c, status, r))
DYNLIB_FORWARD(struct MHD_Response *, MHD_create_response_from_buffer,
	       (size_t size, void *buffer, enum MHD_ResponseMemoryMode mode),
	       (size, buffer, mode))
DYNLIB_FORWARD(enum MHD_Result, MHD_add_response_header,
	       (struct MHD_Response * r, const char *header, const char *content),
	       (r, header, content))
DYNLIB_FORWARD_VOID(MHD_destroy_response, (struct MHD_Response * r), (r))
DYNLIB_FORWARD(struct MHD_PostProcessor *, MHD_create_post_processor,
	       (struct MHD_Connection * c, size_t size, MHD_PostDataIterator it, void *cls),
	       (c, size, it, cls))
DYNLIB_FORWARD(enum MHD_Result, MHD_post_process,
	       (struct MHD_PostProcessor * pp, const char *data, size_t len), (pp, data, len))
DYNLIB_FORWARD(enum MHD_Result, MHD_destroy_post_processor, (struct MHD_PostProcessor * pp),
	       (pp))
