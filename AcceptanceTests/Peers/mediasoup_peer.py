#!/usr/bin/env python3
"""A real WebRTC peer for the acceptance suite: one pymediasoup Device on aiortc.

The Swift acceptance suite plays the signalling server. It starts one process
per peer and drives it with JSON objects, one per line: requests on stdin,
answers and events on stdout (stdout carries nothing else; logs go to stderr).

Swift -> peer requests, handled concurrently (a slow one never blocks the rest):

    {"id": N, "method": M, "data": {...}}
    answered {"id": N, "ok": true, "data": {...}}
          or {"id": N, "ok": false, "error": "text"}

Peer -> Swift requests (pymediasoup's transport callbacks), numbered K = 1, 2, ...:

    {"request": K, "method": "connect",
     "data": {"transportId", "dtlsParameters"}}                    answer data {}
    {"request": K, "method": "produce",
     "data": {"transportId", "kind", "rtpParameters", "appData"}}  answer {"id": producerId}
    {"request": K, "method": "producedata",
     "data": {"transportId", "sctpStreamParameters", "label", "protocol", "appData"}}
                                                                   answer {"id": dataProducerId}
    Swift answers {"response": K, "ok": true, "data": {...}}
               or {"response": K, "ok": false, "error": "..."}

    A transport's first produce/produceData/consume/consumeData waits for the answer
    to its "connect" before negotiating further, as mediasoup-client does (bare
    pymediasoup would fire "connect" and go on without waiting). Operations on one
    transport run one at a time, in the order their requests arrived (mediasoup-
    client queues them too), so a second "produce" request only comes once the
    first is answered.

Peer -> Swift events (each state change reported once):

    {"event": "connectionstatechange", "data": {"transportId", "state"}}
        pymediasoup's state, derived from ICE alone: connecting/connected/failed/...
    {"event": "peerconnectionstatechange", "data": {"transportId", "state"}}
        aiortc's RTCPeerConnection state: "connected" once ICE *and* DTLS are up.
    {"event": "trackended", "data": {"consumerId"}}
        a consumed track ended (RTCP BYE for its SSRC, closeConsumer, transport closed).

After the answer to "close", or once stdin has closed, nothing more is written.

Methods (Swift -> peer):

    load                {"routerRtpCapabilities"} -> {"rtpCapabilities", "sctpCapabilities"}
    createSendTransport {"id", "iceParameters", "iceCandidates", "dtlsParameters",
                         "sctpParameters" (may be null)} -> {}
    createRecvTransport same as createSendTransport -> {}
    produce             {"kind": "audio"|"video", "toneHz" (audio, default 440),
                         "appData"?, "transportId"?} -> {"producerId"}
                        audio: a sine tone, 48 kHz mono, 20 ms frames, paced in real time;
                        video: 320x240 at 30 fps, a moving bar, VP8.
    produceData         {"label", "protocol"?, "appData"?, "transportId"?} -> {"dataProducerId"}
                        (ordered, reliable)
    sendData            {"dataProducerId", "message": str, "binary"?: bool} -> {}
                        waits (up to 10 s) for the data channel to open; with "binary"
                        true, "message" is base64 and is sent as bytes.
    consume             {"id", "producerId", "kind", "rtpParameters", "transportId"?} -> {}
                        then counts the track's decoded frames and, for audio, measures
                        the tone's frequency over the last second of decoded samples.
    consumeData         {"id", "dataProducerId", "sctpStreamParameters", "label",
                         "protocol", "transportId"?} -> {}
                        records every message: a text message as a JSON string, a
                        binary one as {"binary": true, "base64": "..."}.
    stats               {} -> {"consumers": {consumerId: {"kind", "frames", "toneHz"
                                 (audio only; null until measurable), "ended"}},
                               "dataConsumers": {id: {"messages": [...]}},
                               "transports": {id: connectionState},
                               "producers": {id: {"kind", "framesSent", "closed"}},
                               "transportDetails": {id: {"direction", "connectionState",
                                 "peerConnectionState", "iceRole", "iceState",
                                 "dtlsRole", "dtlsState", "sctpState"}}}
    closeProducer       {"producerId"} -> {}   producer.close(); the track and the RTP
                        sender are stopped too (aiortc then sends RTCP BYE).
    closeConsumer       {"consumerId"} (or {"id"}) -> {}   consumer.close()
    restartIce          {"transportId", "iceParameters"} -> {}
    close               {} -> {}, then closes the transports and exits 0.

The process also exits when stdin reaches EOF (status 0) and, whatever happens,
after --max-seconds (status 124), so it can never outlive a test.

On the wire (aiortc 1.16 through pymediasoup 1.5, as seen from the SFU):
ICE controlling on every transport (the remote is ICE-lite), regular nomination
(a plain check, then the same check with USE-CANDIDATE), consent checks every
4-6 s; DTLS server on send transports and client on receive transports, DTLS 1.2
with ECDHE-ECDSA suites only; the "connect" fingerprint is sha-512 only.

Options: --max-seconds S (default 120), --name NAME (log prefix),
--ice-address ADDR (repeatable; the addresses aiortc gathers host candidates on,
default 127.0.0.1; "auto" keeps aioice's choice, which excludes loopback),
--log-level LEVEL (this script, default INFO), --lib-log-level LEVEL (aiortc,
aioice, pymediasoup; default WARNING).
"""

