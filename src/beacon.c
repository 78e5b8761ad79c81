/*
 * The Beacon API over HTTP: the only file that includes curl.  The write
 * callback only appends to a strbuf; parsing happens elsewhere once the
 * transfer has ended.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "beacon.h"

/* A node that failed rests this long while the others serve. */
#define NODE_REST_S	10.0
#include "diag.h"
#include "url.h"

/* One beacon node of --beacon's list. */
struct node {
	struct url		 u;		/* the parts requests are built from */
	double			 down_until;	/* monotonic s: not asked before */
	int			 up;		/* its last answer was one */
	uint64_t		 answers[BEACON_CODES];	/* per HTTP status; 0: failed */
};

struct beacon {
	struct node		*nodes;
	size_t			 nnodes;
	size_t			 next_node;	/* round robin */
	char			*display;	/* every node's display URL */
	char			**secrets;	/* strings never to print */
	size_t			 nsecrets;
	struct curl_slist	*headers;
	int			 concurrency;
	long			 timeout_ms;
	int			 retries;
	uint64_t		 max_response_bytes;	/* every cap at least this */
};

static void
add_secret(struct beacon *b, const char *s)
{
	char *blank;
	size_t i;

	/* However short: a mangled message is the price of never showing it. */
	if (*s == '\0')
		return;
	b->secrets = xrealloc(b->secrets, (b->nsecrets + 2) * sizeof(*b->secrets));
	b->secrets[b->nsecrets++] = xstrdup(s);
	/*
	 * And as an error message shows it once jd_error_body has blanked
	 * what is not printable (a UTF-8 password's letters): the node may
	 * have escaped them in its JSON, where the raw form is not found.
	 */
	blank = xstrdup(s);
	for (i = 0; blank[i]; i++)
		if (!isprint((unsigned char)blank[i]))
			blank[i] = ' ';
	if (strcmp(blank, s) != 0)
		b->secrets[b->nsecrets++] = blank;
	else
		free(blank);
}

/*
 * Each word of a header value too: "Authorization: Bearer KEY" holds a
 * key that a node may echo alone.
 */
static void
add_words(struct beacon *b, const char *s)
{
	if (strpbrk(s, " \t") == NULL)
		return;			/* one word: the whole value, added */
	while (*(s += strspn(s, " \t")) != '\0') {
		size_t n = strcspn(s, " \t");
		char *w = xmalloc(n + 1);

		memcpy(w, s, n);
		w[n] = '\0';
		add_secret(b, w);
		free(w);
		s += n;
	}
}

static double now_s(void);

/*
 * The nodes of a comma-separated list of URLs, their secrets kept, and
 * the display form of them all.
 */
static int
open_nodes(struct beacon *b, const char *list)
{
	struct strbuf disp;
	const char *p = list;
	size_t i;

	strbuf_init(&disp);
	for (;;) {
		size_t n = strcspn(p, ",");
		char *one = xmalloc(n + 1);
		struct node *nd;
		const char *why;

		memcpy(one, p, n);
		one[n] = '\0';
		if (b->nnodes == BEACON_MAX_NODES) {
			free(one);
			strbuf_release(&disp);
			return diag_error(UC_EUSAGE, "--beacon: more than %d nodes",
			    BEACON_MAX_NODES);
		}
		b->nodes = xrealloc(b->nodes, (b->nnodes + 1) * sizeof(*b->nodes));
		nd = &b->nodes[b->nnodes];
		memset(nd, 0, sizeof(*nd));
		nd->up = 1;
		/* The reason quotes nothing of the URL: it may hold a secret. */
		why = url_parse(&nd->u, one);
		free(one);
		if (why != NULL) {
			strbuf_release(&disp);
			return diag_error(UC_EUSAGE, "beacon URL%s: %s", b->nnodes ||
			    p[n] ? " in the list" : "", why);
		}
		b->nnodes++;
		for (i = 0; i < nd->u.nsecrets; i++)
			add_secret(b, nd->u.secrets[i]);
		strbuf_addf(&disp, "%s%s", b->nnodes > 1 ? ", " : "", nd->u.display);
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	b->display = disp.buf;
	return UC_OK;
}

int
beacon_open(struct beacon **out, const struct beacon_opts *o)
{
	struct beacon *b = xcalloc(1, sizeof(*b));
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = open_nodes(b, o->url)) != UC_OK) {
		beacon_close(b);
		return rc;
	}
	for (i = 0; i < o->nheaders; i++) {
		const char *colon = strchr(o->headers[i], ':');

		if (colon == NULL || colon == o->headers[i]) {
			beacon_close(b);
			return diag_error(UC_EUSAGE, "--header must be 'Name: value'");
		}
		for (colon++; *colon == ' '; colon++)
			;
		add_secret(b, colon);
		add_words(b, colon);
		b->headers = curl_slist_append(b->headers, o->headers[i]);
	}
	b->headers = curl_slist_append(b->headers, "Accept: application/json");
	b->concurrency = o->concurrency < 1 ? 1 : o->concurrency;
	b->timeout_ms = (long)(o->timeout_s * 1000);
	b->retries = o->retries < 0 ? 0 : o->retries;
	b->max_response_bytes = o->max_response_bytes;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		beacon_close(b);
		return diag_error(UC_ESOFTWARE, "cannot initialise libcurl");
	}
	*out = b;
	return UC_OK;
}

