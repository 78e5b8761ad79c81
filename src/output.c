/*
 * Results as text for people, CSV (libcsv) or JSON.  JSON is written here
 * by hand, so that cJSON trees stay inside the decoder; it is only ever
 * flat objects of numbers, strings, booleans and null.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "diag.h"
#include "output.h"
#include "util.h"

void
output_init(struct otable *t, const struct ocol *cols, size_t ncols, bool record)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
	t->record = record;
	t->currency = "";
	t->gwei_per_native = 1e9;
}

static void
drop_rows(struct otable *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].str);
	t->nrows = 0;
}

void
output_release(struct otable *t)
{
	size_t i;

	drop_rows(t);
	free(t->cells);
	free(t->stream_w);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	memset(t, 0, sizeof(*t));
}

void
output_row(struct otable *t)
{
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? 2 * t->caprows : 16;
		t->cells = xrealloc(t->cells, t->caprows * t->ncols * sizeof(*t->cells));
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(*t->cells));
	t->nrows++;
}

static struct ocell *
cell(struct otable *t, const char *col)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, col) == 0)
			return &t->cells[(t->nrows - 1) * t->ncols + i];
	/* A column the command did not declare is a bug in the command. */
	fprintf(stderr, "uptimecalc: BUG: no output column '%s'\n", col);
	abort();
}

void
output_str(struct otable *t, const char *col, const char *v)
{
	struct ocell *c = cell(t, col);

	free(c->str);
	c->str = v ? xstrdup(v) : NULL;
	c->set = v != NULL;
}

void
output_num(struct otable *t, const char *col, double v)
{
	struct ocell *c = cell(t, col);

	c->num = v;
	c->set = isfinite(v);
}

void
output_u64(struct otable *t, const char *col, uint64_t v)
{
	struct ocell *c = cell(t, col);

	c->u64 = v;
	c->num = (double)v;
	c->set = true;
}

void
output_bool(struct otable *t, const char *col, bool v)
{
	struct ocell *c = cell(t, col);

	c->num = v;
	c->set = true;
}

void
output_note(struct otable *t, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof(*t->notes));
	t->notes[t->nnotes++] = xstrdup(buf);
}

bool
output_parse_format(const char *s, enum ofmt *out)
{
	if (strcmp(s, "table") == 0)
		*out = OFMT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*out = OFMT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = OFMT_JSON;
	else
		return false;
	return true;
}

/* The machine form of a cell: what CSV prints and JSON prints unquoted. */
static void
machine(const struct ocol *col, const struct ocell *c, char *buf, size_t n)
{
	switch (col->type) {
	case OT_STR:
		snprintf(buf, n, "%s", c->str);
		break;
	case OT_GWEI:
		snprintf(buf, n, "%llu", (unsigned long long)c->u64);
		break;
	case OT_BOOL:
		snprintf(buf, n, "%d", c->num != 0);
		break;
	case OT_INT:
	case OT_SGWEI:
		snprintf(buf, n, "%.0f", c->num == 0 ? 0.0 : c->num);
		break;
	default:
		/* 15 significant digits: exact integers, no binary noise. */
		snprintf(buf, n, "%.15g", c->num == 0 ? 0.0 : c->num);
		break;
	}
}

