#!/usr/bin/python3
"""An independent verifier of dangjian e-party cards (shares no code with the TypeScript one).

Uses only Debian's python3-cbor2 and python3-cryptography. Base45 (RFC 9285) is decoded here
from its short specification. Reads JSON {"qr": "...", "trust": <published trust list>,
"now": <unix seconds>} on stdin and prints JSON {"ok": bool, "reason": str, "claims": {...}}.
"""
import base64
import hashlib
import json
import struct
import sys

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45decode(text):
    values = [ALPHABET.index(c) for c in text]
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i:i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise ValueError("base45 triple out of range")
            out += bytes([n >> 8, n & 0xFF])
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise ValueError("base45 pair out of range")
            out.append(n)
        else:
            raise ValueError("base45 dangling character")
    return bytes(out)


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main():
    request = json.load(sys.stdin)
    qr = request["qr"]
    if not qr.startswith("DJ1:"):
        return {"ok": False, "reason": "prefix"}
    outer = cbor2.loads(b45decode(qr[4:]))
    card_bytes, wire_step, device_sig = outer
    # the QR carries the 30-second step modulo 2^16: take the full step nearest to now
    now_step = request["now"] // 30
    diff = (wire_step - now_step) % 65536
    step = now_step + (diff - 65536 if diff >= 32768 else diff)
    cose = cbor2.loads(card_bytes)
    if not isinstance(cose, cbor2.CBORTag) or cose.tag != 18:
        return {"ok": False, "reason": "not COSE_Sign1"}
    protected, _unprotected, payload, signature = cose.value
    header = cbor2.loads(protected)
    if header.get(1) != -8:
        return {"ok": False, "reason": "alg"}
    kid = base64.urlsafe_b64encode(header[4]).decode().rstrip("=")
    keys = {k["kid"]: k for k in request["trust"]["keys"]}
    if kid not in keys:
        return {"ok": False, "reason": "unknown kid"}
    # RFC 9052 Sig_structure for COSE_Sign1
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    try:
        Ed25519PublicKey.from_public_bytes(b64url(keys[kid]["x"])).verify(signature, to_be_signed)
    except InvalidSignature:
        return {"ok": False, "reason": "issuer signature"}
    claims = cbor2.loads(payload)
    member_no = claims[-1]
    if isinstance(member_no, int):
        member_no = "DY%08d" % member_no
    if claims[4] <= request["now"]:
        return {"ok": False, "reason": "expired"}
    # the device proof: ECDSA P-256 / SHA-256 over "DJ1P" || step (uint32 BE) || SHA-256(card)
    device_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), claims[8])
    message = b"DJ1P" + struct.pack(">I", step) + hashlib.sha256(card_bytes).digest()
    r = int.from_bytes(device_sig[:32], "big")
    s = int.from_bytes(device_sig[32:], "big")
    try:
        device_key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return {"ok": False, "reason": "device signature"}
    return {
        "ok": True,
        "reason": "valid",
        "kid": kid,
        "step": step,
        "claims": {"memberNo": member_no, "name": claims[-2], "branch": claims[-3], "status": claims[-4], "statusIndex": claims[-5], "iat": claims[4] - 30 * 86400, "exp": claims[4]},
    }


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