void
beacon_close(struct beacon *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nsecrets; i++)
		free(b->secrets[i]);
	free(b->secrets);
	curl_slist_free_all(b->headers);
	for (i = 0; i < b->nnodes; i++)
		url_release(&b->nodes[i].u);
	free(b->nodes);
	free(b->display);
	free(b);
	curl_global_cleanup();
}

const char *
beacon_display_url(const struct beacon *b)
{
	return b->display;
}

size_t
beacon_nodes(const struct beacon *b)
{
	return b->nnodes;
}

const char *
beacon_node_url(const struct beacon *b, size_t node)
{
	return b->nodes[node].u.display;
}

bool
beacon_node_up(const struct beacon *b, size_t node)
{
	return b->nodes[node].up;
}

bool
beacon_node_resting(const struct beacon *b, size_t node)
{
	return b->nodes[node].down_until > now_s();
}

void
beacon_node_rest(struct beacon *b, size_t node, double seconds)
{
	b->nodes[node].down_until = now_s() + seconds;
}

char *
beacon_redact(const struct beacon *b, const char *s)
{
	return url_redact(s, b->secrets, b->nsecrets);
}

/*
 * Bodies are capped as they arrive, after curl has decompressed them: an
 * endless body or a gzip bomb stops at max_bytes, never in memory.
 */
static size_t
write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct beacon_req *req = arg;
	size_t n = size * nmemb;

	if (n > req->max_bytes - req->resp.len) {
		req->too_large = 1;
		return 0;		/* anything but n: curl abandons the transfer */
	}
	strbuf_add(&req->resp, data, n);
	return n;
}

static size_t
header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct beacon_req *req = arg;
	size_t n = size * nmemb;

	/*
	 * Content-Length: refuse a body declared over the cap before any of
	 * it comes; else size the buffer once rather than doubling into it.
	 * Compressed, it is a lower bound of what is to come, and the write
	 * callback counts the rest.
	 */
	if (n > 15 && strncasecmp(data, "Content-Length:", 15) == 0) {
		unsigned long long len = strtoull(data + 15, NULL, 10);

		if (len > req->max_bytes) {
			req->too_large = 1;
			return 0;
		}
		if (len > 0 && req->resp.cap < len + 1) {
			req->resp.buf = xrealloc(req->resp.buf, len + 1);
			req->resp.cap = len + 1;
			req->resp.buf[req->resp.len] = '\0';
		}
	}
	/* Retry-After: seconds (the HTTP-date form is treated as "soon"). */
	if (n > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
		double s = strtod(data + 12, NULL);

		req->retry_after_s = s > 0 && s < 3600 ? s : 1;
	}
	return n;
}

void
beacon_limit_concurrency(struct beacon *b, int n)
{
	if (n < 1)
		n = 1;
	if (n < b->concurrency)
		b->concurrency = n;
}

int
beacon_is_pruned(const struct beacon_req *req)
{
	static const char *const words[] = {
		"unavailable", "not available", "missing state", "No state found",
		"not known", "Parent state", "state at slot", "beacon state",
	};
	size_t i;

	if (req->status != 404 && req->status != 500 && req->status != 503)
		return 0;
	for (i = 0; i < NELEM(words) && req->resp.buf; i++)
		if (strstr(req->resp.buf, words[i]) != NULL)
			return 1;
	return req->status == 404;
}

