/*
 * The --beacon URL (url.c): any bytes, read as "URL" or "URL\nTEXT".  No
 * crash, and for a URL accepted, what url.c says is checked against a
 * model written here from the rules, not from url.c:
 * - host[:port] is the authority (up to the first '/' or '?') after its
 *   last '@', and the display form is scheme://host[:port], plus "/..."
 *   when there is a base path: no userinfo, path or query reaches it;
 * - the secrets hold the user, the password, every query value and every
 *   base path segment as written, and none is empty;
 * - a request URL starts with the base, carries no userinfo, and ends
 *   with the query (after '&' when the request path has its own);
 * - after redaction, TEXT and the request URL hold no secret (one with a
 *   '*' excepted: "***" may spell it).
 * A refused URL leaves nothing to release.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "url.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
has_secret(const struct url *u, const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return true;
	for (i = 0; i < u->nsecrets; i++)
		if (strlen(u->secrets[i]) == n && memcmp(u->secrets[i], s, n) == 0)
			return true;
	return false;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Abort if redacting s with u's secrets leaves one without a '*'. */
static void
check_redacted(const struct url *u, const char *s)
{
	char *r = url_redact(s, u->secrets, u->nsecrets);
	size_t i;

	for (i = 0; i < u->nsecrets; i++)
		if (strchr(u->secrets[i], '*') == NULL && strstr(r, u->secrets[i]) != NULL)
			abort();
	free(r);
}

static void
check_request(const struct url *u, const char *path)
{
	char *r = url_request(u, path), *want;
	size_t slen = strlen(u->scheme) + 3;

	if (strncmp(r, u->base, strlen(u->base)) != 0)
		abort();
	/* The authority of what curl is given is host[:port] alone. */
	if (strncmp(r, u->display, slen + strcspn(u->display + slen, "/")) != 0 ||
	    strchr("/?", r[slen + strcspn(u->display + slen, "/")]) == NULL)
		abort();
	if (u->query) {
		want = xmalloc(strlen(u->query) + 2);
		want[0] = strchr(path, '?') ? '&' : '?';
		strcpy(want + 1, u->query);
		if (!ends_with(r, want))
			abort();
		free(want);
	} else if (!ends_with(r, path)) {
		abort();
	}
	check_redacted(u, r);
	free(r);
}

static void
check_accepted(const struct url *u, const char *s, const char *text)
{
	size_t skip = strncasecmp(s, "https://", 8) == 0 ? 8 : 7;
	const char *rest = s + skip, *end = rest + strcspn(rest, "/?"), *hp = rest, *p;
	const char *q, *seg;
	size_t plen, n, i;
	char *want;

	/* The model's authority: host[:port] after its last '@'. */
	for (p = rest; p < end; p++)
		if (*p == '@')
			hp = p + 1;
	plen = strcspn(end, "?");
	while (plen > 0 && end[plen - 1] == '/')
		plen--;
	want = xmalloc(16 + (size_t)(end - hp) + 4);
	memcpy(want, skip == 8 ? "https://" : "http://", skip);
	memcpy(want + skip, hp, (size_t)(end - hp));
	strcpy(want + skip + (size_t)(end - hp), plen ? "/..." : "");
	if (strcmp(u->display, want) != 0 || strpbrk(u->display + skip, "@?#") != NULL)
		abort();
	free(want);
	if (strlen(u->path) != plen || strncmp(u->path, end, plen) != 0)
		abort();
	for (i = 0; i < u->nsecrets; i++)
		if (u->secrets[i][0] == '\0')
			abort();
	/* The userinfo's parts, as written. */
	if (hp != rest) {
		size_t ui = (size_t)(hp - 1 - rest);
		const char *colon = memchr(rest, ':', ui);

		n = colon ? (size_t)(colon - rest) : ui;
		if (!has_secret(u, rest, n) || u->user == NULL)
			abort();
		if (colon && !has_secret(u, colon + 1, ui - n - 1))
			abort();
		/* The last '@' ends it, so no later '@' may stay in the host. */
		if (strchr(u->host, '@') != NULL)
			abort();
	}
	/* Each base path segment, each query value. */
	for (seg = u->path; *seg; seg += n) {
		seg += strspn(seg, "/");
		n = strcspn(seg, "/");
		if (!has_secret(u, seg, n))
			abort();
	}
	for (q = u->query; q && *q; q += n + (q[n] == '&')) {
		const char *eq;

		n = strcspn(q, "&");
		eq = memchr(q, '=', n);
		if (eq ? !has_secret(u, eq + 1, n - (size_t)(eq + 1 - q)) : !has_secret(u, q, n))
			abort();
	}
	check_request(u, "/eth/v1/beacon/genesis");
	check_request(u, "/eth/v1/beacon/states/head/validators?id=1,2");
	check_redacted(u, text);
	check_redacted(u, s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1), *nl, *text;
	struct url u;

	memcpy(s, data, size);
	s[size] = '\0';
	text = s;
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		text = nl + 1;
	}
	if (url_parse(&u, s) == NULL) {
		check_accepted(&u, s, text);
		url_release(&u);
	} else if (u.scheme || u.host || u.port || u.user || u.password || u.path ||
	    u.query || u.base || u.display || u.secrets || u.nsecrets) {
		abort();
	}
	free(s);
	return 0;
}
