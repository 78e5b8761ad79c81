/*
 * The --beacon URL taken apart: request URLs, a display form that holds no
 * secret, and the list of secrets to redact from what others say.  No
 * libcurl here: beacon.c hands curl the URLs built from these parts, so
 * curl and the redaction never read the URL differently.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "url.h"
#include "util.h"

static char *
dup_n(const char *s, size_t n)
{
	char *c = xmalloc(n + 1);

	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode n bytes of s; a '%' not followed by two hex digits stays
 * as it is, as curl leaves it.  *len is the decoded length, which a %00
 * makes longer than strlen of the result.  Caller frees.
 */
static char *
pct_decode(const char *s, size_t n, size_t *len)
{
	char *out = xmalloc(n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && n - i > 2 && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			out[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	*len = j;
	return out;
}

static char *
base64(const char *s, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(4 * ((n + 2) / 3) + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		*o++ = tab[p[i] >> 2];
		*o++ = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		*o++ = tab[p[i + 2] & 63];
	}
	if (n - i == 1) {
		*o++ = tab[p[i] >> 2];
		*o++ = tab[(p[i] & 3) << 4];
		*o++ = '=';
		*o++ = '=';
	} else if (n - i == 2) {
		*o++ = tab[p[i] >> 2];
		*o++ = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = tab[(p[i + 1] & 15) << 2];
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/* Add the first n bytes of s to the secrets, once; an empty one is no secret. */
static void
add_secret(struct url *u, const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	for (i = 0; i < u->nsecrets; i++)
		if (strlen(u->secrets[i]) == n && memcmp(u->secrets[i], s, n) == 0)
			return;
	u->secrets = xrealloc(u->secrets, (u->nsecrets + 1) * sizeof(*u->secrets));
	u->secrets[u->nsecrets++] = dup_n(s, n);
}

/*
 * A secret as written and as decoded: a node may echo either.  A decoded
 * %00 ends the decoded form early; what precedes it is still secret.
 */
static void
add_secret_both(struct url *u, const char *s, size_t n)
{
	size_t len;
	char *dec = pct_decode(s, n, &len);

	add_secret(u, s, n);
	add_secret(u, dec, strlen(dec));
	free(dec);
}

/* Each '&'-separated parameter's value, or the parameter if it has no '='. */
static void
add_query_secrets(struct url *u, const char *q)
{
	add_secret_both(u, q, strlen(q));
	while (*q) {
		size_t n = strcspn(q, "&");
		const char *eq = memchr(q, '=', n);

		if (eq)
			add_secret_both(u, eq + 1, n - (size_t)(eq + 1 - q));
		else
			add_secret_both(u, q, n);
		q += n;
		if (*q == '&')
			q++;
	}
}

static void
add_path_secrets(struct url *u, const char *p)
{
	while (*p) {
		size_t n;

		p += strspn(p, "/");
		n = strcspn(p, "/");
		add_secret_both(u, p, n);
		p += n;
	}
}

/*
 * The user and password, decoded for curl's Basic authentication, and
 * every form of them a node might echo.  Returns why the userinfo is
 * refused, or NULL.
 */
static const char *
userinfo(struct url *u, const char *ui, size_t n)
{
	const char *colon = memchr(ui, ':', n);
	size_t ulen = colon ? (size_t)(colon - ui) : n, dlen, plen = 0;
	char *pair, *b64;

	u->user = pct_decode(ui, ulen, &dlen);
	if (dlen != strlen(u->user))
		return "the user name holds %00";
	if (colon) {
		u->password = pct_decode(colon + 1, n - ulen - 1, &dlen);
		if (dlen != strlen(u->password))
			return "the password holds %00";
		plen = dlen;
	}
	add_secret_both(u, ui, ulen);
	if (colon) {
		add_secret_both(u, colon + 1, n - ulen - 1);
		add_secret_both(u, ui, n);
	}
	/* What Basic authentication sends: base64 of "user:password". */
	pair = xmalloc(strlen(u->user) + plen + 2);
	strcpy(pair, u->user);
	strcat(pair, ":");
	if (u->password)
		strcat(pair, u->password);
	add_secret(u, pair, strlen(pair));
	b64 = base64(pair, strlen(pair));
	add_secret(u, b64, strlen(b64));
	free(b64);
	free(pair);
	return NULL;
}

static bool
host_byte(unsigned char c)
{
	/* Names, IPv4 and percent-encoded or international names; nothing
	 * that could end a URL part or smuggle one in. */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' ||
	    c == '%' || c >= 0x80;
}

/* host[:port] of n bytes; returns why it is refused, or NULL. */
static const char *
hostport(struct url *u, const char *h, size_t n)
{
	size_t hlen, i;
	const char *port;

	if (n > 0 && h[0] == '[') {
		const char *close = memchr(h, ']', n);
		bool colon = false;

		if (close == NULL)
			return "an IPv6 address lacks its closing ']'";
		hlen = (size_t)(close - h) + 1;
		/* Hex digits, ':' and '.', then maybe a %25 zone. */
		for (i = 1; i < hlen - 1 && h[i] != '%'; i++) {
			if (hexval((unsigned char)h[i]) < 0 && h[i] != ':' && h[i] != '.')
				return "an IPv6 address holds a character that is not hex, ':' or '.'";
			colon |= h[i] == ':';
		}
		for (; i < hlen - 1; i++)
			if (!host_byte((unsigned char)h[i]) || (unsigned char)h[i] >= 0x80)
				return "an IPv6 zone holds a character a zone cannot";
		if (!colon)
			return "an IPv6 address between '[' and ']' needs a ':'";
		if (hlen < n && h[hlen] != ':')
			return "an IPv6 address is followed by something other than ':port'";
	} else {
		for (hlen = 0; hlen < n && h[hlen] != ':'; hlen++)
			if (!host_byte((unsigned char)h[hlen]))
				return "the host name holds a character a host name cannot";
		if (hlen == 0)
			return "the URL has no host";
	}
	u->host = dup_n(h, hlen);
	if (hlen == n)
		return NULL;
	port = h + hlen + 1;
	n -= hlen + 1;
	if (n == 0 || n > 5)
		return "the port must be a number from 1 to 65535";
	for (i = 0; i < n; i++)
		if (port[i] < '0' || port[i] > '9')
			return "the port must be a number from 1 to 65535";
	u->port = dup_n(port, n);
	if (atoi(u->port) < 1 || atoi(u->port) > 65535)
		return "the port must be a number from 1 to 65535";
	return NULL;
}

const char *
url_parse(struct url *u, const char *s)
{
	const char *rest, *auth_end, *at = NULL, *p, *why;
	size_t slen, n;
	struct strbuf sb;

	memset(u, 0, sizeof(*u));
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return "the URL holds a space or a control character";
	if (strchr(s, '#') != NULL)
		return "the URL has a fragment ('#'), which is never sent to the node; "
		    "write a '#' in a key or password as %23";
	if (strncasecmp(s, "http://", 7) == 0)
		slen = 4;
	else if (strncasecmp(s, "https://", 8) == 0)
		slen = 5;
	else
		return "the URL must start with http:// or https://";
	u->scheme = dup_n(slen == 4 ? "http" : "https", slen);
	rest = s + slen + 3;
	/* The authority ends at the first '/' or '?', the userinfo at its last '@'. */
	auth_end = rest + strcspn(rest, "/?");
	for (p = rest; p < auth_end; p++)
		if (*p == '@')
			at = p;
	why = NULL;
	if (at != NULL)
		why = userinfo(u, rest, (size_t)(at - rest));
	if (why == NULL)
		why = hostport(u, at ? at + 1 : rest, (size_t)(auth_end - (at ? at + 1 : rest)));
	if (why != NULL) {
		url_release(u);
		return why;
	}
	n = strcspn(auth_end, "?");
	while (n > 0 && auth_end[n - 1] == '/')		/* request paths start with '/' */
		n--;
	u->path = dup_n(auth_end, n);
	add_path_secrets(u, u->path);
	if ((p = strchr(auth_end, '?')) != NULL && p[1] != '\0') {
		u->query = xstrdup(p + 1);
		add_query_secrets(u, u->query);
	}
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s://%s%s%s", u->scheme, u->host, u->port ? ":" : "",
	    u->port ? u->port : "");
	u->display = xstrdup(sb.buf);
	strbuf_addf(&sb, "%s", u->path);
	u->base = sb.buf;
	if (u->path[0] != '\0') {
		/* Only that there is a path: its segments may be a key. */
		u->display = xrealloc(u->display, strlen(u->display) + 5);
		strcat(u->display, "/...");
	}
	return NULL;
}

void
url_release(struct url *u)
{
	size_t i;

	free(u->scheme);
	free(u->host);
	free(u->port);
	free(u->user);
	free(u->password);
	free(u->path);
	free(u->query);
	free(u->base);
	free(u->display);
	for (i = 0; i < u->nsecrets; i++)
		free(u->secrets[i]);
	free(u->secrets);
	memset(u, 0, sizeof(*u));
}

char *
url_request(const struct url *u, const char *path)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s", u->base, path);
	if (u->query)
		strbuf_addf(&sb, "%c%s", strchr(path, '?') ? '&' : '?', u->query);
	return sb.buf;
}

char *
url_redact(const char *s, char *const *secrets, size_t n)
{
	size_t len = strlen(s), i, k;
	char *hide = xcalloc(len + 1, 1);
	struct strbuf sb;

	/* Mark every byte of every occurrence first, then replace each marked
	 * run: the result does not depend on the secrets' order, and a
	 * replacement is never searched again. */
	for (k = 0; k < n; k++) {
		size_t sl = strlen(secrets[k]);
		const char *p;

		if (sl == 0 || sl > len)
			continue;
		for (p = s; (p = strstr(p, secrets[k])) != NULL; p++)
			memset(hide + (p - s), 1, sl);
	}
	strbuf_init(&sb);
	strbuf_add(&sb, "", 0);
	for (i = 0; i < len;) {
		size_t j = i;

		while (j < len && hide[j] == hide[i])
			j++;
		if (hide[i])
			strbuf_add(&sb, "***", 3);
		else
			strbuf_add(&sb, s + i, j - i);
		i = j;
	}
	free(hide);
	return sb.buf;
}
