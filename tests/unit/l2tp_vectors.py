# l2tp_vectors.py - independent L2TPv3 digest/hiding vectors for l2tp_avp_test.c
# (python3 hashlib/hmac; run: python3 tests/unit/l2tp_vectors.py)
import hashlib, hmac, struct
def avp(t, v, m=1, h=0, vendor=0):
    return struct.pack('>HHH', (0x8000 if m else 0) | (0x4000 if h else 0) | (6+len(v)), vendor, t) + v
def hdr(body, ccid=0, ns=0, nr=0):
    return struct.pack('>HHIHH', 0xc803, 12+len(body), ccid, ns, nr) + body
def carr(name, b):
    s = 'static const uint8_t %s[] = {\n' % name
    for i in range(0, len(b), 12):
        s += '\t' + ', '.join('0x%02x' % x for x in b[i:i+12]) + ',\n'
    return s + '};\n'
secret = b'tunnelscope'
# SCCRQ with nonce and HMAC-MD5 digest (RFC 3931 5.4.1)
nonce = bytes(range(0x10, 0x20))
body = avp(0, b'\x00\x01') + avp(59, b'\x00' + b'\x00'*16) + avp(73, nonce) + avp(7, b'RT01') + \
       avp(60, bytes([192,168,1,1])) + avp(61, struct.pack('>I', 56446)) + avp(62, b'\x00\x05')
msg = bytearray(hdr(body))
key = hmac.new(secret, b'\x02', 'md5').digest()
d = hmac.new(key, bytes(msg), 'md5').digest()
off = 12 + 8 + 7
msg[off:off+16] = d
print(carr('sccrq_digest', bytes(msg)))
# SCCRP answering it, its own nonce, digest over sender nonce + receiver nonce + message
nonce2 = bytes(range(0xa0, 0xb4))
body = avp(0, b'\x00\x02') + avp(59, b'\x00' + b'\x00'*16) + avp(73, nonce2) + avp(7, b'RT03') + \
       avp(60, bytes([192,168,200,3])) + avp(61, struct.pack('>I', 20634)) + avp(62, b'\x00\x05')
msg = bytearray(hdr(body, ccid=56446, nr=1))
d = hmac.new(key, nonce2 + nonce + bytes(msg), 'md5').digest()
msg[off:off+16] = d
print(carr('sccrp_digest', bytes(msg)))
# SCCCN from RT01 with HMAC-SHA-1 digest
body = avp(0, b'\x00\x03') + avp(59, b'\x01' + b'\x00'*20)
msg = bytearray(hdr(body, ccid=20634, ns=1, nr=1))
d = hmac.new(key, nonce + nonce2 + bytes(msg), 'sha1').digest()
msg[off:off+20] = d
print(carr('scccn_digest', bytes(msg)))
# ICRQ with a hidden Assigned Cookie (RFC 3931 5.3), padded
rv = bytes(range(0x30, 0x40))
shared = hmac.new(secret, b'\x01', 'md5').digest()
def hide(t, val, pad):
    p = struct.pack('>H', len(val)) + val + pad
    out = b''; prev = None
    for i in range(0, len(p), 16):
        if i == 0: b = hashlib.md5(struct.pack('>H', t) + shared + rv).digest()
        else: b = hashlib.md5(shared + prev).digest()
        c = bytes(x ^ y for x, y in zip(p[i:i+16], b))
        out += c; prev = c
    return out
cookie = bytes([0xde,0xad,0xbe,0xef])
body = avp(0, b'\x00\x0a') + avp(36, rv) + avp(63, struct.pack('>I', 18450)) + avp(64, b'\0\0\0\0') + \
       avp(15, struct.pack('>I', 7)) + avp(68, b'\x00\x05') + avp(66, b'TEST') + avp(71, b'\x00\x03') + \
       avp(65, hide(65, cookie, bytes(range(0x61, 0x61+13))), h=1) + avp(69, b'\x00\x01')
print(carr('icrq_hidden', hdr(body, ccid=20634, ns=2, nr=1)))
