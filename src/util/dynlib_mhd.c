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

static struct {
	MHD_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dynlib_open(SONAME, "libmicrohttpd12");
	MHD_FUNCS(DYNLIB_RESOLVE)
}

static void need(void)
{
	pthread_once(&once, load);
}

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

struct MHD_Daemon *(MHD_start_daemon_va)(unsigned int flags, uint16_t port,
					 MHD_AcceptPolicyCallback apc, void *apc_cls,
					 MHD_AccessHandlerCallback dh, void *dh_cls, va_list ap)
{
	need();
	return F.MHD_start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
}

void (MHD_stop_daemon)(struct MHD_Daemon *d)
{
	need();
	F.MHD_stop_daemon(d);
}

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

int (MHD_get_connection_values)(struct MHD_Connection *c, enum MHD_ValueKind kind,
				MHD_KeyValueIterator it, void *cls)
{
	need();
	return F.MHD_get_connection_values(c, kind, it, cls);
}

const char *(MHD_lookup_connection_value)(struct MHD_Connection *c, enum MHD_ValueKind kind,
					  const char *key)
{
	need();
	return F.MHD_lookup_connection_value(c, kind, key);
}

enum MHD_Result (MHD_queue_response)(struct MHD_Connection *c, unsigned int status,
				     struct MHD_Response *r)
{
	need();
	return F.MHD_queue_response(c, status, r);
}

struct MHD_Response *(MHD_create_response_from_buffer)(size_t size, void *buffer,
						       enum MHD_ResponseMemoryMode mode)
{
	need();
	return F.MHD_create_response_from_buffer(size, buffer, mode);
}

enum MHD_Result (MHD_add_response_header)(struct MHD_Response *r, const char *header,
					  const char *content)
{
	need();
	return F.MHD_add_response_header(r, header, content);
}

void (MHD_destroy_response)(struct MHD_Response *r)
{
	need();
	F.MHD_destroy_response(r);
}

struct MHD_PostProcessor *(MHD_create_post_processor)(struct MHD_Connection *c, size_t size,
						      MHD_PostDataIterator it, void *cls)
{
	need();
	return F.MHD_create_post_processor(c, size, it, cls);
}

enum MHD_Result (MHD_post_process)(struct MHD_PostProcessor *pp, const char *data, size_t len)
{
	need();
	return F.MHD_post_process(pp, data, len);
}

enum MHD_Result (MHD_destroy_post_processor)(struct MHD_PostProcessor *pp)
{
	need();
	return F.MHD_destroy_post_processor(pp);
}
