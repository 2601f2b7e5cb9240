#!/usr/bin/env python3
"""Recover a breakglass secret (share format v1) without breakglass: Python 3 standard library only.
Usage: python3 recover.py FILE... > secret   (text holding typed shares, QR texts or QR part texts)
Every line, share and header field is checked, and the integrity tag verified, before anything is
printed; a damaged share is named on stderr and left out. The fingerprint goes to stderr too."""
import hashlib, itertools, re, sys

A = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

class Bad(Exception): pass                   # stops the recovery
class Skip(Bad): pass                        # leaves one share out
def skipping(fn, *args):                     # a damaged share is named and left out
    try: return fn(*args)
    except Skip as e: sys.stderr.write("skipped: %s\n" % e)

def sym(c, where):                           # Crockford base32, look-alikes folded
    c = {"O": "0", "I": "1", "L": "1"}.get(c.upper(), c.upper())
    if c not in A: raise Skip("%s: %r is not a share character" % (where, c))
    return A.index(c)

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

def typed_blocks(text, name):                # each marker line, with the lines after it
    lines = text.splitlines()
    for i, l in enumerate(lines):
        m = re.fullmatch(r"\s*BREAKGLASS-V(\d*)\s*", l, re.I)
        if m: yield "%s, share at line %d" % (name, i + 1), m.group(1), lines[i + 1:]

def read_typed(where, version, rows):
    if version != "1": raise Skip("%s: the marker is not BREAKGLASS-V1" % where)
    data, n, total = bytearray(), 0, None
    for row in rows:
        if not row.strip(): continue             # blank lines within a share are ignored
        m = re.fullmatch(r"\s*(\d+)[:.)]?(.*)", row)
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
    if v != "1" or text != text.upper():
        raise Skip("%s: a QR text that is not BREAKGLASS-V1 in upper case" % name)
    return unbase32([sym(c, name) for c in run], name)

def qr_texts(text, name):
    parts, out = {}, []
    for m in re.finditer(r"(?<![0-9A-Za-z])BREAKGLASS-V(\d*)(-PART:|:)([0-9A-Za-z]*)", text, re.I):
        v, mark, run = m.groups()
        if len(run) < (32 if mark == ":" else 24):
            continue                             # prose about the format, not a code
        raw = skipping(qr_raw, m.group(0), v, run, name) or b""
        if mark == ":": out.append(raw)
        elif raw:                                # set id and index, part number, part count, data
            got = parts.setdefault(raw[:11], {})
            got[int.from_bytes(raw[11:13], "big")] = (int.from_bytes(raw[13:15], "big"), raw[15:])
    return out + [skipping(join_parts, got, name) for got in parts.values()]

def join_parts(got, name):
    count = max(c for c, _ in got.values())
    if sorted(got) != list(range(1, count + 1)): raise Skip("%s: parts of a large share are missing" % name)
    return b"".join(got[i][1] for i in range(1, count + 1))

def parse(b, name):
    if len(b) < 20 or b[0] != 1: raise Skip("%s: not a share of format version 1" % name)
    k, n, x, p = b[3], b[4], b[5], int.from_bytes(b[18:20], "big")
    if len(b) != p * 16 + 62 or hashlib.blake2b(b[:-4], digest_size=4).digest() != b[-4:]:
        raise Skip("%s: a share is damaged (length or checksum)" % name)
    if b[1] & ~1 or not 1 <= b[2] <= 6 or not 2 <= k <= n or not 1 <= x <= n or not 1 <= p <= 4160 or not b[20]:
        raise Skip("%s: a share has an invalid header" % name)
    if b[1] & 1: raise Bad("this set also needs its passphrase, which only breakglass can apply")
    return {"h0": b[:5] + b"\0" + b[6:26], "kind": b[2], "k": k, "x": x, "p": p * 16, "y": b[26:-4]}

def inv(a):                                  # the inverse in GF(256)
    return next(b for b in range(1, 256) if mul(a, b, 0x11D) == 1)

def interpolate(shares):                     # Lagrange at x = 0, byte by byte
    out = bytearray(len(shares[0]["y"]))
    for s in shares:
        w = 1
        for t in (t for t in shares if t is not s):
            w = mul(w, mul(t["x"], inv(t["x"] ^ s["x"]), 0x11D), 0x11D)
        for i, y in enumerate(s["y"]): out[i] ^= mul(w, y, 0x11D)
    return bytes(out)

def grouped(v):                              # 10 bytes as XXXX-XXXX-XXXX-XXXX
    f = "".join(A[int.from_bytes(v, "big") >> (75 - 5 * i) & 31] for i in range(16))
    return "-".join(f[i:i + 4] for i in range(0, 16, 4))

def recover(shares):
    if len({s["h0"] for s in shares}) != 1:
        raise Bad("the shares belong to different sets, or their headers disagree")
    byx = {}
    for s in shares:
        if byx.setdefault(s["x"], s)["y"] != s["y"]:
            raise Bad("two different shares claim to be share %d" % s["x"])
    k, p, h0 = shares[0]["k"], shares[0]["p"], shares[0]["h0"]
    if len(byx) < k: raise Bad("need %d shares of the set, got %d" % (k, len(byx)))
    ordered = sorted(byx.values(), key=lambda s: s["x"])
    for subset in itertools.islice(itertools.combinations(ordered, k), 20000):
        d = interpolate(subset)
        padded, key, tag = d[:p], d[p:p + 16], d[p + 16:]
        if hashlib.blake2b(h0 + padded + key, digest_size=16, key=b"breakglass-v1-tag").digest() == tag:
            body = padded.rstrip(b"\0")
            if not body.endswith(b"\x80") or len(body) < 2:
                raise Bad("the shares pass the integrity check but hold no valid secret")
            fp = hashlib.blake2b(b"breakglass-v1-fingerprint" + h0 + padded, digest_size=10, key=key).digest()
            sys.stderr.write("fingerprint %s: compare it with the ceremony record\n" % grouped(fp))
            return body[:-1] + (b"" if shares[0]["kind"] == 6 else b"\n")   # a file, byte for byte
    raise Bad("no %d of these shares recombine to a valid secret: one was altered or forged" % k)

def main(files):
    found = []
    for name in files:
        text = open(name, encoding="utf-8", errors="replace").read()
        blocks = [skipping(read_typed, *b) for b in typed_blocks(text, name)] + qr_texts(text, name)
        found += [s for s in (skipping(parse, b, name) for b in blocks if b) if s]
    if not found:
        raise Bad("no readable share in %s" % (", ".join(files) or "no file; usage: recover.py FILE..."))
    sys.stdout.buffer.write(recover(found))

if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as e:                   # one clear line, never a traceback
        sys.exit("error: %s" % (e if isinstance(e, (Bad, OSError)) else "unreadable input (%r)" % e))
