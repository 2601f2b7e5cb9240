#!/usr/bin/env python3
"""Recover a breakglass secret (share format v1) without breakglass: Python 3 standard library only.
Usage: python3 recover.py FILE... > secret   (text holding typed shares, QR texts or QR part texts)
Every line, share and header field is checked, and every k of the shares of a set tried: a secret is
printed only when all that pass agree (a file byte for byte, any other kind with a newline after it).
A damaged share is named on stderr and left out. The fingerprint goes to stderr too."""
import hashlib, itertools, math, re, sys
A, SKIPPED = "0123456789ABCDEFGHJKMNPQRSTVWXYZ", []   # the alphabet; what was left out, and why
class Bad(Exception): pass                   # stops the recovery (of one set)
class Skip(Bad): pass                        # leaves one share out
def note(why): SKIPPED.append(why); len(SKIPPED) > 20 or sys.stderr.write("skipped: %s\n" % why)
def skipping(fn, *args):                     # a damaged share is named (the first 20) and left out
    try: return fn(*args)
    except Skip as e: note(e)
def sym(c, where):                           # Crockford base32, look-alikes folded
    u = {"O": "0", "I": "1", "L": "1"}.get(c.upper(), c.upper()) if c.isascii() else c
    if u not in A: raise Skip("%s: %r is not a share character" % (where, c))
    return A.index(u)