/* The form people read in the text table. */
static void
human(const struct otable *t, const struct ocol *col, const struct ocell *c,
    char *buf, size_t n)
{
	if (!c->set) {
		snprintf(buf, n, "-");
		return;
	}
	switch (col->type) {
	case OT_STR:
		snprintf(buf, n, "%s", c->str);
		break;
	case OT_INT:
		snprintf(buf, n, "%.0f", c->num);
		break;
	case OT_GWEI:
		snprintf(buf, n, "%.6f %s", (double)c->u64 / t->gwei_per_native, t->currency);
		break;
	case OT_SGWEI:
		snprintf(buf, n, "%.6f %s", c->num == 0 ? 0.0 : c->num / t->gwei_per_native,
		    t->currency);
		break;
	case OT_NATIVE:
		snprintf(buf, n, "%.6f %s", c->num == 0 ? 0.0 : c->num, t->currency);
		break;
	case OT_FRAC:
		snprintf(buf, n, "%.3f %%", c->num == 0 ? 0.0 : c->num * 100);
		break;
	case OT_SECONDS:
		format_duration(c->num, buf, n);
		break;
	case OT_BOOL:
		snprintf(buf, n, "%s", c->num != 0 ? "yes" : "no");
		break;
	case OT_USD:
		snprintf(buf, n, "%.2f USD", c->num == 0 ? 0.0 : c->num);
		break;
	case OT_NUM:
		/* Whole numbers in full (2048000000000), others to 6 digits. */
		if (c->num == floor(c->num) && fabs(c->num) < 1e15)
			snprintf(buf, n, "%.0f", c->num);
		else
			snprintf(buf, n, "%.6g", c->num);
		break;
	}
}

static void
csv_field(FILE *fp, const char *s)
{
	/* Quote only where CSV needs it, so plain numbers stay plain. */
	if (strpbrk(s, ",\"\r\n") != NULL || (s[0] == ' ') ||
	    (s[0] && s[strlen(s) - 1] == ' '))
		csv_fwrite(fp, s, strlen(s));
	else
		fputs(s, fp);
}

/*
 * A text cell a spreadsheet would read as a formula gets a leading single
 * quote, which spreadsheets show as text (OWASP, "CSV Injection"): chain
 * names, sources and notes come from a user's table.  Numbers are ours
 * and stay as they are, minus signs included.
 */
static void
csv_text(FILE *fp, const char *s)
{
	char *q;

	if (s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL) {
		csv_field(fp, s);
		return;
	}
	q = xmalloc(strlen(s) + 2);
	q[0] = '\'';
	strcpy(q + 1, s);
	csv_field(fp, q);
	free(q);
}