from __future__ import annotations

import argparse
import array
import asyncio
import base64
import fractions
import json
import logging
import math
import os
import sys
import threading
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional

import aioice.ice
import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from pymediasoup import Device
from pymediasoup.errors import Error as MediasoupError
from pymediasoup.handlers.aiortc_handler import AiortcHandler
from pymediasoup.models.transport import DtlsParameters, IceCandidate, IceParameters
from pymediasoup.rtp_parameters import RtpCapabilities, RtpParameters
from pymediasoup.sctp_parameters import SctpParameters, SctpStreamParameters

log = logging.getLogger("mediasoup_peer")

AUDIO_RATE = 48000
AUDIO_PTIME = 0.020
VIDEO_CLOCK = 90000
CALLBACK_TIMEOUT = 30.0  # how long a transport callback waits for Swift's answer
DATA_OPEN_TIMEOUT = 10.0
SHUTDOWN_TIMEOUT = 3.0
EXIT_MAX_SECONDS = 124


class PeerError(Exception):
    """An error answered to Swift as its bare message."""


# --------------------------------------------------------------------------
# Synthetic media
# --------------------------------------------------------------------------


class _PacedTrack(MediaStreamTrack):
    """A track whose recv() returns one frame per period, in real time."""

    def __init__(self, period: float) -> None:
        super().__init__()
        self._period = period
        self._start: Optional[float] = None
        self.frames = 0

    async def _pace(self) -> int:
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        if self._start is None:
            self._start = now
        index = self.frames
        delay = self._start + index * self._period - now
        if delay > 0:
            await asyncio.sleep(delay)
        if self.readyState != "live":
            raise MediaStreamError
        self.frames += 1
        return index


class SineAudioTrack(_PacedTrack):
    """A sine tone: 48 kHz mono s16, 20 ms per frame."""

    kind = "audio"

    def __init__(self, hz: float, amplitude: float = 0.3) -> None:
        super().__init__(AUDIO_PTIME)
        self._step = 2 * math.pi * hz / AUDIO_RATE
        self._peak = int(32767 * amplitude)
        self._samples = int(AUDIO_RATE * AUDIO_PTIME)
        self._time_base = fractions.Fraction(1, AUDIO_RATE)

    async def recv(self) -> av.AudioFrame:
        index = await self._pace()
        first = index * self._samples
        pcm = array.array(
            "h",
            (int(self._peak * math.sin(self._step * (first + i))) for i in range(self._samples)),
        )
        frame = av.AudioFrame(format="s16", layout="mono", samples=self._samples)
        frame.planes[0].update(pcm.tobytes())
        frame.sample_rate = AUDIO_RATE
        frame.pts = first
        frame.time_base = self._time_base
        return frame