/* Transient: worth another attempt after a pause. */
static int
transient(const struct beacon_req *req)
{
	if (req->too_large)
		return 0;		/* it would be as large again */
	if (req->status == 0)
		return 1;		/* timeout, refused, reset, truncated */
	if (req->status == 429 || req->status == 502 || req->status == 503 ||
	    req->status == 504)
		return !beacon_is_pruned(req);
	return req->status == 500 && !beacon_is_pruned(req);
}

/* Whether an attempt's failure says the node is down, not busy or wrong. */
static int
node_down(const struct beacon_req *req)
{
	return !req->too_large && (req->status == 0 || req->status == 502 ||
	    req->status == 503 || req->status == 504);
}

struct slot {
	CURL			*easy;
	struct beacon_req	 req;
	size_t			 node;	/* the node of the attempt in flight */
	uint32_t		 pruned_at;	/* nodes that said they lack the state */
	int			 busy;
	double			 due;	/* monotonic time of the next attempt */
	int			 waiting;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The node of the next attempt: the request's own when it names one; else
 * the next up in turn, that is not resting after a failure or for being
 * behind (the one that rests least when all do).
 */
static size_t
pick_node(struct beacon *b, const struct beacon_req *req, uint32_t tried)
{
	double t = now_s();
	size_t i, best = 0;

	if (req->node > 0 && (size_t)req->node <= b->nnodes)
		return (size_t)req->node - 1;
	/* A node that said it lacks the state is not asked again for it. */
	for (i = 0; tried != 0 && i < b->nnodes; i++) {
		size_t k = (b->next_node + i) % b->nnodes;

		if (!(tried & 1u << k) && b->nodes[k].down_until <= t) {
			b->next_node = k + 1;
			return k;
		}
	}
	for (i = 0; i < b->nnodes; i++) {
		size_t k = (b->next_node + i) % b->nnodes;

		if (b->nodes[k].down_until <= t) {
			b->next_node = k + 1;
			return k;
		}
		if (b->nodes[k].down_until < b->nodes[best].down_until)
			best = k;
	}
	return best;
}

/* Whether a node outside tried is up to be asked now. */
static int
untried(const struct beacon *b, uint32_t tried)
{
	double t = now_s();
	size_t k;

	for (k = 0; k < b->nnodes; k++)
		if (!(tried & 1u << k) && b->nodes[k].down_until <= t)
			return 1;
	return 0;
}

static void
start(struct beacon *b, CURLM *multi, struct slot *s, struct curl_slist *post_headers)
{
	int post = strcmp(s->req.method, "POST") == 0;
	const struct url *u = &b->nodes[s->node = pick_node(b, &s->req, s->pruned_at)].u;
	char *url = url_request(u, s->req.path);

	/* A buffer the caller gave (or a retry's) is kept: its room is reused. */
	s->req.resp.len = 0;
	if (s->req.resp.buf != NULL)
		s->req.resp.buf[0] = '\0';
	if (s->req.max_bytes == 0)
		s->req.max_bytes = BEACON_SMALL_MAX_BYTES;
	if (s->req.max_bytes < b->max_response_bytes)
		s->req.max_bytes = b->max_response_bytes;
	s->req.status = 0;
	s->req.too_large = 0;
	s->req.err[0] = '\0';
	s->req.retry_after_s = 0;
	s->req.attempts++;
	curl_easy_reset(s->easy);
	/* curl copies the URL; only the display form is ever shown. */
	curl_easy_setopt(s->easy, CURLOPT_URL, url);
	free(url);
	/*
	 * Credentials as options, not in the URL: curl would split
	 * user:p@ss@host at the first '@', url.c at the last.
	 */
	if (u->user != NULL) {
		curl_easy_setopt(s->easy, CURLOPT_USERNAME, u->user);
		curl_easy_setopt(s->easy, CURLOPT_PASSWORD, u->password ? u->password : "");
	}
	curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, post ? post_headers : b->headers);
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, &s->req);
	curl_easy_setopt(s->easy, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(s->easy, CURLOPT_HEADERDATA, &s->req);
	curl_easy_setopt(s->easy, CURLOPT_TIMEOUT_MS, b->timeout_ms);
	curl_easy_setopt(s->easy, CURLOPT_CONNECTTIMEOUT_MS, b->timeout_ms);
	curl_easy_setopt(s->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	curl_easy_setopt(s->easy, CURLOPT_ACCEPT_ENCODING, "");
	/* Rewards bodies run to megabytes: 64 KiB reads, not 16 KiB, are a
	 * quarter of the system calls. */
	curl_easy_setopt(s->easy, CURLOPT_BUFFERSIZE, 65536L);
	if (post)
		curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->req.body ? s->req.body : "");
	curl_multi_add_handle(multi, s->easy);
	s->busy = 1;
	s->waiting = 0;
}