static void
json_string(FILE *fp, const char *s)
{
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
csv_header(const struct otable *t, FILE *fp)
{
	size_t j;

	for (j = 0; j < t->ncols; j++) {
		if (j)
			fputc(',', fp);
		csv_field(fp, t->cols[j].name);
	}
	fputc('\n', fp);
}

static void
csv_row(const struct otable *t, size_t i, FILE *fp)
{
	char buf[4096];
	size_t j;

	for (j = 0; j < t->ncols; j++) {
		const struct ocell *c = &t->cells[i * t->ncols + j];

		if (j)
			fputc(',', fp);
		if (!c->set)
			continue;
		/* Text whole, however long: machine() would cut it at buf's size. */
		if (t->cols[j].type == OT_STR) {
			csv_text(fp, c->str);
			continue;
		}
		machine(&t->cols[j], c, buf, sizeof(buf));
		csv_field(fp, buf);
	}
	fputc('\n', fp);
}

static void
json_object(const struct otable *t, size_t i, FILE *fp, const char *indent,
    bool notes)
{
	/* indent NULL: all on one line, for NDJSON. */
	const char *nl = indent ? ",\n" : ", ", *end = indent ? "\n" : "";
	char buf[4096];
	size_t j;

	fputs(indent ? "{\n" : "{", fp);
	for (j = 0; j < t->ncols; j++) {
		const struct ocol *col = &t->cols[j];
		const struct ocell *c = &t->cells[i * t->ncols + j];

		if (indent)
			fprintf(fp, "%s  ", indent);
		json_string(fp, col->name);
		fputs(": ", fp);
		if (!c->set)
			fputs("null", fp);
		else if (col->type == OT_STR)
			json_string(fp, c->str);
		else if (col->type == OT_BOOL)
			fputs(c->num != 0 ? "true" : "false", fp);
		else {
			machine(col, c, buf, sizeof(buf));
			fputs(buf, fp);
		}
		fputs(j + 1 < t->ncols || (notes && t->nnotes) ? nl : end, fp);
	}
	if (notes && t->nnotes) {
		fprintf(fp, "%s  \"notes\": [", indent ? indent : "");
		for (j = 0; j < t->nnotes; j++) {
			fputs(j ? ", " : "", fp);
			json_string(fp, t->notes[j]);
		}
		fprintf(fp, "]%s", end);
	}
	fprintf(fp, "%s}", indent ? indent : "");
}

static void
text_record(const struct otable *t, FILE *fp)
{
	char buf[4096];
	size_t j, w = 0;

	for (j = 0; j < t->ncols; j++)
		if (t->cols[j].label && strlen(t->cols[j].label) > w)
			w = strlen(t->cols[j].label);
	for (j = 0; j < t->ncols; j++) {
		const struct ocell *c = &t->cells[j];

		/* No label: a machine-only column, such as an amount twice. */
		if ((!c->set && t->cols[j].type == OT_STR) || t->cols[j].label == NULL)
			continue;
		human(t, &t->cols[j], c, buf, sizeof(buf));
		fprintf(fp, "%-*s  %s\n", (int)w, t->cols[j].label, buf);
	}
}

/* Columns a text takes on a terminal: UTF-8 characters, not bytes. */
static size_t
text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static bool
right_aligned(const struct ocol *col)
{
	return col->type != OT_STR && col->type != OT_BOOL;
}

static void
text_line(const struct otable *t, const size_t *w, char **fields, FILE *fp)
{
	size_t j, shown_last = 0;

	/* No label: a machine-only column, as in text_record. */
	for (j = 0; j < t->ncols; j++)
		if (t->cols[j].label != NULL)
			shown_last = j;
	for (j = 0; j < t->ncols; j++) {
		int pad = (int)w[j];
		bool last = j == shown_last;

		if (t->cols[j].label == NULL)
			continue;
		/* Padded by width, not bytes: a sparkline's blocks are 3 bytes. */
		pad -= (int)text_width(fields[j]);
		if (right_aligned(&t->cols[j]))
			fprintf(fp, "%*s%s", pad > 0 ? pad : 0, "", fields[j]);
		else
			fprintf(fp, "%s%*s", fields[j], last || pad < 0 ? 0 : pad, "");
		fputs(last ? "\n" : "  ", fp);
	}
}

static void
text_list(const struct otable *t, FILE *fp, bool header, size_t minw, const size_t *fixed)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w)), i, j;
	char **cells = xcalloc(t->nrows * t->ncols + 1, sizeof(*cells));
	char **hdr = xcalloc(t->ncols, sizeof(*hdr));
	char buf[4096];

	for (j = 0; j < t->ncols; j++) {
		hdr[j] = (char *)t->cols[j].label;
		w[j] = hdr[j] == NULL ? 0 : text_width(hdr[j]) > minw ? text_width(hdr[j]) :
		    minw;
	}
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			human(t, &t->cols[j], &t->cells[i * t->ncols + j], buf, sizeof(buf));
			cells[i * t->ncols + j] = xstrdup(buf);
			if (text_width(buf) > w[j])
				w[j] = text_width(buf);
		}
	/* A streamed table keeps the widths its header was printed with. */
	if (fixed != NULL)
		memcpy(w, fixed, t->ncols * sizeof(*w));
	if (header)
		text_line(t, w, hdr, fp);
	for (i = 0; i < t->nrows; i++)
		text_line(t, w, &cells[i * t->ncols], fp);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(cells[i]);
	free(cells);
	free(hdr);
	free(w);
}

static void
text_notes(const struct otable *t, FILE *fp)
{
	size_t i;

	for (i = 0; i < t->nnotes; i++)
		fprintf(fp, "%snote: %s\n", i ? "" : "\n", t->notes[i]);
}

