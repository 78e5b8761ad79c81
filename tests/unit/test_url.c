#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "url.h"
#include "util.h"

static bool
has_secret(const struct url *u, const char *s)
{
	size_t i;

	for (i = 0; i < u->nsecrets; i++)
		if (strcmp(u->secrets[i], s) == 0)
			return true;
	return false;
}

/* Parse s into *u, a check that it is accepted; false stops the test. */
static bool
parses(struct url *u, const char *s)
{
	const char *why = url_parse(u, s);

	CHECK(why == NULL);
	if (why != NULL)
		fprintf(stderr, "  refused '%s': %s\n", s, why);
	return why == NULL;
}

/* Whether the redaction of s with u's secrets equals want. */
static bool
redacts_to(const struct url *u, const char *s, const char *want)
{
	char *got = url_redact(s, u->secrets, u->nsecrets);
	bool ok = strcmp(got, want) == 0;

	if (!ok)
		fprintf(stderr, "  redacted '%s' to '%s', want '%s'\n", s, got, want);
	free(got);
	return ok;
}

static void
the_last_at_of_the_authority_ends_the_userinfo(void)
{
	struct url u;

	if (!parses(&u, "http://user:p@ssword@node.example:5052"))
		return;
	CHECK(strcmp(u.user, "user") == 0 && strcmp(u.password, "p@ssword") == 0);
	CHECK(strcmp(u.host, "node.example") == 0 && strcmp(u.port, "5052") == 0);
	CHECK(strcmp(u.display, "http://node.example:5052") == 0);
	CHECK(strcmp(u.base, "http://node.example:5052") == 0);
	/* An '@' after the authority is the path's, not the userinfo's. */
	url_release(&u);
	if (!parses(&u, "https://node.example/a@b"))
		return;
	CHECK(u.user == NULL && strcmp(u.host, "node.example") == 0);
	CHECK(strcmp(u.path, "/a@b") == 0);
	url_release(&u);
}

static void
userinfo_is_decoded_and_every_form_is_secret(void)
{
	struct url u;

	if (!parses(&u, "http://al%69ce:s3c%40ret@h"))
		return;
	CHECK(strcmp(u.user, "alice") == 0 && strcmp(u.password, "s3c@ret") == 0);
	CHECK(has_secret(&u, "al%69ce") && has_secret(&u, "alice"));
	CHECK(has_secret(&u, "s3c%40ret") && has_secret(&u, "s3c@ret"));
	CHECK(has_secret(&u, "al%69ce:s3c%40ret") && has_secret(&u, "alice:s3c@ret"));
	/* base64("alice:s3c@ret"), as curl's Basic authentication sends it. */
	CHECK(has_secret(&u, "YWxpY2U6czNjQHJldA=="));
	url_release(&u);
	/* A user without a password: curl sends "user:". */
	if (!parses(&u, "http://bob@h"))
		return;
	CHECK(strcmp(u.user, "bob") == 0 && u.password == NULL);
	CHECK(has_secret(&u, "bob") && has_secret(&u, "Ym9iOg=="));
	url_release(&u);
	CHECK(url_parse(&u, "http://u:%00@h") != NULL);
}

static void
the_query_stays_at_the_end_of_every_request(void)
{
	struct url u;
	char *r;

	if (!parses(&u, "http://h:1/?token=X"))
		return;
	CHECK(strcmp(u.path, "") == 0 && strcmp(u.query, "token=X") == 0);
	CHECK(strcmp(u.display, "http://h:1") == 0);
	r = url_request(&u, "/eth/v1/beacon/genesis");
	CHECK(strcmp(r, "http://h:1/eth/v1/beacon/genesis?token=X") == 0);
	free(r);
	r = url_request(&u, "/eth/v1/beacon/states/head/validators?id=1,2");
	CHECK(strcmp(r, "http://h:1/eth/v1/beacon/states/head/validators?id=1,2&token=X") == 0);
	free(r);
	CHECK(has_secret(&u, "token=X") && has_secret(&u, "X"));
	url_release(&u);
	/* No query, or an empty one: nothing is appended. */
	if (!parses(&u, "http://h/?"))
		return;
	CHECK(u.query == NULL);
	r = url_request(&u, "/x");
	CHECK(strcmp(r, "http://h/x") == 0);
	free(r);
	url_release(&u);
	if (!parses(&u, "http://h?a=1&b&c=%41%42"))
		return;
	CHECK(has_secret(&u, "1") && has_secret(&u, "b") && has_secret(&u, "%41%42") &&
	    has_secret(&u, "AB") && !has_secret(&u, "a") && !has_secret(&u, "c"));
	url_release(&u);
}

