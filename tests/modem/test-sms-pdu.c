/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMS PDU codec and concatenation (chat/sms-pdu.h, sms-concat.h). The
 * PDUs are gammu's (python3-gammu EncodePDU, Layout Deliver), except the
 * first, the textbook example of TS 23.040 tutorials ("How are you?").
 */
#include <errno.h>
#include <string.h>

#include "../tap.h"
#include "chat/sms-concat.h"
#include "chat/sms-pdu.h"

#define SENDER "+491701234567"
#define HDR    "0791947101670000000C919471103254760000622170400000"

static void decodes(const char *hex, const char *sender, int alphabet,
		    const char *text, const char *what)
{
	struct sms_deliver d;
	char err[128] = "";

	is_int(sms_pdu_decode(hex, &d, err, sizeof(err)), 0, what);
	is_str(d.sender, sender, "  sender");
	is_int(d.alphabet, alphabet, "  alphabet");
	is_str(d.text, text, "  text");
	is_int((long long)d.text_len, (long long)strlen(text), "  length");
}

static void refuses(const char *hex, int code, const char *why,
		    const char *what)
{
	struct sms_deliver d;
	char err[128] = "";

	is_int(sms_pdu_decode(hex, &d, err, sizeof(err)), code, what);
	is_str(err, why, "  reason");
}

static void test_decode(void)
{
	decodes("07911326040000F0040B911346610089F600002080629173140"
		"80CC8F71D14969741F977FD07",
		"+31641600986", SMS_GSM7, "How are you?", "GSM 7-bit");
	decodes(HDR "00146C7A199E06D5E1A0D80D14168FC965F3190D", SENDER,
		SMS_GSM7, "ltepi up 17 abcdefgh", "GSM 7-bit, gammu");
	decodes(HDR "0015E10D4ABC496DCA1B1E7EE3DBF436C00D65F302", SENDER,
		SMS_GSM7, "a{b}\xe2\x82\xac[x]~|^\\", "the extension table");
	decodes("0791947101670000000C919471103254760008622170400000002200"
		"6C007400650070006900200075007000200031002000E400F600FC0020"
		"D83DDE00",
		SENDER, SMS_UCS2,
		"ltepi up 1 \xc3\xa4\xc3\xb6\xc3\xbc \xf0\x9f\x98\x80",
		"UCS-2 with a surrogate pair");
	decodes("0791947101670000000C919471103254760004622170400000000"
		"36869A1",
		SENDER, SMS_8BIT, "hi\xa1", "8-bit");
	refuses("", -EINVAL, "the PDU is empty, odd-length or too long",
		"empty");
	refuses("0791947", -EINVAL, "the PDU is empty, odd-length or too long",
		"odd length");
	refuses("07919471016700ZZ", -EINVAL, "the PDU has a non-hex character",
		"not hex");
	refuses("0791947101670000000C9194711032", -EINVAL,
		"the sender address is too long or cut off",
		"cut in the address");
	refuses(HDR "0014", -EINVAL, "the text is shorter than its length says",
		"cut in the text");
	refuses(HDR "00FF00", -EINVAL, "the user data length is too big",
		"UDL 255");
	refuses("0791947101670000020C919471103254760000622170400000000100",
		-ENOTSUP, "the PDU is not an SMS-DELIVER", "a status report");
	refuses("0791947101670000000C919471103254760008622170400000000"
		"2D800",
		-EINVAL, "the UCS-2 text has a lone surrogate",
		"lone surrogate");
	refuses("0791947101670000400C919471103254760000622170400000000"
		"20A00",
		-EINVAL, "the user data header overruns the text",
		"UDH longer than the text");
}

