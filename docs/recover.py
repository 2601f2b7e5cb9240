#!/usr/bin/env python3
"""Recover a breakglass secret (share format v1) without breakglass: Python 3 standard library only.

Usage: python3 recover.py SHARE_FILE... > secret   (text files holding typed shares or QR payloads)
It checks each line's check characters, each share's checksum, recombines k shares with Shamir's
scheme over GF(256) and verifies the integrity tag before printing anything. See docs/FORMAT.md.
"""
import hashlib, itertools, re, sys

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

def sym(c):                                  # Crockford base32 with look-alikes folded
    c = {"O": "0", "I": "1", "L": "1"}.get(c.upper(), c.upper())
    if c not in ALPHABET:
        raise ValueError("not a share character: %r" % c)
    return ALPHABET.index(c)

def mul(a, b, poly):     # product in GF(32) with poly 0x25 (x^5+x^2+1), in GF(256) with 0x11D (x^8+x^4+x^3+x^2+1)
    r = 0
    while b:
        if b & 1:
            r ^= a
        b >>= 1
        a <<= 1
        if a >> (poly.bit_length() - 1):
            a ^= poly
    return r

def line_ok(number, syms):                   # Reed-Solomon check: zero at alpha=2 and alpha^2=4
    word = [number >> 10 & 31, number >> 5 & 31, number & 31] + syms
    for x in (2, 4):
        acc = 0
        for s in word:
            acc = mul(acc, x, 0x25) ^ s
        if acc:
            return False
    return True

def from_base32(syms):                       # 5 bits per symbol, most significant first
    acc = bits = 0
    out = bytearray()
    for s in syms:
        acc, bits = acc << 5 | s, bits + 5
        if bits >= 8:
            bits -= 8
            out.append(acc >> bits & 255)
    return bytes(out)

def find_shares(text):
    shares = [from_base32([sym(c) for c in m]) for m in re.findall(r"BREAKGLASS-V1:([0-9A-Za-z]+)", text)]
    lines = text.splitlines()
    for i, l in enumerate(lines):
        if l.strip().upper() != "BREAKGLASS-V1":
            continue
        data = bytearray()
        for j, row in enumerate(lines[i + 1:], start=1):
            parts = row.split()
            if not parts or not parts[0].isdigit() or int(parts[0]) != j:
                break
            syms = [sym(c) for c in "".join(parts[1:]).replace("-", "")]
            if not line_ok(j, syms):
                sys.exit("line %d of the share at input line %d is mistyped" % (j, i + 1))
            data += from_base32(syms[:-2])
        shares.append(bytes(data))
    return shares

def parse(b):                                # 26-byte header, y, 4-byte checksum
    if len(b) < 30 or b[0] != 1 or hashlib.blake2b(b[:-4], digest_size=4).digest() != b[-4:]:
        sys.exit("a share is damaged (bad version, length or checksum)")
    if b[1] & 1:
        sys.exit("this set also needs its passphrase, which only breakglass can apply")
    return {"set": b[1:5] + b[6:26], "k": b[3], "x": b[5], "plen": int.from_bytes(b[18:20], "big") * 16,
            "header": b[:5] + b"\0" + b[6:26], "y": b[26:-4]}

def inv256(a):
    r = 1
    for _ in range(254):                     # a^254 = a^-1
        r = mul(r, a, 0x11D)
    return r

def interpolate(shares):                     # Lagrange at x = 0, byte by byte
    out = bytearray(len(shares[0]["y"]))
    for s in shares:
        w = 1
        for t in shares:
            if t["x"] != s["x"]:
                w = mul(w, mul(t["x"], inv256(t["x"] ^ s["x"]), 0x11D), 0x11D)
        for i, y in enumerate(s["y"]):
            out[i] ^= mul(w, y, 0x11D)
    return bytes(out)

def recover(shares):
    if len({(s["set"], len(s["y"])) for s in shares}) != 1:
        sys.exit("the shares belong to different sets")
    distinct = list({s["x"]: s for s in shares}.values())
    k, plen = distinct[0]["k"], distinct[0]["plen"]
    for subset in itertools.combinations(distinct, k):
        data = interpolate(subset)
        padded, tag = data[:plen], data[plen:]
        mac = hashlib.blake2b(subset[0]["header"] + padded, digest_size=16, key=b"breakglass-v1-tag")
        if mac.digest() == tag and padded.rstrip(b"\0").endswith(b"\x80"):
            return padded.rstrip(b"\0")[:-1]
    sys.exit("need %d consistent shares of one set; got %d distinct" % (k, len(distinct)))

if __name__ == "__main__":
    found = [parse(b) for f in sys.argv[1:] for b in find_shares(open(f, encoding="utf-8", errors="replace").read())]
    if not found:
        sys.exit(__doc__)
    sys.stdout.buffer.write(recover(found) + b"\n")