static void
a_base_path_is_kept_in_requests_and_hidden_in_the_display(void)
{
	struct url u;
	char *r;

	if (!parses(&u, "https://eth.provider.io/v2/AbC123key/"))
		return;
	CHECK(strcmp(u.path, "/v2/AbC123key") == 0);
	CHECK(strcmp(u.display, "https://eth.provider.io/...") == 0);
	CHECK(has_secret(&u, "v2") && has_secret(&u, "AbC123key"));
	r = url_request(&u, "/eth/v1/config/spec");
	CHECK(strcmp(r, "https://eth.provider.io/v2/AbC123key/eth/v1/config/spec") == 0);
	free(r);
	url_release(&u);
	/* A trailing '/' alone is no path. */
	if (!parses(&u, "HTTP://h//"))
		return;
	CHECK(strcmp(u.scheme, "http") == 0 && strcmp(u.display, "http://h") == 0);
	CHECK(u.nsecrets == 0);
	url_release(&u);
}

static void
ipv6_literals_keep_their_brackets(void)
{
	struct url u;

	if (!parses(&u, "http://[::1]:5052/"))
		return;
	CHECK(strcmp(u.host, "[::1]") == 0 && strcmp(u.port, "5052") == 0);
	CHECK(strcmp(u.display, "http://[::1]:5052") == 0);
	url_release(&u);
	if (!parses(&u, "http://a:b@[fe80::1%25eth0]"))
		return;
	CHECK(strcmp(u.host, "[fe80::1%25eth0]") == 0 && u.port == NULL);
	url_release(&u);
	CHECK(url_parse(&u, "http://[::1") != NULL);
	CHECK(url_parse(&u, "http://[::1]x") != NULL);
	CHECK(url_parse(&u, "http://[zz]") != NULL);
	CHECK(url_parse(&u, "http://[1.2.3.4]") != NULL);
}

static void
malformed_urls_are_refused_without_quoting_them(void)
{
	const char *bad[] = {
		"", "ftp://h", "http:/h", "h:5052", "http://", "http:///x", "http://u:p@",
		"http://h:", "http://h:0", "http://h:65536", "http://h:123456",
		"http://h:5x", "http://h x", "http://h\t", "http://h/#frag",
		"http://u:pa#ss@h", "http://a,b", "http://h:1:2",
	};
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		struct url u;
		const char *why = url_parse(&u, bad[i]);

		CHECK(why != NULL);
		if (why == NULL) {
			fprintf(stderr, "  accepted '%s'\n", bad[i]);
			url_release(&u);
		} else if (bad[i][0] != '\0') {
			CHECK(strstr(why, bad[i]) == NULL);
		}
	}
}

static void
every_secret_is_redacted_however_short(void)
{
	struct url u;

	if (!parses(&u, "http://alice:Z@h"))
		return;
	CHECK(redacts_to(&u, "bad password Z for alice (YWxpY2U6Wg==)",
	    "bad password *** for *** (***)"));
	url_release(&u);
	/* Longer secrets containing shorter ones go whole; runs merge. */
	if (!parses(&u, "http://ab:b@h"))
		return;
	CHECK(redacts_to(&u, "x ab:b y bab", "x *** y ***"));
	CHECK(redacts_to(&u, "", ""));
	url_release(&u);
	/* A secret that is a replacement's own text does not loop. */
	if (!parses(&u, "http://*:**@h"))
		return;
	CHECK(redacts_to(&u, "a*b", "a***b"));
	url_release(&u);
}

const struct unit_test url_tests[] = {
	T(the_last_at_of_the_authority_ends_the_userinfo),
	T(userinfo_is_decoded_and_every_form_is_secret),
	T(the_query_stays_at_the_end_of_every_request),
	T(a_base_path_is_kept_in_requests_and_hidden_in_the_display),
	T(ipv6_literals_keep_their_brackets),
	T(malformed_urls_are_refused_without_quoting_them),
	T(every_secret_is_redacted_however_short),
	{ NULL, NULL },
};
