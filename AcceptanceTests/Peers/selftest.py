#!/usr/bin/env python3
"""Self-test of mediasoup_peer.py without the Swift SFU.

Plays the signalling server over the peer's JSON-lines protocol:

1. signalling: a publisher loads the router capabilities, creates a send
   transport towards a dead candidate (127.0.0.1:9) and produces audio, video
   and data; a subscriber creates a receive transport and consumes audio,
   video and data with parameters shaped as mediasoup sends them. Checks the
   "connect"/"produce"/"producedata" callbacks, their answers, errors, stats,
   restartIce, closeProducer/closeConsumer, "close", EOF and --max-seconds.

Run with the peers venv: /work/peers-venv/bin/python selftest.py
Exits 0 when every check passes, 1 otherwise; bounded by --timeout (default 120 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from typing import Any, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "mediasoup_peer.py")
ROUTER_CAPS = os.path.join(HERE, "router-rtp-capabilities.json")
STEP_TIMEOUT = 15.0

FINGERPRINT = ":".join(["AB"] * 32)


class Failure(Exception):
    pass


def check(condition: Any, what: str) -> None:
    if not condition:
        raise Failure(what)
    print(f"  ok: {what}", flush=True)


class PeerProcess:
    """One mediasoup_peer.py subprocess seen from the signalling side."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.proc: Optional[asyncio.subprocess.Process] = None
        self._next_id = 1
        self._answers: Dict[int, asyncio.Future] = {}
        self.callbacks: asyncio.Queue = asyncio.Queue()
        self.events: List[Dict[str, Any]] = []
        self._event_added = asyncio.Event()
        self.protocol_errors: List[str] = []
        self._reader: Optional[asyncio.Task] = None

    async def start(self, *args: str) -> "PeerProcess":
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, PEER, "--name", self.name, *args,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            limit=64 * 1024 * 1024,
        )
        self._reader = asyncio.ensure_future(self._read())
        return self

    async def _read(self) -> None:
        assert self.proc and self.proc.stdout
        while True:
            line = await self.proc.stdout.readline()
            if not line:
                return
            try:
                message = json.loads(line)
            except ValueError:
                self.protocol_errors.append(line.decode(errors="replace"))
                continue
            if "id" in message and "ok" in message:
                future = self._answers.pop(message["id"], None)
                if future is None:
                    self.protocol_errors.append(f"unexpected answer {message}")
                else:
                    future.set_result(message)
            elif "request" in message:
                await self.callbacks.put(message)
            elif "event" in message:
                self.events.append(message)
                self._event_added.set()
            else:
                self.protocol_errors.append(f"unknown line {message}")

    def write(self, message: Dict[str, Any]) -> None:
        assert self.proc and self.proc.stdin
        self.proc.stdin.write((json.dumps(message) + "\n").encode())

    def send_request(self, method: str, data: Optional[Dict[str, Any]] = None) -> asyncio.Future:
        request_id = self._next_id
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._answers[request_id] = future
        self.write({"id": request_id, "method": method, "data": data or {}})
        return future

    async def request(self, method: str, data: Optional[Dict[str, Any]] = None,
                      timeout: float = STEP_TIMEOUT) -> Dict[str, Any]:
        return await asyncio.wait_for(self.send_request(method, data), timeout)

    async def ok(self, method: str, data: Optional[Dict[str, Any]] = None,
                 timeout: float = STEP_TIMEOUT) -> Dict[str, Any]:
        answer = await self.request(method, data, timeout)
        if not answer.get("ok"):
            raise Failure(f"{self.name} {method} failed: {answer.get('error')}")
        return answer.get("data") or {}

    async def callback(self, method: str, timeout: float = STEP_TIMEOUT) -> Dict[str, Any]:
        message = await asyncio.wait_for(self.callbacks.get(), timeout)
        if message.get("method") != method:
            raise Failure(f"{self.name}: expected a '{method}' request, got {message}")
        return message

    def answer(self, callback: Dict[str, Any], data: Optional[Dict[str, Any]] = None,
               error: Optional[str] = None) -> None:
        if error is None:
            self.write({"response": callback["request"], "ok": True, "data": data or {}})
        else:
            self.write({"response": callback["request"], "ok": False, "error": error})

    async def event(self, name: str, predicate: Any = None, timeout: float = STEP_TIMEOUT) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for message in self.events:
                if message["event"] == name and (predicate is None or predicate(message["data"])):
                    return message["data"]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Failure(f"{self.name}: no '{name}' event within {timeout} s (events: {self.events})")
            self._event_added.clear()
            try:
                await asyncio.wait_for(self._event_added.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def exit_code(self, timeout: float = STEP_TIMEOUT) -> int:
        assert self.proc
        code = await asyncio.wait_for(self.proc.wait(), timeout)
        if self._reader:
            await asyncio.wait_for(self._reader, timeout)
        return code

    def kill(self) -> None:
        if self.proc and self.proc.returncode is None:
            self.proc.kill()


def transport_options(transport_id: str, port: int, ufrag: str, pwd: str,
                      fingerprint: str = FINGERPRINT, sctp: bool = True) -> Dict[str, Any]:
    """Parameters shaped as mediasoup's WebRtcTransport gives them."""
    return {
        "id": transport_id,
        "iceParameters": {"usernameFragment": ufrag, "password": pwd, "iceLite": True},
        "iceCandidates": [{
            "foundation": "udpcandidate", "priority": 1076302079, "address": "127.0.0.1",
            "ip": "127.0.0.1", "protocol": "udp", "port": port, "type": "host",
        }],
        "dtlsParameters": {"role": "auto", "fingerprints": [{"algorithm": "sha-256", "value": fingerprint}]},
        "sctpParameters": {"port": 5000, "OS": 1024, "MIS": 1024, "maxMessageSize": 262144} if sctp else None,
    }


def consumer_rtp_parameters(kind: str, mid: str, ssrc: int, rtx_ssrc: Optional[int] = None) -> Dict[str, Any]:
    """Consumer rtpParameters as mediasoup's transport.consume() returns them."""
    if kind == "audio":
        codecs = [{"mimeType": "audio/opus", "payloadType": 100, "clockRate": 48000, "channels": 2,
                   "parameters": {"useinbandfec": 1}, "rtcpFeedback": [{"type": "transport-cc", "parameter": ""}]}]
        extensions = [
            {"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": False, "parameters": {}},
            {"uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": False, "parameters": {}},
            {"uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 10, "encrypt": False, "parameters": {}},
        ]
        encodings: List[Dict[str, Any]] = [{"ssrc": ssrc, "dtx": False}]
    else:
        codecs = [
            {"mimeType": "video/VP8", "payloadType": 101, "clockRate": 90000, "parameters": {},
             "rtcpFeedback": [{"type": "nack", "parameter": ""}, {"type": "nack", "parameter": "pli"},
                              {"type": "ccm", "parameter": "fir"}, {"type": "goog-remb", "parameter": ""}]},
            {"mimeType": "video/rtx", "payloadType": 102, "clockRate": 90000, "parameters": {"apt": 101},
             "rtcpFeedback": []},
        ]
        extensions = [
            {"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": False, "parameters": {}},
            {"uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": False, "parameters": {}},
        ]
        encoding: Dict[str, Any] = {"ssrc": ssrc, "scalabilityMode": "L1T1", "maxBitrate": 1500000}
        if rtx_ssrc is not None:
            encoding["rtx"] = {"ssrc": rtx_ssrc}
        encodings = [encoding]
    return {"codecs": codecs, "headerExtensions": extensions, "encodings": encodings,
            "rtcp": {"cname": "selftest-cname", "reducedSize": True, "mux": True}, "mid": mid}


# --------------------------------------------------------------------------
# 1. Signalling against a dead candidate
# --------------------------------------------------------------------------


async def signalling_checks(router_caps: Dict[str, Any]) -> None:
    print("publisher (send transport, dead candidate 127.0.0.1:9)", flush=True)
    pub = await PeerProcess("selftest-pub").start("--max-seconds", "60")
    sub: Optional[PeerProcess] = None
    try:
        loaded = await pub.ok("load", {"routerRtpCapabilities": router_caps})
        mimes = [c["mimeType"].lower() for c in loaded["rtpCapabilities"]["codecs"]]
        check("audio/opus" in mimes and "video/vp8" in mimes, f"load: rtpCapabilities codecs {mimes}")
        check(loaded["sctpCapabilities"] == {"numStreams": {"OS": 1024, "MIS": 1024}},
              f"load: sctpCapabilities {loaded['sctpCapabilities']}")

        await pub.ok("createSendTransport", transport_options("send-1", 9, "srvufrag1", "srvpwd1"))

        produce = pub.send_request("produce", {"kind": "audio", "toneHz": 440, "appData": {"who": "pub"}})
        connect = await pub.callback("connect")
        dtls = connect["data"]["dtlsParameters"]
        check(connect["data"]["transportId"] == "send-1", "connect: transportId")
        check(dtls["role"] == "server", f"connect: send transport DTLS role '{dtls['role']}' (peer is DTLS server)")
        # pymediasoup signals the last a=fingerprint line of aiortc's SDP: sha-512 only.
        check([f["algorithm"] for f in dtls["fingerprints"]] == ["sha-512"],
              f"connect: fingerprints {dtls['fingerprints']}")
        await asyncio.sleep(0.3)
        check(pub.callbacks.empty(), "produce waits for the connect answer before its 'produce' request")
        pub.answer(connect)
        cb = await pub.callback("produce")
        rtp = cb["data"]["rtpParameters"]
        check(cb["data"]["kind"] == "audio" and cb["data"]["appData"] == {"who": "pub"}, "produce: kind, appData")
        check(rtp["codecs"][0]["mimeType"].lower() == "audio/opus" and rtp["codecs"][0]["payloadType"] == 100,
              f"produce: codec {rtp['codecs'][0]['mimeType']}/{rtp['codecs'][0]['payloadType']}")
        check(rtp.get("mid") == "0", f"produce: mid {rtp.get('mid')!r}")
        check(rtp["encodings"] and isinstance(rtp["encodings"][0].get("ssrc"), int),
              f"produce: encodings {rtp['encodings']}")
        check(rtp.get("rtcp", {}).get("cname"), f"produce: rtcp {rtp.get('rtcp')}")
        print(f"  audio rtpParameters: {json.dumps(rtp)}", flush=True)
        pub.answer(cb, {"id": "producer-audio"})
        answer = await asyncio.wait_for(produce, STEP_TIMEOUT)
        check(answer["ok"] and answer["data"] == {"producerId": "producer-audio"}, f"produce answered {answer}")

        produce = pub.send_request("produce", {"kind": "video"})
        cb = await pub.callback("produce")
        rtp = cb["data"]["rtpParameters"]
        mimes = [c["mimeType"].lower() for c in rtp["codecs"]]
        check(mimes == ["video/vp8", "video/rtx"], f"produce video: codecs {mimes}")
        check(rtp.get("mid") == "1", f"produce video: mid {rtp.get('mid')!r}")
        check(rtp["encodings"][0].get("rtx", {}).get("ssrc"), f"produce video: encodings {rtp['encodings']}")
        print(f"  video rtpParameters: {json.dumps(rtp)}", flush=True)
        pub.answer(cb, {"id": "producer-video"})
        answer = await asyncio.wait_for(produce, STEP_TIMEOUT)
        check(answer["ok"] and answer["data"]["producerId"] == "producer-video", "produce video answered")

        produce = pub.send_request("produce", {"kind": "audio", "toneHz": 880})
        cb = await pub.callback("produce")
        pub.answer(cb, error="router says no")
        answer = await asyncio.wait_for(produce, STEP_TIMEOUT)
        check(not answer["ok"] and "router says no" in answer["error"], f"refused produce: {answer}")

        produce = pub.send_request("produceData", {"label": "chat"})
        cb = await pub.callback("producedata")
        sctp = cb["data"]["sctpStreamParameters"]
        check(cb["data"]["label"] == "chat" and sctp.get("streamId") == 0 and sctp.get("ordered") is True,
              f"producedata: {cb['data']}")
        pub.answer(cb, {"id": "dataproducer-1"})
        answer = await asyncio.wait_for(produce, STEP_TIMEOUT)
        check(answer["ok"] and answer["data"] == {"dataProducerId": "dataproducer-1"}, "produceData answered")

        answer = await pub.request("sendData", {"dataProducerId": "nope", "message": "x"})
        check(not answer["ok"] and "nope" in answer["error"], f"sendData to an unknown data producer: {answer['error']}")
        answer = await pub.request("fly", {})
        check(not answer["ok"] and "fly" in answer["error"], f"unknown method: {answer['error']}")
        answer = await pub.request("consume", {"id": "c", "producerId": "p", "kind": "audio",
                                               "rtpParameters": consumer_rtp_parameters("audio", "0", 1)})
        check(not answer["ok"] and "recv transport" in answer["error"], f"consume without a recv transport: {answer['error']}")

        stats = await pub.ok("stats")
        check(set(stats["producers"]) == {"producer-audio", "producer-video"}, f"stats producers {stats['producers']}")
        check(stats["transports"].get("send-1") in ("new", "connecting"), f"stats transports {stats['transports']}")
        print(f"  details: {stats['transportDetails']}", flush=True)

        await pub.ok("restartIce", {"transportId": "send-1",
                                    "iceParameters": {"usernameFragment": "srvufrag2", "password": "srvpwd2", "iceLite": True}})
        check(True, "restartIce on the send transport")
        await pub.ok("closeProducer", {"producerId": "producer-audio"})
        stats = await pub.ok("stats")
        check(stats["producers"]["producer-audio"]["closed"], "closeProducer")

        await pub.ok("close")
        code = await pub.exit_code()
        check(code == 0, f"close: exit status {code}")
        check(not pub.protocol_errors, f"publisher stdout held only protocol lines {pub.protocol_errors}")

        print("subscriber (recv transport, dead candidate 127.0.0.1:9)", flush=True)
        sub = await PeerProcess("selftest-sub").start("--max-seconds", "60")
        await sub.ok("load", {"routerRtpCapabilities": router_caps})
        await sub.ok("createRecvTransport", transport_options("recv-1", 9, "srvufrag3", "srvpwd3"))
        consume = sub.send_request("consume", {
            "id": "consumer-audio", "producerId": "producer-audio", "kind": "audio",
            "rtpParameters": consumer_rtp_parameters("audio", "0", 11111111)})
        connect = await sub.callback("connect")
        dtls = connect["data"]["dtlsParameters"]
        check(dtls["role"] == "client", f"connect: recv transport DTLS role '{dtls['role']}' (peer is DTLS client)")
        sub.answer(connect)
        answer = await asyncio.wait_for(consume, STEP_TIMEOUT)
        check(answer["ok"], f"consume audio: {answer}")
        await sub.ok("consume", {
            "id": "consumer-video", "producerId": "producer-video", "kind": "video",
            "rtpParameters": consumer_rtp_parameters("video", "1", 22222222, 22222223)})
        check(True, "consume video (VP8 + rtx)")
        await sub.ok("consumeData", {
            "id": "dataconsumer-1", "dataProducerId": "dataproducer-1", "label": "chat", "protocol": "",
            "sctpStreamParameters": {"streamId": 0, "ordered": True}})
        check(True, "consumeData")
        stats = await sub.ok("stats")
        check(stats["consumers"]["consumer-audio"] == {"kind": "audio", "frames": 0, "ended": False, "toneHz": None},
              f"stats audio consumer {stats['consumers']['consumer-audio']}")
        check(stats["consumers"]["consumer-video"] == {"kind": "video", "frames": 0, "ended": False},
              f"stats video consumer {stats['consumers']['consumer-video']}")
        check(stats["dataConsumers"] == {"dataconsumer-1": {"messages": []}}, f"stats data consumers {stats['dataConsumers']}")
        await sub.ok("restartIce", {"transportId": "recv-1",
                                    "iceParameters": {"usernameFragment": "srvufrag4", "password": "srvpwd4", "iceLite": True}})
        check(True, "restartIce on the recv transport")
        await sub.ok("closeConsumer", {"consumerId": "consumer-video"})
        await sub.event("trackended", lambda d: d["consumerId"] == "consumer-video")
        check(True, "closeConsumer -> trackended")
        assert sub.proc and sub.proc.stdin
        sub.proc.stdin.close()
        code = await sub.exit_code()
        check(code == 0, f"stdin EOF: exit status {code}")
        check(not sub.protocol_errors, "subscriber stdout held only protocol lines")
    finally:
        pub.kill()
        if sub:
            sub.kill()

    print("--max-seconds", flush=True)
    idle = await PeerProcess("selftest-idle").start("--max-seconds", "2")
    try:
        started = time.monotonic()
        code = await idle.exit_code(timeout=10)
        check(code == 124 and time.monotonic() - started < 8, f"--max-seconds 2: exit status {code}")
    finally:
        idle.kill()


async def run(args: argparse.Namespace) -> None:
    with open(ROUTER_CAPS) as f:
        router_caps = json.load(f)
    await signalling_checks(router_caps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    try:
        asyncio.run(asyncio.wait_for(run(args), args.timeout))
    except Failure as exc:
        print(f"FAIL: {exc}", flush=True)
        sys.exit(1)
    except asyncio.TimeoutError:
        print(f"FAIL: timed out (a step or the whole run, --timeout {args.timeout})", flush=True)
        sys.exit(1)
    print("PASS", flush=True)


if __name__ == "__main__":
    main()