static void test_concat(void)
{
	/* gammu's two parts of a 200-character text, reference 0x6E */
	static const char *const part1 =
	    "0791947101670000400C91947110325476000062217040000000A00500036E"
	    "0201F0783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1"
	    "783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E"
	    "8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3"
	    "F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C"
	    "1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1";
	static const char *const part2 =
	    "0791947101670000400C91947110325476000062217040000000360500036E"
	    "0202F0783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1783C1E8FC7E3F1"
	    "783C1E8FC7E3F1783C1E8FC703";
	static struct sms_concat c;
	struct sms_deliver a, b, other;
	char out[SMS_CONCAT_TEXT + 1], err[128], want[201];
	size_t len = 0;
	int i;

	memset(want, 'x', 200);
	want[200] = '\0';
	is_int(sms_pdu_decode(part1, &a, err, sizeof(err)), 0, "part 1");
	is_int(sms_pdu_decode(part2, &b, err, sizeof(err)), 0, "part 2");
	is_int(a.concat_ref, 0x6e, "  reference");
	is_int(a.concat_total, 2, "  total");
	is_int(b.concat_seq, 2, "  sequence");
	sms_concat_init(&c);
	is_int(sms_concat_add(&c, &b, out, sizeof(out), &len),
	       SMS_CONCAT_PENDING, "part 2 first: pending");
	is_int(sms_concat_add(&c, &b, out, sizeof(out), &len),
	       SMS_CONCAT_PENDING, "part 2 again: still pending");
	is_int(sms_concat_add(&c, &a, out, sizeof(out), &len),
	       SMS_CONCAT_COMPLETE, "then part 1: complete");
	is_str(out, want, "  joined in order");
	is_int(sms_concat_add(&c, &a, out, sizeof(out), &len),
	       SMS_CONCAT_PENDING, "the set is gone after completion");
	/* fill every slot with other senders' first parts: a's set goes */
	for (i = 0; i < SMS_CONCAT_SETS; i++) {
		other = b;
		snprintf(other.sender, sizeof(other.sender), "+4900%d", i);
		(void)sms_concat_add(&c, &other, out, sizeof(out), &len);
	}
	is_int(c.evicted, 1, "a full pool evicts the oldest set");
	is_int(sms_concat_add(&c, &b, out, sizeof(out), &len),
	       SMS_CONCAT_PENDING, "  whose parts are lost");
	other = a;
	other.concat_total = SMS_CONCAT_PARTS + 1;
	is_int(sms_concat_add(&c, &other, out, sizeof(out), &len),
	       SMS_CONCAT_TOO_MANY, "more parts than the limit: refused");
}

static void encodes(const char *dest, const char *text, const char *want,
		    unsigned int want_len, const char *what)
{
	char hex[SMS_PDU_HEX_MAX + 1] = "";
	unsigned int len = 0;

	is_int(sms_pdu_encode_submit(dest, text, hex, sizeof(hex), &len), 0,
	       what);
	is_str(hex, want, "  PDU");
	is_int(len, want_len, "  TPDU length");
}

static void test_encode(void)
{
	char hex[SMS_PDU_HEX_MAX + 1], big[200];
	unsigned int len;

	encodes("+31641600986", "How are you?",
		"0001000B911346610089F600000CC8F71D14969741F977FD07", 24,
		"GSM 7-bit");
	encodes("+4917", "\xe2\x82\xac", "000100049194710000029B32", 11,
		"the euro sign: escape and extension code");
	encodes("+4917", "\xc3\xa5\xe4\xb8\xad", "0001000491947100080400E54E2D",
		13, "a character outside GSM: UCS-2");
	is_int(sms_pdu_encode_submit("+49x", "a", hex, sizeof(hex), &len),
	       -EINVAL, "a bad number");
	is_int(sms_pdu_encode_submit("+49", "\xff", hex, sizeof(hex), &len),
	       -EINVAL, "bad UTF-8");
	memset(big, 'a', 161);
	big[161] = '\0';
	is_int(sms_pdu_encode_submit("+49", big, hex, sizeof(hex), &len),
	       -EMSGSIZE, "161 GSM characters do not fit");
}

int main(void)
{
	test_decode();
	test_concat();
	test_encode();
	return tap_done();
}
