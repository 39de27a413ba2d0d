#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cross-checks the SMS PDU codec (chat/sms-pdu.c) with an independent
# implementation, gammu's (Debian python3-gammu): gammu encodes
# SMS-DELIVER PDUs (GSM 7-bit with extension characters, UCS-2 with
# surrogate pairs, 8-bit, concatenated with 8- and 16-bit references) that
# ours must decode to the same sender, text and parts, and gammu decodes
# the SMS-SUBMIT PDUs ours encodes to the same number and text.
: "${top_builddir:?run me through make check}"
tool=$top_builddir/tests/modem/sms-pdu-tool
py=/usr/bin/python3
if ! "$py" -c 'import gammu' 2>/dev/null; then
	echo "1..0 # SKIP python3-gammu is not installed (apt install python3-gammu)"
	exit 77
fi
[ -x "$tool" ] || { echo "hard error: $tool is not built"; exit 99; }
exec "$py" - "$tool" <<'PY'
import datetime, subprocess, sys
import gammu

tool = sys.argv[1]
n = 0
failed = False

def ok(cond, what, detail=""):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok"), n, "-", what)
    if not cond:
        failed = True
        print("#", detail)

def run(*args):
    p = subprocess.run([tool, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

T0 = datetime.datetime(2026, 12, 7, 4, 0, 0)

def deliver(msg, number):
    m = dict(msg)
    m.update({"Number": number, "Type": "Deliver", "DateTime": T0,
              "SMSCDateTime": T0, "SMSC": {"Location": 0,
                                           "Number": "+491710760000"}})
    m.setdefault("Folder", 0)
    m.setdefault("Location", 0)
    m.setdefault("InboxFolder", 0)
    m.setdefault("Memory", "ME")
    m.setdefault("Name", "")
    m.setdefault("State", "UnRead")
    m.setdefault("Class", -1)
    return gammu.EncodePDU(m, "Deliver").hex().upper()

def ours(hexpdu):
    rc, out, err = run("decode", hexpdu)
    if rc:
        return None
    d = dict(l.split(" ", 1) for l in out.splitlines())
    d["text"] = bytes.fromhex(d["text"].strip())
    return d

cases = [
    ("+491701234567", "ltepi up 17 ABCDEFGHIJKLMNOP", False),
    ("+491701234567", "GSM extension: {[~]}|^\\ and \u20ac 5", False),
    ("+4930123", "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\u00d8\u00f8\u00c5\u00e5\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9\u00a4\u00a1\u00c4\u00d6\u00d1\u00dc\u00a7\u00bf\u00e4\u00f6\u00f1\u00fc\u00e0", False),
    ("+491701234567", "ltepi up 2h 18 \u00e4\u00f6\u00fc \U0001F600 \u4e2d\u6587", True),
    ("+81901234567", "Kanji \u65e5\u672c", True),
    ("0301234567", "national sender", False),
]
for number, text, uni in cases:
    info = {"Class": -1, "Unicode": uni,
            "Entries": [{"ID": "ConcatenatedTextLong", "Buffer": text}]}
    parts = gammu.EncodeSMS(info)
    ok(len(parts) == 1, "gammu made one PDU for %r" % text)
    d = ours(deliver(parts[0], number))
    ok(d is not None and d["sender"] == number, "  sender %s" % number, d)
    ok(d is not None and d["text"].decode() == text, "  text", d)
    ok(d is not None and d["alphabet"] == ("ucs2" if uni else "gsm7"),
       "  alphabet", d)

# 8-bit data
m = gammu.EncodeSMS({"Class": -1, "Entries": [{"ID": "Text",
                                                 "Buffer": "x"}]})[0]
m.update({"Coding": "8bit", "Text": b"\x00\x01binary\xff"})
d = ours(deliver(m, "+491701234567"))
ok(d is not None and d["alphabet"] == "8bit" and d["text"] == b"\x00\x01binary\xff",
   "8-bit data kept as bytes", d)

# concatenated, 8- and 16-bit references, parts in both orders
for id16, uni in ((False, False), (True, False), (False, True)):
    text = ("part-of-a-long-message " * 12).strip()
    if uni:
        text = "\u00e4" + text[:150]
    entry = "ConcatenatedTextLong16bit" if id16 else "ConcatenatedTextLong"
    info = {"Class": -1, "Unicode": uni,
            "Entries": [{"ID": entry, "Buffer": text}]}
    parts = gammu.EncodeSMS(info)
    decoded = [ours(deliver(p, "+491701234567")) for p in parts]
    what = "concatenated, %s reference%s" % ("16-bit" if id16 else "8-bit",
                                             ", UCS-2" if uni else "")
    ok(len(parts) >= 2 and all(decoded), what + ": every part decodes")
    refs = {p["UDH"]["ID16bit"] if id16 else p["UDH"]["ID8bit"]
            for p in parts}
    ok(all(x["concat"] == "%d %d %d" % (list(refs)[0], len(parts), i + 1)
           for i, x in enumerate(decoded)), "  reference, count, sequence",
       [x["concat"] for x in decoded])
    for order in (decoded, list(reversed(decoded))):
        joined = b"".join(x["text"] for x in
                          sorted(order, key=lambda x: int(x["concat"].split()[2])))
        ok(joined.decode() == text, "  joined text")

# our SMS-SUBMIT, decoded by gammu
for number, text in [("+491701234567", "ltepi up since 04:00Z ppp0 100.64.1.2 shared csq 20"),
                     ("+4930123", "{[euro \u20ac]}"),
                     ("+81901234567", "\u65e5\u672c \U0001F600"),
                     ("0301234567", "national")]:
    rc, out, err = run("encode", number, text)
    ok(rc == 0, "we encode %r" % text, err)
    if rc:
        continue
    hexpdu, length = out.split()
    g = gammu.DecodePDU(bytes.fromhex(hexpdu), True)
    ok(g["Type"] == "Submit" and g["Number"] == number, "  gammu reads the number", g)
    # gammu's decoder sizes the text by the septet count, escapes
    # included, and fills the rest with junk: compare that many characters
    ok(g["Text"][:len(text)] == text, "  gammu reads the text", repr(g["Text"]))
    # and the user data must be bit for bit what gammu encodes
    uni = g["Coding"] == "Unicode_No_Compression"
    mine = gammu.EncodeSMS({"Class": -1, "Unicode": uni,
                            "Entries": [{"ID": "Text", "Buffer": text}]})[0]
    mine.update({"Number": number, "SMSC": {"Location": 0, "Number": ""}})
    theirs = gammu.EncodePDU(mine).hex().upper()
    # ours: SMSC, first octet, MR, address, PID, DCS, then UDL and UD
    digits = len(number.lstrip("+"))
    tail = hexpdu[14 + 2 * ((digits + 1) // 2):]
    ok(theirs.endswith(tail), "  user data as gammu encodes it",
       theirs + " vs " + hexpdu)
    ok(int(length) == len(hexpdu) // 2 - 1, "  AT+CMGS length = TPDU octets")

print("1..%d" % n)
sys.exit(1 if failed else 0)
PY