/* One beacon_run(): the transfers in flight and the caller's callbacks. */
struct runner {
	struct beacon		*b;
	CURLM			*multi;
	struct slot		*slots;		/* b->concurrency of them */
	struct curl_slist	*post_headers;
	beacon_next_fn		 next;
	beacon_done_fn		 done;
	void			*ctx;
	int			 more;		/* next() may give more */
	int			 active;	/* busy: in flight or to retry */
	int			 rc;		/* UC_OK, or what stopped the run */
};

static void
runner_init(struct runner *R, struct beacon *b, beacon_next_fn next,
    beacon_done_fn done, void *ctx)
{
	struct curl_slist *h;
	int i;

	memset(R, 0, sizeof(*R));
	R->b = b;
	R->next = next;
	R->done = done;
	R->ctx = ctx;
	R->more = 1;
	R->rc = UC_OK;
	R->multi = curl_multi_init();
	R->slots = xcalloc((size_t)b->concurrency, sizeof(*R->slots));
	/* POST bodies are JSON; the list adds Content-Type to the shared headers. */
	for (h = b->headers; h; h = h->next)
		R->post_headers = curl_slist_append(R->post_headers, h->data);
	R->post_headers = curl_slist_append(R->post_headers,
	    "Content-Type: application/json");
	for (i = 0; i < b->concurrency; i++) {
		R->slots[i].easy = curl_easy_init();
		strbuf_init(&R->slots[i].req.resp);
	}
}

/* Abandons what is still in flight: the caller has stopped. */
static void
runner_release(struct runner *R)
{
	int i;

	for (i = 0; i < R->b->concurrency; i++) {
		if (R->slots[i].busy)
			curl_multi_remove_handle(R->multi, R->slots[i].easy);
		curl_easy_cleanup(R->slots[i].easy);
		strbuf_release(&R->slots[i].req.resp);
	}
	free(R->slots);
	curl_slist_free_all(R->post_headers);
	curl_multi_cleanup(R->multi);
}

/*
 * Give free slots the next requests and start the retries that are due.
 * Returns the seconds until the next retry is due, at most 1.
 */
static double
fill(struct runner *R)
{
	double t = now_s(), wait_s = 1;
	int i;

	for (i = 0; i < R->b->concurrency; i++) {
		struct slot *s = &R->slots[i];

		if (!s->busy && R->more) {
			memset(&s->req, 0, sizeof(s->req));
			s->pruned_at = 0;
			strbuf_init(&s->req.resp);
			if (!R->next(R->ctx, &s->req)) {
				R->more = 0;
				continue;
			}
			start(R->b, R->multi, s, R->post_headers);
			R->active++;
		} else if (s->busy && s->waiting && s->due <= t) {
			start(R->b, R->multi, s, R->post_headers);
		}
		if (s->busy && s->waiting && s->due - t < wait_s)
			wait_s = s->due - t;
	}
	return wait_s;
}

/* The final word on a finished transfer: its HTTP status, or why none. */
static void
settle(struct slot *s, const CURLMsg *m)
{
	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &s->req.status);
	if (s->req.too_large) {
		s->req.status = 0;
		snprintf(s->req.err, sizeof(s->req.err), "answer over %llu bytes",
		    (unsigned long long)s->req.max_bytes);
	} else if (m->data.result != CURLE_OK) {
		s->req.status = 0;
		snprintf(s->req.err, sizeof(s->req.err), "%s",
		    curl_easy_strerror(m->data.result));
	}
}

