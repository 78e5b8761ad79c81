/*
 * The metrics endpoint: GET /metrics with libmicrohttpd, from its own
 * thread.  The report renders its metrics after each epoch and publishes
 * them here (both formats); a scrape copies what was published last under
 * a mutex, so it costs a copy of a few hundred kilobytes at most and never
 * touches the report's state.  The only user of libmicrohttpd.
 */
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "diag.h"
#include "metrics_http.h"
#include "util.h"

#define TEXT_TYPE	"text/plain; version=0.0.4; charset=utf-8"
#define OPENMETRICS_TYPE	"application/openmetrics-text; version=1.0.0; charset=utf-8"

struct metrics_http {
	struct MHD_Daemon *d;
	pthread_mutex_t	 lock;
	char		*text, *om;	/* the two formats, as last published */
	size_t		 ntext, nom;
	char		 where[80];	/* host:port, as bound */
};

/* Whether the scraper asks for OpenMetrics (Prometheus does, first). */
static bool
wants_openmetrics(struct MHD_Connection *c)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT);

	return a != NULL && strstr(a, "application/openmetrics-text") != NULL;
}

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned status, const char *type, const char *body,
    size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_len, void **state)
{
	static const char root[] = "uptimecalc: the metrics are at /metrics\n";
	static const char missing[] = "not found: the metrics are at /metrics\n";
	static const char verb[] = "only GET and HEAD\n";
	struct metrics_http *h = cls;
	enum MHD_Result ret;
	bool om;

	(void)version;
	(void)upload;
	if (*state == NULL) {
		/* The first call sees the headers only; answer on the next. */
		*state = h;
		return MHD_YES;
	}
	/* A body sent with the request is read and dropped, not answered. */
	if (*upload_len != 0) {
		*upload_len = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", verb,
		    sizeof(verb) - 1);
	if (strcmp(url, "/") == 0)
		return answer(c, MHD_HTTP_OK, "text/plain", root, sizeof(root) - 1);
	if (strcmp(url, "/metrics") != 0)
		return answer(c, MHD_HTTP_NOT_FOUND, "text/plain", missing,
		    sizeof(missing) - 1);
	om = wants_openmetrics(c);
	pthread_mutex_lock(&h->lock);
	ret = answer(c, MHD_HTTP_OK, om ? OPENMETRICS_TYPE : TEXT_TYPE,
	    om ? (h->om ? h->om : "# EOF\n") : (h->text ? h->text : ""),
	    om ? (h->om ? h->nom : 6) : h->ntext);
	pthread_mutex_unlock(&h->lock);
	return ret;
}

/* ADDR:PORT, [ADDR]:PORT or :PORT (every address) into host and port. */
static bool
split_addr(const char *s, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon;
	size_t n;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL || close[1] != ':')
			return false;
		n = (size_t)(close - s - 1);
		colon = close + 1;
		if (n == 0 || n >= hlen)
			return false;
		memcpy(host, s + 1, n);
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return false;
		n = (size_t)(colon - s);
		if (n >= hlen)
			return false;
		memcpy(host, s, n);
	}
	host[n] = '\0';
	if (strlen(colon + 1) == 0 || strlen(colon + 1) >= plen ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return false;
	snprintf(port, plen, "%s", colon + 1);
	return true;
}

int
metrics_http_start(struct metrics_http **out, const char *addr)
{
	struct addrinfo hints, *ai = NULL;
	char host[64], port[8];
	struct metrics_http *h;
	const union MHD_DaemonInfo *info;
	int gai;

	*out = NULL;
	if (!split_addr(addr, host, sizeof(host), port, sizeof(port)) || atoi(port) > 65535)
		return diag_error(UC_EUSAGE, "--listen: '%s' is not ADDRESS:PORT, such as "
		    "127.0.0.1:9101, [::1]:9101 or :9101", addr);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai)) != 0)
		return diag_error(UC_EUSAGE, "--listen: cannot resolve '%s': %s", addr,
		    gai_strerror(gai));
	h = xcalloc(1, sizeof(*h));
	pthread_mutex_init(&h->lock, NULL);
	/*
	 * epoll or poll, whichever the system has: no FD_SETSIZE ceiling.  A
	 * client holding connections open cannot take them all: a few per
	 * address, and idle ones are closed.  No error log: a scanner's
	 * broken requests are not the journal's business.
	 */
	h->d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD |
	    (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, on_request, h,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)16,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (h->d == NULL) {
		metrics_http_stop(h);
		return diag_error(UC_EUNAVAIL, "--listen: cannot listen on %s (in use, or "
		    "not an address of this machine)", addr);
	}
	/* The port as bound: :0 picks a free one. */
	info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(h->where, sizeof(h->where), "%s%s%s:%u", strchr(host, ':') ? "[" : "",
	    host[0] ? host : "0.0.0.0", strchr(host, ':') ? "]" : "",
	    info ? (unsigned)info->port : (unsigned)atoi(port));
	*out = h;
	return UC_OK;
}

const char *
metrics_http_where(const struct metrics_http *h)
{
	return h->where;
}

void
metrics_http_publish(struct metrics_http *h, const struct strbuf *text,
    const struct strbuf *om)
{
	char *t = xmalloc(text->len + 1), *o = xmalloc(om->len + 1);

	memcpy(t, text->buf ? text->buf : "", text->len);
	memcpy(o, om->buf ? om->buf : "", om->len);
	pthread_mutex_lock(&h->lock);
	free(h->text);
	free(h->om);
	h->text = t;
	h->ntext = text->len;
	h->om = o;
	h->nom = om->len;
	pthread_mutex_unlock(&h->lock);
}

void
metrics_http_stop(struct metrics_http *h)
{
	if (h == NULL)
		return;
	if (h->d != NULL)
		MHD_stop_daemon(h->d);
	pthread_mutex_destroy(&h->lock);
	free(h->text);
	free(h->om);
	free(h);
}