class PatternVideoTrack(_PacedTrack):
    """A grey gradient with a bright vertical bar sweeping across it (I420)."""

    kind = "video"

    def __init__(self, width: int = 320, height: int = 240, fps: int = 30) -> None:
        super().__init__(1.0 / fps)
        self._width, self._height, self._fps = width, height, fps
        self._background = bytes(16 + (200 * x) // max(width - 1, 1) for x in range(width))
        self._bar = max(width // 16, 2)
        self._time_base = fractions.Fraction(1, VIDEO_CLOCK)

    async def recv(self) -> av.VideoFrame:
        index = await self._pace()
        w, h = self._width, self._height
        x = (index * 4) % (w - self._bar)
        row = self._background[:x] + b"\xeb" * self._bar + self._background[x + self._bar :]
        frame = av.VideoFrame(w, h, "yuv420p")
        u = 128 + int(60 * math.sin(index / 15))
        self._fill(frame.planes[0], row, h)
        self._fill(frame.planes[1], bytes([u]) * (w // 2), h // 2)
        self._fill(frame.planes[2], bytes([256 - u]) * (w // 2), h // 2)
        frame.pts = index * VIDEO_CLOCK // self._fps
        frame.time_base = self._time_base
        return frame

    @staticmethod
    def _fill(plane: Any, row: bytes, rows: int) -> None:
        padding = plane.line_size - len(row)
        plane.update((row + b"\x00" * padding) * rows)


# --------------------------------------------------------------------------
# Received media
# --------------------------------------------------------------------------


class ToneMeter:
    """Keeps the last second of decoded audio (mono mix) and estimates its pitch."""

    MIN_SAMPLES = AUDIO_RATE // 2  # half a second before any estimate
    MIN_PEAK = 300  # below this the signal counts as silence

    def __init__(self, window: int = AUDIO_RATE) -> None:
        self._window = window
        self._samples = array.array("d")
        self._rate = AUDIO_RATE

    def add(self, frame: av.AudioFrame) -> None:
        self._rate = frame.sample_rate or AUDIO_RATE
        self._samples.extend(_mono_samples(frame))
        excess = len(self._samples) - self._window
        if excess > 0:
            del self._samples[:excess]

    def frequency(self) -> Optional[float]:
        """Upward zero crossings (with hysteresis, interpolated) per second."""
        samples = self._samples
        if len(samples) < self.MIN_SAMPLES:
            return None
        peak = max(max(samples), -min(samples))
        if peak < self.MIN_PEAK:
            return None
        threshold = 0.1 * peak
        armed = False
        crossings: List[float] = []
        previous = samples[0]
        for i in range(1, len(samples)):
            value = samples[i]
            if value < -threshold:
                armed = True
            elif armed and value >= 0 > previous:
                crossings.append(i - 1 + previous / (previous - value))
                armed = False
            previous = value
        if len(crossings) < 3:
            return None
        span = (crossings[-1] - crossings[0]) / self._rate
        return round((len(crossings) - 1) / span, 1) if span > 0 else None


def _mono_samples(frame: av.AudioFrame) -> array.array:
    """The frame's samples averaged over its channels (s16/flt, packed or planar)."""
    name = frame.format.name
    typecode = {"s16": "h", "s16p": "h", "flt": "f", "fltp": "f"}.get(name)
    if typecode is None:
        raise PeerError(f"unsupported decoded sample format {name}")
    scale = 32767.0 if typecode == "f" else 1.0
    count = frame.samples
    channels = len(frame.layout.channels)
    if frame.format.is_planar:
        planes = [array.array(typecode, bytes(p))[:count] for p in frame.planes[:channels]]
        mixed = [sum(values) * scale / channels for values in zip(*planes)]
    else:
        pcm = array.array(typecode, bytes(frame.planes[0]))[: count * channels]
        if channels == 1:
            mixed = [v * scale for v in pcm]
        else:
            mixed = [
                sum(pcm[i : i + channels]) * scale / channels for i in range(0, len(pcm), channels)
            ]
    return array.array("d", mixed)


class ConsumerState:
    def __init__(self, consumer: Any, kind: str, transport: Any) -> None:
        self.consumer = consumer
        self.kind = kind
        self.transport = transport
        self.frames = 0
        self.ended = False
        self.tone = ToneMeter() if kind == "audio" else None
        self.task: Optional[asyncio.Task] = None

    def stats(self) -> Dict[str, Any]:
        entry: Dict[str, Any] = {"kind": self.kind, "frames": self.frames, "ended": self.ended}
        if self.tone is not None:
            entry["toneHz"] = self.tone.frequency()
        return entry


# --------------------------------------------------------------------------
# pymediasoup glue
# --------------------------------------------------------------------------


class WaitingAiortcHandler(AiortcHandler):
    """AiortcHandler that waits for the "connect" answer before going on.

    pymediasoup emits the transport's "connect" without awaiting its listener,
    so ICE and DTLS would start while the signalling server may not know the
    client's DTLS parameters yet. mediasoup-client awaits the callback; so do we.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connected: asyncio.Future = asyncio.get_running_loop().create_future()

    async def _setupTransport(self, localDtlsRole: Any, localSdpDict: Optional[dict] = None) -> None:
        await super()._setupTransport(localDtlsRole=localDtlsRole, localSdpDict=localSdpDict)
        await asyncio.wait_for(asyncio.shield(self.connected), CALLBACK_TIMEOUT)


def _use_ice_addresses(addresses: List[str]) -> None:
    """Make aioice gather host candidates on exactly these addresses.

    aioice skips 127.0.0.1 and ::1, but the SFU under test listens on loopback.
    """

    def get_host_addresses(use_ipv4: bool, use_ipv6: bool) -> List[str]:
        return [a for a in addresses if (":" in a and use_ipv6) or (":" not in a and use_ipv4)]

    aioice.ice.get_host_addresses = get_host_addresses


def _dump(model: Any) -> Any:
    return model.model_dump(exclude_none=True) if model is not None else None


def _require(data: Dict[str, Any], key: str) -> Any:
    if key not in data or data[key] is None:
        raise PeerError(f"missing '{key}'")
    return data[key]


def _ice_candidate(raw: Dict[str, Any]) -> IceCandidate:
    """mediasoup >= 3.13 names the candidate's address "address" (was "ip")."""
    raw = dict(raw)
    if "ip" not in raw and "address" in raw:
        raw["ip"] = raw["address"]
    return IceCandidate.model_validate(raw)


def _ice_parameters(raw: Dict[str, Any]) -> IceParameters:
    """A missing iceLite counts as true: this peer only ever talks to the ICE-lite SFU."""
    raw = dict(raw)
    if raw.get("iceLite") is None:
        raw["iceLite"] = True
    return IceParameters.model_validate(raw)


# --------------------------------------------------------------------------
# The peer
# --------------------------------------------------------------------------


class Peer:
    def __init__(self, out: Any) -> None:
        self._out = out
        self._loop = asyncio.get_running_loop()
        self._device = Device(handlerFactory=WaitingAiortcHandler.createFactory(tracks=[]))
        self._transports: Dict[str, Any] = {}
        self._producers: Dict[str, Any] = {}
        self._tracks: Dict[str, _PacedTrack] = {}
        self._consumers: Dict[str, ConsumerState] = {}
        self._data_producers: Dict[str, Any] = {}
        self._data_consumers: Dict[str, Any] = {}
        self._messages: Dict[str, List[Any]] = {}
        self._pending: Dict[int, asyncio.Future] = {}
        self._next_request = 1
        self._tasks: set = set()
        # pymediasoup does not queue a transport's operations as mediasoup-client
        # does; concurrent ones would interleave their SDP offer/answer rounds.
        self._locks: Dict[str, asyncio.Lock] = {}
        self._closing = False
        self.finished: asyncio.Future = self._loop.create_future()
        self._methods: Dict[str, Callable[[Dict[str, Any]], Awaitable[Dict[str, Any]]]] = {
            "load": self.load,
            "createSendTransport": lambda d: self.create_transport("send", d),
            "createRecvTransport": lambda d: self.create_transport("recv", d),
            "produce": self.produce,
            "produceData": self.produce_data,
            "sendData": self.send_data,
            "consume": self.consume,
            "consumeData": self.consume_data,
            "stats": self.stats,
            "closeProducer": self.close_producer,
            "closeConsumer": self.close_consumer,
            "restartIce": self.restart_ice,
            "close": self.close,
        }

    # ---- wire ---------------------------------------------------------------

    def send(self, message: Dict[str, Any]) -> None:
        if self._closing:
            return
        self._out.write(json.dumps(message, separators=(",", ":")) + "\n")
        self._out.flush()

    def event(self, name: str, data: Dict[str, Any]) -> None:
        self.send({"event": name, "data": data})

    def spawn(self, coro: Awaitable[Any]) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def receive_line(self, line: bytes) -> None:
        try:
            message = json.loads(line)
            if not isinstance(message, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            log.error("ignoring a malformed line (%s): %r", exc, line[:200])
            return
        if "response" in message:
            future = self._pending.pop(message["response"], None)
            if future is None or future.done():
                log.warning("answer to no pending request: %r", message)
            elif message.get("ok"):
                future.set_result(message.get("data") or {})
            else:
                future.set_exception(PeerError(message.get("error") or "request refused"))
        elif "id" in message and "method" in message:
            self.spawn(self._serve(message["id"], message["method"], message.get("data") or {}))
        else:
            log.error("ignoring a line that is neither a request nor an answer: %r", message)

    async def _serve(self, request_id: Any, method: str, data: Dict[str, Any]) -> None:
        log.debug("-> %s %s", method, request_id)
        handler = self._methods.get(method)
        try:
            if handler is None:
                raise PeerError(f"unknown method '{method}'")
            result = await handler(data)
        except Exception as exc:
            expected = isinstance(exc, (PeerError, MediasoupError))
            log.warning("%s failed: %s", method, _describe(exc), exc_info=not expected)
            self.send({"id": request_id, "ok": False, "error": _describe(exc)})
        else:
            self.send({"id": request_id, "ok": True, "data": result or {}})
            if method == "close" and not self.finished.done():
                self.finished.set_result(0)

    async def request(self, method: str, data: Dict[str, Any]) -> Dict[str, Any]:
        """Ask Swift (the signalling server) and wait for its answer."""
        number = self._next_request
        self._next_request += 1
        future = self._loop.create_future()
        self._pending[number] = future
        self.send({"request": number, "method": method, "data": data})
        try:
            return await asyncio.wait_for(future, CALLBACK_TIMEOUT)
        except asyncio.TimeoutError:
            raise PeerError(f"no answer to '{method}' request {number} within {CALLBACK_TIMEOUT:.0f} s")
        finally:
            self._pending.pop(number, None)

    # ---- lookups ------------------------------------------------------------

    def _lock(self, transport: Any) -> asyncio.Lock:
        return self._locks.setdefault(transport.id, asyncio.Lock())

    def _transport(self, direction: str, data: Dict[str, Any]) -> Any:
        transport_id = data.get("transportId")
        if transport_id is not None:
            transport = self._transports.get(transport_id)
            if transport is None:
                raise PeerError(f"no transport '{transport_id}'")
            return transport
        for transport in reversed(list(self._transports.values())):
            if transport.direction == direction and not transport.closed:
                return transport
        raise PeerError(f"no {direction} transport")

    # ---- methods ------------------------------------------------------------

    async def load(self, data: Dict[str, Any]) -> Dict[str, Any]:
        caps = RtpCapabilities.model_validate(_require(data, "routerRtpCapabilities"))
        await self._device.load(caps)
        return {
            "rtpCapabilities": _dump(self._device.rtpCapabilities),
            "sctpCapabilities": _dump(self._device.sctpCapabilities),
        }

    async def create_transport(self, direction: str, data: Dict[str, Any]) -> Dict[str, Any]:
        transport_id = _require(data, "id")
        if transport_id in self._transports:
            raise PeerError(f"transport '{transport_id}' exists")
        sctp = data.get("sctpParameters")
        options = dict(
            id=transport_id,
            iceParameters=_ice_parameters(_require(data, "iceParameters")),
            iceCandidates=[_ice_candidate(c) for c in _require(data, "iceCandidates")],
            dtlsParameters=DtlsParameters.model_validate(_require(data, "dtlsParameters")),
            sctpParameters=SctpParameters.model_validate(sctp) if sctp else None,
            # An empty list, not None: None makes aiortc query Google's STUN server.
            iceServers=[],
        )
        if direction == "send":
            transport = self._device.createSendTransport(**options)
        else:
            transport = self._device.createRecvTransport(**options)
        self._transports[transport_id] = transport
        self._wire_transport(transport)
        return {}

    def _wire_transport(self, transport: Any) -> None:
        handler: WaitingAiortcHandler = transport.handler

        @transport.on("connect")
        async def on_connect(dtlsParameters: DtlsParameters) -> None:
            # Scheduled by pymediasoup without being awaited: never let it raise.
            try:
                await self.request(
                    "connect", {"transportId": transport.id, "dtlsParameters": _dump(dtlsParameters)}
                )
            except Exception as exc:
                log.warning("connect of transport %s failed: %s", transport.id, _describe(exc))
                if not handler.connected.done():
                    handler.connected.set_exception(PeerError(f"connect failed: {_describe(exc)}"))
            else:
                if not handler.connected.done():
                    handler.connected.set_result(None)

        @transport.on("produce")
        async def on_produce(kind: str, rtpParameters: RtpParameters, appData: Any) -> str:
            answer = await self.request(
                "produce",
                {
                    "transportId": transport.id,
                    "kind": kind,
                    "rtpParameters": _dump(rtpParameters),
                    "appData": appData or {},
                },
            )
            return str(_require(answer, "id"))

        @transport.on("producedata")
        async def on_producedata(
            sctpStreamParameters: SctpStreamParameters, label: Any, protocol: Any, appData: Any
        ) -> str:
            answer = await self.request(
                "producedata",
                {
                    "transportId": transport.id,
                    "sctpStreamParameters": _dump(sctpStreamParameters),
                    "label": label or "",
                    "protocol": protocol or "",
                    "appData": appData or {},
                },
            )
            return str(_require(answer, "id"))

        pc = handler.pc
        last = {"connectionstatechange": "new", "peerconnectionstatechange": "new"}

        def report(name: str, state: str) -> None:
            # pymediasoup reports both ICE "connected" and "completed" as "connected".
            if last[name] != state:
                last[name] = state
                self.event(name, {"transportId": transport.id, "state": state})

        @transport.on("connectionstatechange")
        def on_connectionstatechange(state: str) -> None:
            log.info("transport %s: %s", transport.id, state)
            report("connectionstatechange", state)

        @pc.on("connectionstatechange")
        def on_peerconnectionstatechange() -> None:
            log.info("transport %s: peer connection %s", transport.id, pc.connectionState)
            report("peerconnectionstatechange", pc.connectionState)

    async def produce(self, data: Dict[str, Any]) -> Dict[str, Any]:
        transport = self._transport("send", data)
        kind = _require(data, "kind")
        codec = None
        if kind == "audio":
            track: _PacedTrack = SineAudioTrack(float(data.get("toneHz", 440)))
        elif kind == "video":
            track = PatternVideoTrack()
            codec = self._send_codec(data.get("codecMimeType", "video/VP8"))
        else:
            raise PeerError(f"unknown kind '{kind}'")
        try:
            async with self._lock(transport):
                producer = await transport.produce(
                    track=track, stopTracks=False, codec=codec, appData=data.get("appData") or {}
                )
        except Exception:
            track.stop()
            raise
        self._producers[producer.id] = producer
        self._tracks[producer.id] = track
        return {"producerId": producer.id}

    def _send_codec(self, mime_type: str) -> Any:
        for codec in self._device.sendRtpCapabilities.codecs:
            if codec.mimeType.lower() == mime_type.lower():
                return codec
        raise PeerError(f"the device cannot send {mime_type}")

    async def produce_data(self, data: Dict[str, Any]) -> Dict[str, Any]:
        transport = self._transport("send", data)
        async with self._lock(transport):
            data_producer = await transport.produceData(
                ordered=True,
                label=data.get("label") or "",
                protocol=data.get("protocol") or "",
                appData=data.get("appData") or {},
            )
        self._data_producers[data_producer.id] = data_producer
        return {"dataProducerId": data_producer.id}

    async def send_data(self, data: Dict[str, Any]) -> Dict[str, Any]:
        producer_id = _require(data, "dataProducerId")
        data_producer = self._data_producers.get(producer_id)
        if data_producer is None:
            raise PeerError(f"no data producer '{producer_id}'")
        message = _require(data, "message")
        payload = base64.b64decode(message) if data.get("binary") else str(message)
        deadline = time.monotonic() + DATA_OPEN_TIMEOUT
        while data_producer.readyState != "open":
            if data_producer.readyState in ("closing", "closed"):
                raise PeerError(f"data channel of '{producer_id}' is {data_producer.readyState}")
            if time.monotonic() > deadline:
                raise PeerError(
                    f"data channel of '{producer_id}' not open after {DATA_OPEN_TIMEOUT:.0f} s"
                    f" ({data_producer.readyState})"
                )
            await asyncio.sleep(0.05)
        data_producer.send(payload)
        return {}

    async def consume(self, data: Dict[str, Any]) -> Dict[str, Any]:
        transport = self._transport("recv", data)
        consumer_id = _require(data, "id")
        kind = _require(data, "kind")
        if consumer_id in self._consumers:
            raise PeerError(f"consumer '{consumer_id}' exists")
        async with self._lock(transport):
            consumer = await transport.consume(
                id=consumer_id,
                producerId=_require(data, "producerId"),
                kind=kind,
                rtpParameters=RtpParameters.model_validate(_require(data, "rtpParameters")),
            )
        state = ConsumerState(consumer, kind, transport)
        self._consumers[consumer_id] = state
        consumer.track.on("ended", lambda: self._track_ended(consumer_id))
        state.task = self.spawn(self._read_track(consumer_id, state))
        return {}

    async def _read_track(self, consumer_id: str, state: ConsumerState) -> None:
        track = state.consumer.track
        try:
            while True:
                frame = await track.recv()
                state.frames += 1
                if state.tone is not None:
                    state.tone.add(frame)
        except MediaStreamError:
            pass
        except asyncio.CancelledError:
            return
        except Exception as exc:
            log.error("reading consumer %s failed: %s", consumer_id, _describe(exc), exc_info=True)
        self._track_ended(consumer_id)

    def _track_ended(self, consumer_id: str) -> None:
        state = self._consumers.get(consumer_id)
        if state is None or state.ended:
            return
        state.ended = True
        log.info("consumer %s: track ended after %d frames", consumer_id, state.frames)
        self.event("trackended", {"consumerId": consumer_id})

    async def consume_data(self, data: Dict[str, Any]) -> Dict[str, Any]:
        transport = self._transport("recv", data)
        consumer_id = _require(data, "id")
        async with self._lock(transport):
            data_consumer = await transport.consumeData(
                id=consumer_id,
                dataProducerId=_require(data, "dataProducerId"),
                sctpStreamParameters=SctpStreamParameters.model_validate(
                    _require(data, "sctpStreamParameters")
                ),
                label=data.get("label") or "",
                protocol=data.get("protocol") or "",
            )
        messages: List[Any] = []
        self._data_consumers[consumer_id] = data_consumer
        self._messages[consumer_id] = messages

        @data_consumer.on("message")
        def on_message(message: Any) -> None:
            if isinstance(message, str):
                messages.append(message)
            else:
                messages.append({"binary": True, "base64": base64.b64encode(bytes(message)).decode()})

        return {}

    async def stats(self, data: Dict[str, Any]) -> Dict[str, Any]:
        return {
            "consumers": {cid: state.stats() for cid, state in self._consumers.items()},
            "dataConsumers": {cid: {"messages": list(m)} for cid, m in self._messages.items()},
            "transports": {tid: t.connectionState for tid, t in self._transports.items()},
            "producers": {
                pid: {"kind": p.kind, "framesSent": self._tracks[pid].frames, "closed": p.closed}
                for pid, p in self._producers.items()
            },
            "transportDetails": {tid: _transport_details(t) for tid, t in self._transports.items()},
        }

    async def close_producer(self, data: Dict[str, Any]) -> Dict[str, Any]:
        producer_id = _require(data, "producerId")
        producer = self._producers.get(producer_id)
        if producer is None:
            raise PeerError(f"no producer '{producer_id}'")
        await producer.close()
        # pymediasoup's aiortc handler leaves the sender running (its
        # stopSending is a no-op): stop the track and the sender ourselves.
        self._tracks[producer_id].stop()
        if producer.rtpSender is not None:
            await asyncio.wait_for(producer.rtpSender.stop(), SHUTDOWN_TIMEOUT)
        return {}

    async def close_consumer(self, data: Dict[str, Any]) -> Dict[str, Any]:
        consumer_id = data.get("consumerId") or _require(data, "id")
        state = self._consumers.get(consumer_id)
        if state is None:
            raise PeerError(f"no consumer '{consumer_id}'")
        async with self._lock(state.transport):
            await state.consumer.close()
        if state.task is not None:
            state.task.cancel()
        self._track_ended(consumer_id)
        return {}

    async def restart_ice(self, data: Dict[str, Any]) -> Dict[str, Any]:
        transport_id = _require(data, "transportId")
        transport = self._transports.get(transport_id)
        if transport is None:
            raise PeerError(f"no transport '{transport_id}'")
        parameters = _ice_parameters(_require(data, "iceParameters"))
        async with self._lock(transport):
            await transport.restartIce(parameters)
        # aiortc cannot restart ICE: a renegotiation with new remote credentials
        # leaves its running aioice connection untouched, so its consent checks
        # would keep using the old ones. Hand it the new credentials directly.
        for connection in _ice_connections(transport.handler.pc):
            connection.remote_username = parameters.usernameFragment
            connection.remote_password = parameters.password
        return {}

    async def close(self, data: Dict[str, Any]) -> Dict[str, Any]:
        return {}

    async def shutdown(self) -> None:
        """Stops the media and closes every transport (bounded by the caller)."""
        self._closing = True  # nothing more on stdout
        for task in list(self._tasks):
            task.cancel()
        for track in self._tracks.values():
            track.stop()
        for transport in self._transports.values():
            try:
                await transport.close()
            except Exception as exc:
                log.warning("closing transport %s: %s", transport.id, _describe(exc))


def _ice_connections(pc: Any) -> List[Any]:
    """The aioice connections under an RTCPeerConnection (one when bundled)."""
    connections: List[Any] = []
    dtls_transports = [t.receiver.transport for t in pc.getTransceivers()]
    if pc.sctp is not None:
        dtls_transports.append(pc.sctp.transport)
    for dtls in dtls_transports:
        connection = dtls.transport._connection
        if connection not in connections:
            connections.append(connection)
    return connections


def _transport_details(transport: Any) -> Dict[str, Any]:
    details: Dict[str, Any] = {
        "direction": transport.direction,
        "connectionState": transport.connectionState,
    }
    try:
        pc = transport.handler.pc
    except Exception:
        return details
    details["peerConnectionState"] = pc.connectionState
    dtls = None
    if pc.getTransceivers():
        dtls = pc.getTransceivers()[0].receiver.transport
    elif pc.sctp is not None:
        dtls = pc.sctp.transport
    if dtls is not None:
        details.update(
            iceRole=dtls.transport.role,
            iceState=dtls.transport.state,
            dtlsRole=dtls._role,
            dtlsState=dtls.state,
        )
    if pc.sctp is not None:
        details["sctpState"] = pc.sctp.state
    return details


def _describe(exc: BaseException) -> str:
    if isinstance(exc, PeerError):
        return str(exc)
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --------------------------------------------------------------------------
# Process
# --------------------------------------------------------------------------


def _exit(code: int) -> None:
    """Leaves at once: aiortc's threads and sockets must not keep the process alive."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


async def _read_stdin(peer: Peer) -> None:
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            log.info("stdin closed")
            return
        if line.strip():
            peer.receive_line(line)


async def _main(args: argparse.Namespace, out: Any) -> int:
    loop = asyncio.get_running_loop()
    peer = Peer(out)
    reader = asyncio.ensure_future(_read_stdin(peer))
    limit = loop.create_future()
    loop.call_later(args.max_seconds, lambda: limit.done() or limit.set_result(EXIT_MAX_SECONDS))
    done, _ = await asyncio.wait({reader, peer.finished, limit}, return_when=asyncio.FIRST_COMPLETED)
    if limit in done:
        log.error("--max-seconds %s reached, leaving", args.max_seconds)
        code = EXIT_MAX_SECONDS
    elif peer.finished in done:
        code = peer.finished.result()
    else:
        if reader.exception() is not None:
            log.error("reading stdin failed: %s", _describe(reader.exception()))
        code = 0
    try:
        await asyncio.wait_for(peer.shutdown(), SHUTDOWN_TIMEOUT)
    except Exception as exc:
        log.warning("shutdown: %s", _describe(exc))
    return code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--name", default="peer")
    parser.add_argument("--ice-address", action="append", dest="ice_addresses")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--lib-log-level", default="WARNING")
    args = parser.parse_args()

    # The protocol owns the original stdout; anything else written to fd 1
    # (print(), FFmpeg or libvpx messages) lands on stderr instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr

    logging.basicConfig(
        stream=sys.stderr,
        level=args.lib_log_level.upper(),
        format=f"%(asctime)s {args.name} %(name)s %(levelname)s: %(message)s",
    )
    log.setLevel(args.log_level.upper())

    addresses = args.ice_addresses or ["127.0.0.1"]
    if addresses != ["auto"]:
        _use_ice_addresses(addresses)

    # A last resort if the event loop itself is stuck.
    watchdog = threading.Timer(args.max_seconds + SHUTDOWN_TIMEOUT + 2, _exit, (EXIT_MAX_SECONDS,))
    watchdog.daemon = True
    watchdog.start()

    try:
        code = asyncio.run(_main(args, out))
    except BaseException as exc:  # noqa: BLE001 - the process must end with a status
        log.error("fatal: %s", _describe(exc), exc_info=True)
        code = 1
    _exit(code)


if __name__ == "__main__":
    main()
