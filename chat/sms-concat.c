/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Concatenated SMS reassembly (see sms-concat.h). */
#include <string.h>

#include "sms-concat.h"

void sms_concat_init(struct sms_concat *c)
{
	memset(c, 0, sizeof(*c));
}

static struct sms_concat_set *concat_find(struct sms_concat *c,
					  const struct sms_deliver *p)
{
	size_t i;

	for (i = 0; i < SMS_CONCAT_SETS; i++) {
		struct sms_concat_set *s = &c->set[i];

		if (s->used && s->ref == p->concat_ref &&
		    s->total == p->concat_total &&
		    strcmp(s->sender, p->sender) == 0)
			return s;
	}
	return NULL;
}

/* A free slot, or the oldest one emptied. */
static struct sms_concat_set *concat_slot(struct sms_concat *c)
{
	struct sms_concat_set *oldest = &c->set[0];
	size_t i;

	for (i = 0; i < SMS_CONCAT_SETS; i++) {
		if (!c->set[i].used)
			return &c->set[i];
		if (c->set[i].age < oldest->age)
			oldest = &c->set[i];
	}
	c->evicted++;
	return oldest;
}

static struct sms_concat_set *concat_open(struct sms_concat *c,
					  const struct sms_deliver *p)
{
	struct sms_concat_set *s = concat_slot(c);

	memset(s, 0, sizeof(*s));
	s->used = true;
	s->age = ++c->clock;
	memcpy(s->sender, p->sender, sizeof(s->sender));
	s->ref = p->concat_ref;
	s->total = p->concat_total;
	return s;
}

static void concat_join(struct sms_concat_set *s, char *out, size_t outlen,
			size_t *out_len)
{
	size_t i, n = 0;

	for (i = 0; i < s->total; i++) {
		size_t k = s->len[i];

		if (n + k + 1 > outlen)
			k = outlen - n - 1;
		memcpy(out + n, s->text[i], k);
		n += k;
	}
	out[n] = '\0';
	*out_len = n;
	memset(s, 0, sizeof(*s));
}

enum sms_concat_result sms_concat_add(struct sms_concat *c,
				      const struct sms_deliver *part, char *out,
				      size_t outlen, size_t *out_len)
{
	struct sms_concat_set *s;
	unsigned int i = part->concat_seq - 1;

	if (part->concat_total == 0) {
		struct sms_concat_set one = { .total = 1,
					      .len[0] = part->text_len };

		memcpy(one.text[0], part->text, part->text_len);
		concat_join(&one, out, outlen, out_len);
		return SMS_CONCAT_COMPLETE;
	}
	if (part->concat_total > SMS_CONCAT_PARTS ||
	    part->concat_seq > part->concat_total || part->concat_seq == 0)
		return SMS_CONCAT_TOO_MANY;
	s = concat_find(c, part);
	if (!s)
		s = concat_open(c, part);
	if (!(s->have & (1u << i))) {
		memcpy(s->text[i], part->text, part->text_len);
		s->len[i] = part->text_len;
		s->have |= 1u << i;
	}
	if (s->have != (1u << s->total) - 1)
		return SMS_CONCAT_PENDING;
	concat_join(s, out, outlen, out_len);
	return SMS_CONCAT_COMPLETE;
}
