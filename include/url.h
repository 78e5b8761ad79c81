#ifndef UC_URL_H
#define UC_URL_H

#include <stddef.h>

/*
 * The --beacon URL, taken apart once: what requests are built from, what
 * messages may show, and every piece of it that must never be shown.
 * Pure: no I/O, no libcurl; allocation through xmalloc.
 *
 * scheme://[user[:password]@]host[:port][/base/path][?query]
 *
 * The authority ends at the first '/', '?' or '#'; the userinfo ends at the
 * last '@' of the authority, so a password may hold a raw '@'.  A fragment
 * is refused: no client sends it, so the node would never see it, and one
 * in a --beacon URL is most likely an unencoded '#' in a key or password,
 * to be written %23.
 */
struct url {
	char	 *scheme;	/* "http" or "https" */
	char	 *host;		/* a name, an IPv4 address or a [bracketed] IPv6 one */
	char	 *port;		/* digits, 1 to 65535; NULL when none */
	char	 *user;		/* percent-decoded; NULL when there is no userinfo */
	char	 *password;	/* percent-decoded; NULL when the userinfo has no ':' */
	char	 *path;		/* base path, trailing '/' removed; "" when none */
	char	 *query;	/* after '?'; NULL when none or empty */
	char	 *base;		/* scheme://host[:port]path: no userinfo, no query */
	/*
	 * scheme://host[:port], then "/..." when there is a base path (hosted
	 * providers put keys there).  Built from the scheme, host and port
	 * only, so it holds no secret: messages show it unredacted.
	 */
	char	 *display;
	/*
	 * Never to be shown, each at least one byte long: the user, the
	 * password and "user:password", raw and percent-decoded; the base64 of
	 * the decoded "user:password" (what Basic authentication sends); the
	 * whole query and each query value, raw and decoded; each base path
	 * segment, raw and decoded.
	 */
	char	**secrets;
	size_t	  nsecrets;
};

/*
 * Take s apart into *u.  Returns NULL, or why s is refused: a constant
 * sentence that quotes nothing of s, which may hold a secret; then *u
 * holds nothing to release.  On success the caller releases *u.
 */
const char *url_parse(struct url *u, const char *s);
void	url_release(struct url *u);

/*
 * The URL of a request: the base, then path (which starts with '/' and may
 * have a query of its own), then the URL's query, after '?' or, when path
 * has a query, after '&'.  Caller frees.
 */
char	*url_request(const struct url *u, const char *path);

/*
 * A copy of s in which every occurrence of each of the n secrets, however
 * short, is replaced by "***" (overlapping occurrences by one "***").
 * Only a secret holding a '*' can still be found in the result.  Caller
 * frees.
 */
char	*url_redact(const char *s, char *const *secrets, size_t n);

#endif
