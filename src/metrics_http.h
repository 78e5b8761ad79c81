#ifndef UC_METRICS_HTTP_H
#define UC_METRICS_HTTP_H

/*
 * A Prometheus metrics endpoint (GET /metrics), served by libmicrohttpd
 * from its own thread: the text format, or OpenMetrics when the scraper
 * asks for it.  The caller publishes the bodies; a scrape reads the last
 * ones published.  Private to the report command.
 */
#include "util.h"

struct metrics_http;

/*
 * Listen on ADDR:PORT, [ADDR]:PORT or :PORT (every address; port 0 picks
 * a free one).  One-line errors: a malformed address UC_EUSAGE, one that
 * cannot be bound UC_EUNAVAIL.
 */
int	metrics_http_start(struct metrics_http **out, const char *addr);
/* host:port as bound, for a message.  Borrowed. */
const char *metrics_http_where(const struct metrics_http *h);
/* The bodies scrapes get from now on: copied. */
void	metrics_http_publish(struct metrics_http *h, const struct strbuf *text,
	    const struct strbuf *openmetrics);
/* Stop serving and free h.  NULL is fine. */
void	metrics_http_stop(struct metrics_http *h);

#endif
