#!/usr/bin/python3
"""An independent verifier of dangjian e-party cards (shares no code with the TypeScript one).

Uses only Debian's python3-cbor2 and python3-cryptography. Base45 (RFC 9285) is decoded here
from its short specification. Reads JSON {"qr": "...", "trust": <published trust list>,
"statusList": <the region's published status list credential, optional>, "now": <unix seconds>}
on stdin and prints JSON {"ok": bool, "reason": str, "claims": {...}}.

Issuer keys are EdDSA (Ed25519, COSE alg -8) or ES256 (ECDSA P-256, COSE alg -7); the algorithm
is the one the trust list registers for the key id, and a card or list whose protected header
names another is refused. Status lists are checked from their COSE_Sign1 proof only.
"""
import base64
from datetime import datetime
import gzip
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


COSE_ALGS = {-8: "EdDSA", -7: "ES256"}


def verify_issuer(key, to_be_signed, signature):
    """Checks a COSE_Sign1 signature with the trust list entry's own algorithm; raises InvalidSignature."""
    if len(signature) != 64:
        raise InvalidSignature()
    if key["alg"] == "EdDSA" and key.get("crv", "Ed25519") == "Ed25519":
        Ed25519PublicKey.from_public_bytes(b64url(key["x"])).verify(signature, to_be_signed)
    elif key["alg"] == "ES256" and key.get("crv") == "P-256":
        numbers = ec.EllipticCurvePublicNumbers(
            int.from_bytes(b64url(key["x"]), "big"), int.from_bytes(b64url(key["y"]), "big"), ec.SECP256R1()
        )
        # COSE ES256 signatures are r || s (RFC 9053 section 2.1), not DER
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        numbers.public_key().verify(encode_dss_signature(r, s), to_be_signed, ec.ECDSA(hashes.SHA256()))
    else:
        raise InvalidSignature()


def cose_sign1(data, keys):
    """Parses a COSE_Sign1 and verifies it against the trust list; answers (key, payload) or (None, reason)."""
    cose = cbor2.loads(data)
    if not isinstance(cose, cbor2.CBORTag) or cose.tag != 18 or len(cose.value) != 4:
        return None, "not COSE_Sign1"
    protected, _unprotected, payload, signature = cose.value
    header = cbor2.loads(protected)
    kid = base64.urlsafe_b64encode(header.get(4, b"")).decode().rstrip("=")
    if kid not in keys:
        return None, "unknown kid"
    key = keys[kid]
    # the algorithm is the key's; a header naming another one is refused, never obeyed
    if COSE_ALGS.get(header.get(1)) != key["alg"]:
        return None, "alg"
    # RFC 9052 Sig_structure for COSE_Sign1
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    try:
        verify_issuer(key, to_be_signed, signature)
    except (InvalidSignature, ValueError):
        return None, "signature"
    return key, payload


def status_bit(request, keys, region_id, index):
    """The card's bit in the region's signed status list: True (set), False, or a reason string."""
    proof = (request.get("statusList") or {}).get("proof") or {}
    if proof.get("type") != "DangjianCoseSign1":
        return "status list unsigned"
    key, payload = cose_sign1(b64url(proof["cose"]), keys)
    if key is None:
        return "status list " + payload
    body = cbor2.loads(payload)
    if key["regionId"] != region_id or body.get(1) != region_id:
        return "status list region"
    if body[6] > request["now"] + 300:
        return "status list from the future"
    if key.get("retiredAt") and body[6] > datetime.fromisoformat(key["retiredAt"]).timestamp():
        # a retired key signs nothing new
        return "status list retired key"
    bits = gzip.decompress(body[-1])
    if index // 8 >= len(bits):
        return True
    # W3C Bitstring Status List: index 0 is the most significant bit of the first byte
    return (bits[index // 8] >> (7 - index % 8)) & 1 == 1


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
    keys = {k["kid"]: k for k in request["trust"]["keys"]}
    key, payload = cose_sign1(card_bytes, keys)
    if key is None:
        return {"ok": False, "reason": "issuer signature" if payload == "signature" else payload}
    claims = cbor2.loads(payload)
    member_no = claims[-1]
    if isinstance(member_no, int):
        member_no = "DY%08d" % member_no
    if claims[4] <= request["now"]:
        return {"ok": False, "reason": "expired"}
    if "statusList" in request:
        bit = status_bit(request, keys, key["regionId"], claims[-5])
        if bit is True:
            return {"ok": False, "reason": "revoked"}
        if bit is not False:
            return {"ok": False, "reason": bit}
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
        "kid": key["kid"],
        "alg": key["alg"],
        "step": step,
        "claims": {"memberNo": member_no, "name": claims[-2], "branch": claims[-3], "status": claims[-4], "statusIndex": claims[-5], "iat": claims[4] - 30 * 86400, "exp": claims[4]},
    }


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
