#!/usr/bin/env python3
"""Writes Fixtures/manifest.json: the facts of each fixture capture, read from the pcap files.

    fixture-facts.py SPEC.json FIXTURES_DIR

SPEC.json (written by scripts/make-fixtures) lists each capture with what the sender was told
(codec, payload type, SSRCs, rids, header extension ids and URIs, SRTP key). Everything else is
counted here from the packets themselves, with plain Python (struct), so that the manifest does
not come from the project's Swift code that the tests check against it. The script also checks
that the packets agree with the spec and stops with an error if they do not.

Packet indices (keyframe positions) are 0-based positions among the capture's RTP packets, in
file order; every UDP datagram in a fixture is an RTP packet (the capture filter is the port).
"""
import json
import os
import struct
import sys

# Link types of the pcap global header (https://www.tcpdump.org/linktypes.html).
LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LOOP = 0, 1, 101, 108
LINKTYPE_LINUX_SLL, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL2 = 113, 228, 229, 276


def fail(message):
    sys.exit(f"fixture-facts: {message}")


def read_pcap(path):
    """Yields (seconds, microseconds, link type, frame) for each record of a classic pcap file."""
    with open(path, "rb") as file:
        data = file.read()
    if len(data) < 24:
        fail(f"{path}: shorter than a pcap global header")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        fail(f"{path}: not a classic pcap file (magic {magic.hex()})")
    nanoseconds = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    link_type = struct.unpack(order + "I", data[20:24])[0] & 0x0FFFFFFF
    offset = 24
    while offset < len(data):
        if offset + 16 > len(data):
            fail(f"{path}: truncated record header at byte {offset}")
        seconds, fraction, captured, _original = struct.unpack(order + "IIII", data[offset:offset + 16])
        offset += 16
        if offset + captured > len(data):
            fail(f"{path}: truncated record at byte {offset}")
        yield seconds, (fraction // 1000 if nanoseconds else fraction), link_type, data[offset:offset + captured]
        offset += captured


def network_layer(link_type, frame):
    """Returns the IP datagram inside a link-layer frame, or None."""
    if link_type == LINKTYPE_ETHERNET:
        ethertype, offset = struct.unpack("!H", frame[12:14])[0], 14
        while ethertype in (0x8100, 0x88A8):
            ethertype, offset = struct.unpack("!H", frame[offset + 2:offset + 4])[0], offset + 4
        return frame[offset:] if ethertype in (0x0800, 0x86DD) else None
    if link_type in (LINKTYPE_NULL, LINKTYPE_LOOP, LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6):
        return frame[4:] if link_type in (LINKTYPE_NULL, LINKTYPE_LOOP) else frame
    if link_type == LINKTYPE_LINUX_SLL:
        return frame[16:] if struct.unpack("!H", frame[14:16])[0] in (0x0800, 0x86DD) else None
    if link_type == LINKTYPE_LINUX_SLL2:
        return frame[20:] if struct.unpack("!H", frame[0:2])[0] in (0x0800, 0x86DD) else None
    fail(f"link type {link_type} is not handled")


def udp_datagram(link_type, frame):
    """Returns (source, source port, destination, destination port, payload) or None (not UDP)."""
    ip = network_layer(link_type, frame)
    if ip is None or len(ip) < 1:
        return None
    if ip[0] >> 4 == 4:
        header_length, total_length = (ip[0] & 0x0F) * 4, struct.unpack("!H", ip[2:4])[0]
        if ip[9] != 17 or struct.unpack("!H", ip[6:8])[0] & 0x3FFF:  # not UDP, or a fragment
            return None
        source, destination = ".".join(map(str, ip[12:16])), ".".join(map(str, ip[16:20]))
        udp = ip[header_length:total_length]
    elif ip[0] >> 4 == 6:
        if ip[6] != 17:  # the fixtures carry no IPv6 extension headers
            return None
        source, destination = ip[8:24].hex(), ip[24:40].hex()
        udp = ip[40:40 + struct.unpack("!H", ip[4:6])[0]]
    else:
        return None
    source_port, destination_port, length = struct.unpack("!HHH", udp[0:6])
    return source, source_port, destination, destination_port, udp[8:length]


def parse_rtp(data, auth_tag_length):
    """Parses the RTP fixed header, CSRCs and header extension (RFC 3550 5.1, RFC 8285)."""
    if len(data) < 12 or data[0] >> 6 != 2:
        return None
    first, second, sequence, timestamp, ssrc = struct.unpack("!BBHII", data[:12])
    offset = 12 + (first & 0x0F) * 4
    extensions = {}
    if first & 0x10:
        profile, words = struct.unpack("!HH", data[offset:offset + 4])
        block, offset = data[offset + 4:offset + 4 + words * 4], offset + 4 + words * 4
        index = 0
        if profile == 0xBEDE:  # one-byte elements
            while index < len(block):
                ext_id, length = block[index] >> 4, (block[index] & 0x0F) + 1
                if ext_id == 0:
                    index += 1
                    continue
                if ext_id == 15:
                    break
                extensions[ext_id] = bytes(block[index + 1:index + 1 + length])
                index += 1 + length
        elif profile & 0xFFF0 == 0x1000:  # two-byte elements
            while index + 1 < len(block):
                ext_id, length = block[index], block[index + 1]
                if ext_id == 0:
                    index += 1
                    continue
                extensions[ext_id] = bytes(block[index + 2:index + 2 + length])
                index += 2 + length
    end = len(data) - auth_tag_length
    if first & 0x20:
        if auth_tag_length:
            fail("a padded SRTP packet: its padding length is encrypted")
        end -= data[-1]
    if end < offset:
        fail("an RTP packet shorter than its header")
    return {
        "marker": bool(second & 0x80), "payloadType": second & 0x7F, "sequenceNumber": sequence,
        "timestamp": timestamp, "ssrc": ssrc, "extensions": extensions, "payload": data[offset:end],
    }


def vp8_is_keyframe(payload):
    """RFC 7741 4.2/4.3: the first packet of a partition 0 whose VP8 payload header has P = 0."""
    if not payload:
        return False
    start, partition, index = payload[0] & 0x10, payload[0] & 0x07, 1
    if payload[0] & 0x80:  # X: extension byte
        control, index = payload[1], 2
        if control & 0x80:  # I: picture id, 7 or 15 bits
            index += 2 if payload[index] & 0x80 else 1
        if control & 0x40:  # L: TL0PICIDX
            index += 1
        if control & 0x30:  # T or K: TID/Y/KEYIDX
            index += 1
    return bool(start) and partition == 0 and index < len(payload) and payload[index] & 0x01 == 0


def vp8_temporal_layer(payload):
    """RFC 7741 4.2: the TID of a VP8 payload descriptor with T = 1, else None."""
    if len(payload) < 2 or not payload[0] & 0x80 or not payload[1] & 0x20:
        return None
    index = 2
    if payload[1] & 0x80:  # I: picture id, 7 or 15 bits
        if index >= len(payload):
            return None
        index += 2 if payload[index] & 0x80 else 1
    if payload[1] & 0x40:  # L: TL0PICIDX
        index += 1
    return payload[index] >> 6 if index < len(payload) else None


def h264_kind(payload):
    """RFC 6184 5.6-5.8: the packetization of a payload and whether it starts or holds an IDR/SPS."""
    if not payload:
        return "empty", False
    nal_type = payload[0] & 0x1F
    if 1 <= nal_type <= 23:
        return "single", nal_type in (5, 7)
    if nal_type == 24:  # STAP-A: 16-bit size, then the NAL unit
        keyframe, index = False, 1
        while index + 2 < len(payload):
            size = struct.unpack("!H", payload[index:index + 2])[0]
            keyframe |= (payload[index + 2] & 0x1F) in (5, 7)
            index += 2 + size
        return "stapA", keyframe
    if nal_type == 28 and len(payload) > 1:  # FU-A: the start bit and the original NAL type
        return "fuA", bool(payload[1] & 0x80) and (payload[1] & 0x1F) in (5, 7)
    return f"nal{nal_type}", False


def capture_facts(spec, directory):
    path = os.path.join(directory, spec["file"])
    auth_tag_length = spec.get("srtp", {}).get("authTagLength", 0)
    uris = {ext["uri"]: ext["id"] for ext in spec["headerExtensions"]}
    rid_id = uris.get("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id")
    mid_id = uris.get("urn:ietf:params:rtp-hdrext:sdes:mid")
    level_id = uris.get("urn:ietf:params:rtp-hdrext:ssrc-audio-level")
    expected_ids = {ext["id"] for ext in spec["headerExtensions"]}

    streams, order, link_types = {}, [], set()
    packet_count = rtp_bytes = payload_bytes = 0
    first_time = last_time = None
    for seconds, microseconds, link_type, frame in read_pcap(path):
        link_types.add(link_type)
        datagram = udp_datagram(link_type, frame)
        if datagram is None:
            fail(f"{spec['file']}: a record that is not a UDP datagram")
        _source, _sport, destination, destination_port, data = datagram
        if (destination, destination_port) != ("127.0.0.1", spec["port"]):
            fail(f"{spec['file']}: a datagram to {destination}:{destination_port}")
        rtp = parse_rtp(data, auth_tag_length)
        if rtp is None:
            fail(f"{spec['file']}: a datagram that is not RTP version 2")
        if rtp["payloadType"] != spec["payloadType"]:
            fail(f"{spec['file']}: payload type {rtp['payloadType']}, expected {spec['payloadType']}")
        if set(rtp["extensions"]) != expected_ids:
            fail(f"{spec['file']}: header extension ids {sorted(rtp['extensions'])}, expected {sorted(expected_ids)}")
        time = seconds * 1_000_000 + microseconds
        first_time = time if first_time is None else first_time
        last_time = time
        ssrc = rtp["ssrc"]
        if ssrc not in streams:
            order.append(ssrc)
            streams[ssrc] = {
                "ssrc": ssrc, "rid": None, "mid": None, "packetCount": 0, "rtpBytes": 0, "payloadBytes": 0,
                "firstSequenceNumber": rtp["sequenceNumber"], "firstTimestamp": rtp["timestamp"],
                "extended": None, "highest": None, "keyframeStartIndices": [], "keyframePacketIndices": [],
                "keyframeTimestamps": [], "markerCount": 0, "packetizations": {}, "levels": [], "voice": 0,
            }
        stream = streams[ssrc]
        index = packet_count
        # Extended sequence numbers (RFC 3550 A.1 without probation) to count the missing ones.
        extended = rtp["sequenceNumber"] if stream["extended"] is None else (
            stream["extended"] + ((rtp["sequenceNumber"] - stream["extended"] + 0x8000) & 0xFFFF) - 0x8000)
        stream["extended"] = extended
        stream["lowest"] = min(stream.get("lowest", extended), extended)
        stream["highest"] = extended if stream["highest"] is None else max(stream["highest"], extended)
        stream["lastSequenceNumber"], stream["lastTimestamp"] = rtp["sequenceNumber"], rtp["timestamp"]
        stream["packetCount"] += 1
        stream["rtpBytes"] += len(data)
        stream["payloadBytes"] += len(rtp["payload"])
        stream["markerCount"] += rtp["marker"]
        for ext_id, key in ((rid_id, "rid"), (mid_id, "mid")):
            if ext_id is not None:
                value = rtp["extensions"][ext_id].decode("ascii")
                if stream[key] not in (None, value):
                    fail(f"{spec['file']}: SSRC {ssrc} carries two {key} values")
                stream[key] = value
        if level_id is not None:
            level = rtp["extensions"][level_id][0]
            stream["levels"].append(level & 0x7F)
            stream["voice"] += level >> 7
        keyframe = False
        if spec["codec"] == "vp8":
            keyframe = vp8_is_keyframe(rtp["payload"])
            layer = vp8_temporal_layer(rtp["payload"])
            if layer is not None:
                layers = stream.setdefault("temporalLayerPackets", {})
                layers[str(layer)] = layers.get(str(layer), 0) + 1
        elif spec["codec"] == "h264":
            kind, keyframe = h264_kind(rtp["payload"])
            stream["packetizations"][kind] = stream["packetizations"].get(kind, 0) + 1
        if keyframe:
            stream["keyframePacketIndices"].append(index)
            if rtp["timestamp"] not in stream["keyframeTimestamps"]:
                stream["keyframeTimestamps"].append(rtp["timestamp"])
                stream["keyframeStartIndices"].append(index)
        packet_count += 1
        rtp_bytes += len(data)
        payload_bytes += len(rtp["payload"])

    if not packet_count:
        fail(f"{spec['file']}: no packets")
    encodings = []
    expected = {encoding["ssrc"]: encoding.get("rid") for encoding in spec["encodings"]}
    if sorted(expected) != sorted(order):
        fail(f"{spec['file']}: SSRCs {sorted(order)}, expected {sorted(expected)}")
    for spec_encoding in spec["encodings"]:
        stream = streams[spec_encoding["ssrc"]]
        if stream["rid"] != spec_encoding.get("rid"):
            fail(f"{spec['file']}: SSRC {stream['ssrc']} has rid {stream['rid']}, expected {spec_encoding.get('rid')}")
        if spec["kind"] == "video" and len(stream["keyframeStartIndices"]) < 2:
            fail(f"{spec['file']}: SSRC {stream['ssrc']} has fewer than two keyframes")
        encoding = {key: stream[key] for key in (
            "ssrc", "rid", "mid", "packetCount", "rtpBytes", "payloadBytes", "firstSequenceNumber",
            "lastSequenceNumber", "firstTimestamp", "lastTimestamp", "markerCount")}
        encoding["missingSequenceNumbers"] = stream["highest"] - stream["lowest"] + 1 - stream["packetCount"]
        if spec["kind"] == "video":
            encoding["keyframeStartIndices"] = stream["keyframeStartIndices"]
            encoding["keyframePacketIndices"] = stream["keyframePacketIndices"]
        if "scalabilityMode" in spec_encoding:
            encoding["scalabilityMode"] = spec_encoding["scalabilityMode"]
            if len(stream.get("temporalLayerPackets", {})) < 2:
                fail(f"{spec['file']}: SSRC {stream['ssrc']} carries fewer than two temporal layers")
        if "temporalLayerPackets" in stream:
            encoding["temporalLayerPackets"] = dict(sorted(stream["temporalLayerPackets"].items()))
        if spec["codec"] == "h264":
            encoding["h264Packetizations"] = dict(sorted(stream["packetizations"].items()))
            if not {"fuA", "stapA"} <= set(stream["packetizations"]):
                fail(f"{spec['file']}: expected both FU-A and STAP-A packets")
        if stream["levels"]:
            encoding["audioLevel"] = {
                "min": min(stream["levels"]), "max": max(stream["levels"]),
                "silentPackets": stream["levels"].count(127), "voiceActivityPackets": stream["voice"],
            }
        encodings.append(encoding)

    facts = {
        "file": spec["file"], "description": spec["description"], "kind": spec["kind"], "codec": spec["codec"],
        "mimeType": spec["mimeType"], "clockRate": spec["clockRate"],
    }
    if "channels" in spec:
        facts["channels"] = spec["channels"]
    facts.update({
        "payloadType": spec["payloadType"], "headerExtensions": spec["headerExtensions"],
        "linkType": sorted(link_types)[0], "destination": {"address": "127.0.0.1", "port": spec["port"]},
        "packetCount": packet_count, "rtpBytes": rtp_bytes, "payloadBytes": payload_bytes,
        "durationMicroseconds": last_time - first_time, "fileBytes": os.path.getsize(path),
        "encodings": encodings,
    })
    if "srtp" in spec:
        facts["srtp"] = spec["srtp"]
    return facts


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as file:
        spec = json.load(file)
    manifest = {
        "about": "Facts of the RTP captures in this folder, computed from the packets by scripts/fixture-facts.py. "
                 "payloadBytes excludes the RTP header, CSRCs, header extension, padding and SRTP auth tag; "
                 "rtpBytes is the whole UDP payload. Packet indices count RTP packets from 0 in file order.",
        "generator": "scripts/make-fixtures",
        "captures": [capture_facts(capture, sys.argv[2]) for capture in spec["captures"]],
    }
    with open(os.path.join(sys.argv[2], "manifest.json"), "w") as file:
        json.dump(manifest, file, indent=2)
        file.write("\n")


if __name__ == "__main__":
    main()
