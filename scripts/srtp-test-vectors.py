#!/usr/bin/env python3
"""Regenerates the known-answer vectors of Tests/SRTPTests/SRTPVectorTests.swift.

Two implementations must agree byte for byte before anything is printed:
  * pylibsrtp (PyPI; the libsrtp bundled in its wheel), and
  * the small RFC 3711 / RFC 7714 reference below, written on pyca/cryptography's
    AES-CTR, AES-GCM and HMAC-SHA1, whose key derivation first reproduces the
    session keys published in RFC 3711 Appendix B.3.

Run it in a throwaway venv:
    python3 -m venv /tmp/srtpvenv && /tmp/srtpvenv/bin/pip install pylibsrtp cryptography
    /tmp/srtpvenv/bin/python scripts/srtp-test-vectors.py
"""
import hashlib
import hmac
import struct

import pylibsrtp
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def aes_cm(key, iv16, data):
    encryptor = Cipher(algorithms.AES(key), modes.CTR(iv16)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def kdf(master_key, master_salt, label, length):
    """RFC 3711 §4.3.1 with key_derivation_rate 0: x = (label << 48) XOR salt,
    keystream of AES-CM(master_key, x * 2^16). A 96-bit AEAD salt is padded
    with zeros on the right to 112 bits, as libsrtp does (RFC 7714 §11)."""
    x = bytearray(master_salt + b"\x00" * (14 - len(master_salt)))
    x[7] ^= label
    return aes_cm(master_key, bytes(x) + b"\x00\x00", b"\x00" * length)


# name: (key length, salt length, SRTP tag, SRTCP tag, AEAD, pylibsrtp profile)
SUITES = {
    "AES_CM_128_HMAC_SHA1_80": (16, 14, 10, 10, False, pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_80),
    "AES_CM_128_HMAC_SHA1_32": (16, 14, 4, 10, False, pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_32),
    "AEAD_AES_128_GCM": (16, 12, 16, 16, True, pylibsrtp.Policy.SRTP_PROFILE_AEAD_AES_128_GCM),
    "AEAD_AES_256_GCM": (32, 12, 16, 16, True, pylibsrtp.Policy.SRTP_PROFILE_AEAD_AES_256_GCM),
}


def rtp_header_length(packet):
    length = 12 + 4 * (packet[0] & 0x0F)
    if packet[0] & 0x10:
        length += 4 + 4 * struct.unpack("!H", packet[length + 2:length + 4])[0]
    return length


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def protect_rtp(suite, master, packet, roc=0):
    key_length, salt_length, tag, _, aead, _ = SUITES[suite]
    master_key, master_salt = master[:key_length], master[key_length:key_length + salt_length]
    key, salt = kdf(master_key, master_salt, 0, key_length), kdf(master_key, master_salt, 2, salt_length)
    header = rtp_header_length(packet)
    sequence, ssrc = struct.unpack("!H", packet[2:4])[0], struct.unpack("!I", packet[8:12])[0]
    if aead:  # RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt; AAD = header
        iv = xor(b"\x00\x00" + struct.pack("!IIH", ssrc, roc, sequence), salt)
        return packet[:header] + AESGCM(key).encrypt(iv, packet[header:], packet[:header])
    # RFC 3711 §4.1.1: IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16)
    iv = xor(salt + b"\x00\x00", b"\x00" * 4 + struct.pack("!I", ssrc) + struct.pack("!Q", (roc << 16) | sequence)[2:] + b"\x00\x00")
    out = packet[:header] + aes_cm(key, iv, packet[header:])
    auth_key = kdf(master_key, master_salt, 1, 20)
    return out + hmac.new(auth_key, out + struct.pack("!I", roc), hashlib.sha1).digest()[:tag]


def protect_rtcp(suite, master, packet, index):
    key_length, salt_length, _, tag, aead, _ = SUITES[suite]
    master_key, master_salt = master[:key_length], master[key_length:key_length + salt_length]
    key, salt = kdf(master_key, master_salt, 3, key_length), kdf(master_key, master_salt, 5, salt_length)
    ssrc = struct.unpack("!I", packet[4:8])[0]
    e_index = struct.pack("!I", 0x80000000 | index)
    if aead:  # RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || index) XOR salt; AAD = header || E+index
        iv = xor(b"\x00\x00" + struct.pack("!I", ssrc) + b"\x00\x00" + struct.pack("!I", index), salt)
        return packet[:8] + AESGCM(key).encrypt(iv, packet[8:], packet[:8] + e_index) + e_index
    iv = xor(salt + b"\x00\x00", b"\x00" * 4 + struct.pack("!I", ssrc) + struct.pack("!Q", index)[2:] + b"\x00\x00")
    out = packet[:8] + aes_cm(key, iv, packet[8:]) + e_index
    auth_key = kdf(master_key, master_salt, 4, 20)
    return out + hmac.new(auth_key, out, hashlib.sha1).digest()[:tag]


def libsrtp_session(suite, master, outbound):
    policy = pylibsrtp.Policy(
        key=master,
        ssrc_type=pylibsrtp.Policy.SSRC_ANY_OUTBOUND if outbound else pylibsrtp.Policy.SSRC_ANY_INBOUND,
        srtp_profile=SUITES[suite][5])
    return pylibsrtp.Session(policy=policy)


def main():
    master_key = bytes.fromhex("E1F97A0D3E018BE0D64FA32C06DE4139")
    master_salt = bytes.fromhex("0EC675AD498AFEEBB6960B3AABE6")
    # RFC 3711 Appendix B.3.
    assert kdf(master_key, master_salt, 0, 16).hex() == "c61e7a93744f39ee10734afe3ff7a087"
    assert kdf(master_key, master_salt, 2, 14).hex() == "30cbbc08863d8c85d49db34a9ae1"
    assert kdf(master_key, master_salt, 1, 20).hex() == "cebe321f6ff7716b6fd4ab49af256a156d38baa4"
    print("RFC 3711 B.3 session keys reproduced")

    rtp = bytes.fromhex("80601234decafbadcafebabe") + bytes(range(20))
    rtcp = bytes.fromhex("81ce0002cafebabe11223344")
    keys = {
        "AES_CM_128_HMAC_SHA1_80": master_key + master_salt,
        "AES_CM_128_HMAC_SHA1_32": master_key + master_salt,
        "AEAD_AES_128_GCM": bytes(range(28)),
        "AEAD_AES_256_GCM": bytes(range(44)),
    }
    for suite, master in keys.items():
        outbound, inbound = libsrtp_session(suite, master, True), libsrtp_session(suite, master, False)
        srtp, srtcp = outbound.protect(rtp), outbound.protect_rtcp(rtcp)
        assert srtp == protect_rtp(suite, master, rtp), suite
        assert srtcp == protect_rtcp(suite, master, rtcp, 1), suite  # libsrtp's first SRTCP index is 1
        assert inbound.unprotect(srtp) == rtp and inbound.unprotect_rtcp(srtcp) == rtcp
        print(f"{suite}\n  srtp  {srtp.hex()}\n  srtcp {srtcp.hex()}")

    # A header with a CSRC and a one-byte-header extension, then a sequence wrap (ROC 1).
    extension = bytes.fromhex("91e1ffffdecafbadcafebabe01020304bede000112123456") + bytes(range(0x40, 0x50))
    rollover = bytes.fromhex("80610000decafbadcafebabe") + bytes(range(0x40, 0x50))
    for suite in ("AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"):
        master = keys[suite]
        outbound, inbound = libsrtp_session(suite, master, True), libsrtp_session(suite, master, False)
        first, second = outbound.protect(extension), outbound.protect(rollover)
        assert first == protect_rtp(suite, master, extension, 0), suite
        assert second == protect_rtp(suite, master, rollover, 1), suite
        assert inbound.unprotect(first) == extension and inbound.unprotect(second) == rollover
        print(f"{suite}\n  extension {first.hex()}\n  rollover  {second.hex()}")


if __name__ == "__main__":
    main()