int
output_print(const struct otable *t, enum ofmt fmt, FILE *fp)
{
	size_t i;

	switch (fmt) {
	case OFMT_TABLE:
		if (t->record && t->nrows == 1)
			text_record(t, fp);
		else
			text_list(t, fp, true, 0, NULL);
		text_notes(t, fp);
		break;
	case OFMT_CSV:
		csv_header(t, fp);
		for (i = 0; i < t->nrows; i++)
			csv_row(t, i, fp);
		break;
	case OFMT_NDJSON:
		for (i = 0; i < t->nrows; i++) {
			json_object(t, i, fp, NULL, false);
			fputc('\n', fp);
		}
		break;
	case OFMT_JSON:
		if (t->record && t->nrows == 1) {
			json_object(t, 0, fp, "", true);
			fputc('\n', fp);
			break;
		}
		fputs("[", fp);
		for (i = 0; i < t->nrows; i++) {
			fputs(i ? ",\n  " : "\n  ", fp);
			json_object(t, i, fp, "  ", false);
		}
		fputs(t->nrows ? "\n]\n" : "]\n", fp);
		break;
	}
	return ferror(fp) ? UC_EIO : UC_OK;
}

/* Streaming counts the rows it printed (t->streamed): JSON's commas. */

void
output_stream_begin(struct otable *t, enum ofmt fmt, FILE *fp)
{
	t->streamed = 0;
	if (fmt == OFMT_CSV)
		csv_header(t, fp);
	else if (fmt == OFMT_JSON)
		fputs("[", fp);
	else if (fmt == OFMT_NDJSON)
		return;		/* each line stands alone */
	/* A table's header waits for the first rows, which size its columns. */
}

/*
 * The widths of a streamed table, from its header and first rows (at least
 * 14, as values further down may be wider), and its header.
 */
static void stream_header(struct otable *, FILE *);

void
output_stream_header(struct otable *t, enum ofmt fmt, FILE *fp)
{
	if (fmt == OFMT_TABLE && t->stream_w == NULL)
		stream_header(t, fp);
}

static void
stream_header(struct otable *t, FILE *fp)
{
	char buf[4096];
	size_t i, j;

	t->stream_w = xcalloc(t->ncols + 1, sizeof(*t->stream_w));
	for (j = 0; j < t->ncols; j++) {
		const char *l = t->cols[j].label;

		if (l == NULL)
			continue;
		/* Text such as an RFC 3339 time is 20 wide; numbers fit in 14. */
		t->stream_w[j] = t->cols[j].type == OT_STR ? 20 : 14;
		if (text_width(l) > t->stream_w[j])
			t->stream_w[j] = text_width(l);
		for (i = 0; i < t->nrows; i++) {
			human(t, &t->cols[j], &t->cells[i * t->ncols + j], buf, sizeof(buf));
			if (text_width(buf) > t->stream_w[j])
				t->stream_w[j] = text_width(buf);
		}
	}
	i = t->nrows;
	t->nrows = 0;
	text_list(t, fp, true, 0, t->stream_w);
	t->nrows = i;
}

void
output_stream_rows(struct otable *t, enum ofmt fmt, FILE *fp)
{
	size_t i;

	for (i = 0; i < t->nrows; i++, t->streamed++) {
		if (fmt == OFMT_CSV)
			csv_row(t, i, fp);
		else if (fmt == OFMT_JSON) {
			fputs(t->streamed ? ",\n  " : "\n  ", fp);
			json_object(t, i, fp, "  ", false);
		} else if (fmt == OFMT_NDJSON) {
			json_object(t, i, fp, NULL, false);
			fputc('\n', fp);
		}
	}
	/* No rows yet: the header waits for some to size it. */
	if (fmt == OFMT_TABLE && t->nrows > 0) {
		if (t->stream_w == NULL)
			stream_header(t, fp);
		text_list(t, fp, false, 0, t->stream_w);
	}
	drop_rows(t);
}

void
output_stream_end(struct otable *t, enum ofmt fmt, FILE *fp)
{
	output_stream_rows(t, fmt, fp);
	if (fmt == OFMT_JSON)
		fputs(t->streamed ? "\n]\n" : "]\n", fp);
	else if (fmt == OFMT_TABLE) {
		if (t->stream_w == NULL)
			stream_header(t, fp);	/* a table without a row */
		text_notes(t, fp);
	}
}