/*
 * Take the finished transfers: a transient failure waits for its retry,
 * anything else goes to done().  Returns how many slots came free.
 */
static int
reap(struct runner *R)
{
	CURLMsg *m;
	int msgs, freed = 0;

	while ((m = curl_multi_info_read(R->multi, &msgs)) != NULL) {
		struct node *nd;
		struct slot *s;
		int fail;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
		settle(s, m);
		nd = &R->b->nodes[s->node];
		nd->answers[s->req.status > 0 && s->req.status < BEACON_CODES ?
		    s->req.status : 0]++;
		s->req.node_answered = (int)s->node + 1;
		curl_multi_remove_handle(R->multi, s->easy);
		fail = transient(&s->req);
		/*
		 * Unreachable, or a gateway's word that it is: that node rests,
		 * and another takes the retry at once.  A 500 or a 429 is the
		 * node speaking, of this request or of its load: not a rest.
		 */
		nd->up = !node_down(&s->req);
		if (!nd->up && s->req.node == 0 && R->b->nnodes > 1)
			nd->down_until = now_s() + NODE_REST_S;
		/*
		 * A node that no longer holds the state (not an archive node) is
		 * not the last word while another node has not been asked.
		 */
		if (!fail && s->req.node == 0 && R->b->nnodes > 1 && beacon_is_pruned(&s->req)) {
			s->pruned_at |= 1u << s->node;
			if (untried(R->b, s->pruned_at)) {
				s->waiting = 1;
				s->due = now_s();
				continue;
			}
		}
		if (fail && !s->req.once && s->req.attempts <= R->b->retries) {
			/* Back off: Retry-After when given, else 0.25 s doubling. */
			double pause = s->req.retry_after_s > 0 ? s->req.retry_after_s :
			    0.25 * pow(2, s->req.attempts - 1);

			if (!nd->up && R->b->nnodes > 1 && s->req.node == 0)
				pause = 0;
			s->waiting = 1;
			s->due = now_s() + (pause > 30 ? 30 : pause);
			continue;
		}
		s->busy = 0;
		R->active--;
		freed++;
		if (R->rc == UC_OK)
			R->rc = R->done(R->ctx, &s->req);
		strbuf_release(&s->req.resp);
		if (R->rc != UC_OK)
			R->more = 0;
	}
	return freed;
}

int
beacon_run(struct beacon *b, beacon_next_fn next, beacon_done_fn done, void *ctx,
    volatile sig_atomic_t *stop)
{
	struct runner R;
	double wait_s;
	int running, numfds, freed;

	runner_init(&R, b, next, done, ctx);
	for (;;) {
		if (stop && *stop) {
			R.rc = UC_ETEMPFAIL;
			break;
		}
		wait_s = fill(&R);
		if (R.active == 0 && !R.more)
			break;
		curl_multi_perform(R.multi, &running);
		freed = reap(&R);
		if (R.rc != UC_OK)
			break;		/* runner_release abandons the rest */
		if (freed > 0)
			continue;	/* fill the free slots now */
		/* Until a socket event or the next retry is due: 1 ms to 0.2 s. */
		curl_multi_poll(R.multi, NULL, 0,
		    (int)fmin(fmax(wait_s, 0.001) * 1000, 200), &numfds);
	}
	runner_release(&R);
	return R.rc;
}

struct one {
	struct beacon_req	*req;
	int			 given;
};

static int
one_next(void *ctx, struct beacon_req *req)
{
	struct one *o = ctx;

	if (o->given)
		return 0;
	o->given = 1;
	*req = *o->req;
	strbuf_init(&req->resp);
	return 1;
}

static int
one_done(void *ctx, struct beacon_req *req)
{
	struct one *o = ctx;

	*o->req = *req;
	/* Hand the body over: the runner releases its copy of the pointer. */
	strbuf_init(&req->resp);
	return UC_OK;
}

int
beacon_fetch(struct beacon *b, struct beacon_req *req, volatile sig_atomic_t *stop)
{
	struct one o = { req, 0 };
	int conc = b->concurrency, rc;

	b->concurrency = 1;
	rc = beacon_run(b, one_next, one_done, &o, stop);
	b->concurrency = conc;
	return rc;
}

const uint64_t *
beacon_node_answers(const struct beacon *b, size_t node)
{
	return b->nodes[node].answers;
}