def unbase32(syms, where):                   # 5 bits per symbol, most significant first
    v, bits = int("".join(format(s, "05b") for s in syms) or "0", 2), len(syms) * 5 % 8
    if bits >= 5 or v & ((1 << bits) - 1): raise Skip("%s: wrong length or padding bits" % where)
    return (v >> bits).to_bytes(len(syms) * 5 // 8, "big")
def mul(a, b, poly):                         # GF(32) with 0x25, GF(256) with 0x11D
    r = 0
    while b:
        r, a, b = r ^ (a if b & 1 else 0), a << 1, b >> 1
        if a >> (poly.bit_length() - 1): a ^= poly
    return r
def line_ok(n, syms):                        # Reed-Solomon: the word is zero at 2 and at 4
    for x in (2, 4):
        acc = 0
        for s in [n >> 10 & 31, n >> 5 & 31, n & 31] + syms: acc = mul(acc, x, 0x25) ^ s
        if acc: return False
    return True
def typed_blocks(lines, name):               # each marker line, and where its lines start
    for i, l in enumerate(lines):
        m = re.fullmatch(r"\s*BREAKGLASS-V(\d*)\s*", l, re.I)
        if m: yield "%s, share at line %d" % (name, i + 1), m.group(1), lines, i + 1
def read_typed(where, version, lines, start):
    if version != "1": raise Skip("%s: the marker is not BREAKGLASS-V1" % where)
    data, n, total = bytearray(), 0, None
    for row in (lines[j] for j in range(start, len(lines))):
        if not row.strip(): continue             # blank lines within a share are ignored
        m = re.fullmatch(r"\s*([0-9]{1,5})[:.)]?(.*)", row)
        if not m or int(m.group(1)) != n + 1 or (total is not None and len(data) >= total):
            break
        n, line = n + 1, "%s, its line %d" % (where, n + 1)
        syms = [sym(c, line) for c in re.sub(r"[ \t-]", "", m.group(2))]
        left = 10 if total is None else min(10, total - len(data))
        if len(syms) != -(-left * 8 // 5) + 2 or not line_ok(n, syms):
            raise Skip("%s: wrong length or check characters" % line)
        data += unbase32(syms[:-2], line)
        if total is None and len(data) >= 20:    # the whole length, from bytes 18..19
            total = int.from_bytes(data[18:20], "big") * 16 + 62
    if not data: raise Skip("%s: no share lines follow the marker" % where)
    return bytes(data)
def qr_raw(text, v, run, name):
    if v != "1" or text != text.upper(): raise Skip("%s: a QR text that is not BREAKGLASS-V1 in upper case" % name)
    return unbase32([sym(c, name) for c in run], name)
def qr_texts(text, name):
    parts, out = {}, []
    for m in re.finditer(r"(?<![0-9A-Za-z])BREAKGLASS-V(\d*)(-PART:|:)([0-9A-Za-z]*)", text, re.I):
        v, mark, run = m.groups()
        if len(run) < (32 if mark == ":" else 24):
            continue                             # prose about the format, not a code
        raw = skipping(qr_raw, m.group(0), v, run, name) or b""
        if mark == ":": out.append(raw)
        elif raw:                                # by set id, index and part count: number -> data
            got, n = parts.setdefault(raw[:11] + raw[13:15], {}), int.from_bytes(raw[11:13], "big")
            if got.setdefault(n, raw[15:]) != raw[15:]: raise Bad("%s: QR codes differ as part %d: one is forged" % (name, n))
    return out + [skipping(join_parts, key, got, name) for key, got in parts.items()]
def join_parts(key, got, name):
    count = int.from_bytes(key[11:13], "big")   # parts are grouped by their count too
    if sorted(got) != list(range(1, count + 1)): raise Skip("%s: parts of a large share are missing" % name)
    b = b"".join(got[i] for i in range(1, count + 1))
    if b[6:16] + b[5:6] != key[:11]: raise Skip("%s: parts join into a share of another set or index" % name)
    return b
def parse(b, name):
    if len(b) < 20 or b[0] != 1: raise Skip("%s: not a share of format version 1" % name)
    k, n, x, p = b[3], b[4], b[5], int.from_bytes(b[18:20], "big")
    if len(b) != p * 16 + 62 or hashlib.blake2b(b[:-4], digest_size=4).digest() != b[-4:]:
        raise Skip("%s: a share is damaged (length or checksum)" % name)
    if b[1] & ~1 or not 1 <= b[2] <= 6 or not 2 <= k <= n or not 1 <= x <= n or not 1 <= p <= 4160 or not b[20]:
        raise Skip("%s: a share has an invalid header" % name)
    return {"h0": b[:5] + b"\0" + b[6:26], "flags": b[1], "kind": b[2], "k": k, "x": x, "p": p * 16, "y": b[26:-4]}
INV = [0] + [next(b for b in range(1, 256) if mul(a, b, 0x11D) == 1) for a in range(1, 256)]  # GF(256)
def interpolate(shares, at=0):               # Lagrange at x = at, byte by byte
    out = bytearray(len(shares[0]["y"]))
    for s in shares:
        w = 1
        for t in (t for t in shares if t is not s):
            w = mul(w, mul(t["x"] ^ at, INV[t["x"] ^ s["x"]], 0x11D), 0x11D)
        for i, y in enumerate(s["y"]): out[i] ^= mul(w, y, 0x11D)
    return bytes(out)
def grouped(v):                              # 10 bytes as XXXX-XXXX-XXXX-XXXX
    return "-".join("".join(A[int.from_bytes(v, "big") >> (75 - 5 * i) & 31] for i in range(j, j + 4)) for j in (0, 4, 8, 12))
def tag_ok(h0, p, d):                        # padded, R and the tag (section 1.4)
    return hashlib.blake2b(h0 + d[:p + 16], digest_size=16, key=b"breakglass-v1-tag").digest() == d[p + 16:]
def recover_set(shares):                     # one set; every k shares that pass must agree
    byx, h0, p, k = {}, shares[0]["h0"], shares[0]["p"], shares[0]["k"]
    sid = grouped(h0[6:16])
    for s in shares:
        if byx.setdefault(s["x"], s)["y"] != s["y"]: raise Bad("two shares claim to be share %d of set %s" % (s["x"], sid))
    ordered = sorted(byx.values(), key=lambda s: s["x"])
    if len(ordered) < k: raise Bad("need %d shares of set %s, got %d" % (k, sid, len(ordered)))
    if shares[0]["flags"] & 1: raise Bad("set %s also needs its passphrase, which only breakglass can apply" % sid)
    first = ordered[:k]                      # all on the polynomial of the first k: one secret
    if tag_ok(h0, p, interpolate(first)) and all(interpolate(first, s["x"]) == s["y"] for s in ordered[k:]):
        passed = {interpolate(first): set(byx)}
    elif math.comb(len(ordered), k) * k * (16 * k + p + 32) > 10 ** 7:
        raise Bad("shares of set %s do not all fit, and there are too many to try; give %d of them" % (sid, k))
    else:
        passed = {}
        for subset in itertools.combinations(ordered, k):
            d = interpolate(subset)
            if tag_ok(h0, p, d): passed.setdefault(d, set()).update(s["x"] for s in subset)
    if len(passed) > 1: raise Bad("k shares of set %s recombine to different secrets: some are forged" % sid)
    if not passed: raise Bad("no %d shares of set %s recombine to a valid secret: one was altered or forged" % (k, sid))
    (d, used), = passed.items()
    for x in sorted(set(byx) - used): note("share %d of set %s does not fit the others: altered or forged" % (x, sid))
    body = d[:p].rstrip(b"\0")
    if not body.endswith(b"\x80") or len(body) < 2: raise Bad("the shares pass the integrity check but hold no valid secret")
    fp = hashlib.blake2b(b"breakglass-v1-fingerprint" + h0 + d[:p], digest_size=10, key=d[p:p + 16]).digest()
    return body[:-1] + (b"" if shares[0]["kind"] == 6 else b"\n"), "set %s, fingerprint %s" % (sid, grouped(fp))
def recover(found):                          # by set (header H0); exactly one set may recover
    sets, done, errors = {}, {}, []
    for s in found: sets.setdefault(s["h0"], []).append(s)
    for group in sorted(sets.values(), key=len, reverse=True):
        try: secret, about = recover_set(group); done.setdefault(secret, about)
        except Bad as e: errors.append(e)
    if len(done) > 1: raise Bad("complete sets with different secrets: %s; give one" % "; ".join(done.values()))
    if not done: raise errors[0] if len(errors) == 1 else Bad("no set is complete: %s" % "; ".join(map(str, errors)))
    for e in errors: note("%s (left out)" % e)
    (secret, about), = done.items()
    sys.stderr.write("%s: compare it with the ceremony record\n" % about)
    return secret
def main(files):
    found = []
    for name in files:
        text = open(name, encoding="utf-8-sig", errors="replace").read()
        blocks = [skipping(read_typed, *b) for b in typed_blocks(text.splitlines(), name)] + qr_texts(text, name)
        found += [s for s in (skipping(parse, b, name) for b in blocks if b) if s]
    if not found: raise Bad("no readable share in %s" % (", ".join(files) or "no file; usage: recover.py FILE..."))
    sys.stdout.buffer.write(recover(found))
if __name__ == "__main__":
    try: main(sys.argv[1:]); error = None
    except Exception as e:                   # one clear line, never a traceback
        error = "error: %s" % (e if isinstance(e, (Bad, OSError)) else "unreadable input (%r)" % e)
    if len(SKIPPED) > 20: sys.stderr.write("skipped: ... and %d more\n" % (len(SKIPPED) - 20))
    if error: sys.exit(error)
