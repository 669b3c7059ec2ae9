// The demo page: publishes the camera and microphone (VP8, three simulcast
// encodings when the capture is at least 1280x720, else one; Opus) and plays
// every other peer's tracks, with a status line per remote track.
//
// Signalling: JSON POSTs to api/<method> (MafaldaDemo's DemoSignalling);
// `api/producers` is long-polled for the room's producers.
//
// `?publish=0` only consumes. For tests, `window.mafaldaDemo` has `ready` (a
// promise), `inboundStats()` and `outboundStats()` (getStats figures), and
// each status line carries `data-frames-decoded`.
import { Device } from './mafalda-client.js';

const query = new URLSearchParams(location.search);
const wantsToPublish = query.get('publish') !== '0';

const demo = {
  peerId: null,
  sendTransport: null,
  recvTransport: null,
  producers: [],
  /** Consumers by producer id: `{ id, producerId, peerId, kind, receiver, line, firstFrameMs }`. */
  consumers: new Map(),
  inboundStats,
  outboundStats,
};
window.mafaldaDemo = demo;

const statusLine = document.getElementById('status');
const setStatus = (text) => { statusLine.textContent = text; };

demo.ready = main().catch((error) => {
  setStatus(`error: ${error.message}`);
  throw error;
});

async function main() {
  const { peerId, routerRtpCapabilities } = await api('join');
  demo.peerId = peerId;
  addEventListener('pagehide', () => navigator.sendBeacon('api/leave', JSON.stringify({ peerId })));
  const device = new Device();
  await device.load(routerRtpCapabilities);
  if (wantsToPublish && !window.isSecureContext) {
    setStatus('this page is not a secure context (open it on localhost or over HTTPS to publish); receiving only');
  } else if (wantsToPublish) {
    const stream = await capture();
    if (stream) await publish(device, stream);
  }
  demo.recvTransport = await createTransport(device, 'recv');
  setInterval(refreshStatus, 1000);
  followProducers(device);
}

/** POSTs `body` as JSON to api/`method`; resolves with the JSON answer, throws the server's error. */
async function api(method, body = {}) {
  const response = await fetch(`api/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method}: ${answer.error ?? response.statusText}`);
  return answer;
}

/** A server WebRtcTransport and the browser's side of it. */
async function createTransport(device, direction) {
  const info = await api('createTransport', { peerId: demo.peerId, direction });
  const connect = (dtlsParameters) => api('connectTransport', {
    peerId: demo.peerId, transportId: info.id, dtlsParameters,
  });
  // The SFU sends RTCP receiver reports but no bandwidth feedback yet, so the browser's
  // estimate starts at startBitrate and climbs slowly (loss-based, about 8% a second):
  // 2000 kbps lets it send the three layers (150 + 500 + 1500 kbps at most) from the start.
  return direction === 'send'
    ? device.createSendTransport(info, { connect, startBitrate: 2000 })
    : device.createRecvTransport(info, { connect });
}

// MARK: Publishing

/** The camera and microphone, else the microphone alone; null (receiving only) without either. */
async function capture() {
  const video = { width: { ideal: 1280 }, height: { ideal: 720 } };
  for (const constraints of [{ audio: true, video }, { audio: true }]) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      setStatus(`no ${constraints.video ? 'camera' : 'microphone'} (${error.message})`);
    }
  }
  return null;
}

async function publish(device, stream) {
  document.getElementById('local-video').srcObject = stream;
  demo.sendTransport = await createTransport(device, 'send');
  for (const track of stream.getTracks()) {
    if (!device.canProduce(track.kind)) continue;
    const encodings = track.kind === 'video' ? videoEncodings(track) : undefined;
    const { rtpParameters, transceiver } = await demo.sendTransport.produce({ track, encodings });
    const { id } = await api('produce', {
      peerId: demo.peerId, transportId: demo.sendTransport.id, kind: track.kind, rtpParameters,
    });
    demo.producers.push({ id, kind: track.kind, sender: transceiver.sender, layers: encodings?.length ?? 1 });
  }
}

/** Three simulcast encodings (lowest first) for a capture of at least 1280x720, else one. */
function videoEncodings(track) {
  const { width = 0, height = 0 } = track.getSettings();
  if (width < 1280 || height < 720) return undefined;
  return [
    { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
    { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
    { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
  ];
}

// MARK: Consuming

/** Long-polls the room's producers: consumes new ones, drops the ones gone. */
async function followProducers(device) {
  let version = -1;
  for (;;) {
    let answer;
    try {
      answer = await api('producers', { peerId: demo.peerId, version });
    } catch (error) {
      setStatus(`signalling: ${error.message}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    version = answer.version;
    const live = new Set(answer.producers.map((producer) => producer.id));
    for (const producer of answer.producers) {
      if (demo.consumers.has(producer.id)) continue;
      try {
        await consume(device, producer);
      } catch (error) {
        setStatus(`consume ${producer.kind} of ${producer.peerId}: ${error.message}`);
      }
    }
    for (const producerId of [...demo.consumers.keys()]) {
      if (live.has(producerId)) continue;
      try {
        await dropConsumer(producerId);
      } catch (error) {
        setStatus(`closing a consumer: ${error.message}`);
      }
    }
  }
}

async function consume(device, producer) {
  const consumer = await api('consume', {
    peerId: demo.peerId, producerId: producer.id, rtpCapabilities: device.rtpCapabilities,
  });
  const { track, receiver } = await demo.recvTransport.consume({
    id: consumer.id, kind: consumer.kind, rtpParameters: consumer.rtpParameters, streamId: producer.peerId,
  });
  const entry = {
    id: consumer.id, producerId: producer.id, peerId: producer.peerId, kind: consumer.kind, receiver,
    firstFrameMs: null,
  };
  demo.consumers.set(producer.id, entry);
  show(entry, track);
  await api('resumeConsumer', { peerId: demo.peerId, consumerId: consumer.id });
}

async function dropConsumer(producerId) {
  const entry = demo.consumers.get(producerId);
  demo.consumers.delete(producerId);
  entry.line.remove();
  entry.media.srcObject.removeTrack(entry.receiver.track);
  await demo.recvTransport.closeConsumer(entry.id);
  const tile = document.getElementById(`peer-${entry.peerId}`);
  if (tile && ![...demo.consumers.values()].some((other) => other.peerId === entry.peerId)) tile.remove();
}

/** Plays `track` in its peer's tile and adds its status line. */
function show(entry, track) {
  const tile = peerTile(entry.peerId);
  const media = tile.querySelector(entry.kind);
  media.srcObject.addTrack(track);
  media.play().catch(() => {
    setStatus('click the page to hear the others (the browser blocked autoplay)');
    addEventListener('click', () => media.play(), { once: true });
  });
  if (entry.kind === 'video') {
    media.requestVideoFrameCallback(() => { entry.firstFrameMs = Math.round(performance.now()); });
  }
  entry.media = media;
  entry.line = document.createElement('li');
  entry.line.dataset.kind = entry.kind;
  entry.line.dataset.consumerId = entry.id;
  entry.line.dataset.framesDecoded = '0';
  entry.line.textContent = `${entry.kind}: waiting`;
  tile.querySelector('ul').append(entry.line);
}

function peerTile(peerId) {
  let tile = document.getElementById(`peer-${peerId}`);
  if (tile) return tile;
  tile = document.createElement('section');
  tile.className = 'tile';
  tile.id = `peer-${peerId}`;
  tile.innerHTML = '<h2></h2><video autoplay playsinline muted></video><audio autoplay></audio><ul></ul>';
  tile.querySelector('h2').textContent = `Peer ${peerId}`;
  tile.querySelector('video').srcObject = new MediaStream();
  tile.querySelector('audio').srcObject = new MediaStream();
  document.getElementById('remotes').append(tile);
  return tile;
}

// MARK: Statistics

/** One entry per consumer: what the browser's inbound-rtp stats say of it. */
async function inboundStats() {
  return Promise.all([...demo.consumers.values()].map(async (entry) => {
    let inbound = {};
    (await entry.receiver.getStats()).forEach((stats) => { if (stats.type === 'inbound-rtp') inbound = stats; });
    return {
      consumerId: entry.id, producerId: entry.producerId, peerId: entry.peerId, kind: entry.kind,
      packetsReceived: inbound.packetsReceived ?? 0, packetsLost: inbound.packetsLost ?? 0,
      framesDecoded: inbound.framesDecoded ?? 0, frameWidth: inbound.frameWidth ?? 0,
      frameHeight: inbound.frameHeight ?? 0, framesPerSecond: inbound.framesPerSecond ?? 0,
      totalSamplesReceived: inbound.totalSamplesReceived ?? 0, nackCount: inbound.nackCount ?? 0,
      pliCount: inbound.pliCount ?? 0, firstFrameMs: entry.firstFrameMs,
    };
  }));
}

/** One entry per sent RTP stream (a simulcast encoding each): outbound-rtp stats. */
async function outboundStats() {
  if (!demo.sendTransport) return [];
  const entries = [];
  (await demo.sendTransport.pc.getStats()).forEach((stats) => {
    if (stats.type !== 'outbound-rtp') return;
    entries.push({
      kind: stats.kind, rid: stats.rid ?? null, ssrc: stats.ssrc, active: stats.active ?? true,
      packetsSent: stats.packetsSent ?? 0, framesEncoded: stats.framesEncoded ?? 0,
      frameWidth: stats.frameWidth ?? 0, frameHeight: stats.frameHeight ?? 0,
      framesPerSecond: stats.framesPerSecond ?? 0, targetBitrate: stats.targetBitrate ?? 0,
      scalabilityMode: stats.scalabilityMode ?? null, qualityLimitationReason: stats.qualityLimitationReason ?? null,
      nackCount: stats.nackCount ?? 0, pliCount: stats.pliCount ?? 0,
      retransmittedPacketsSent: stats.retransmittedPacketsSent ?? 0,
    });
  });
  return entries;
}

async function refreshStatus() {
  for (const stats of await inboundStats()) {
    const entry = demo.consumers.get(stats.producerId);
    if (!entry) continue;
    entry.line.dataset.framesDecoded = String(stats.framesDecoded);
    entry.line.dataset.packetsLost = String(stats.packetsLost);
    entry.line.textContent = stats.kind === 'video'
      ? `video: ${stats.frameWidth}x${stats.frameHeight} ${stats.framesPerSecond ?? 0} fps, `
        + `frames decoded ${stats.framesDecoded}, packets lost ${stats.packetsLost}`
      : `audio: samples ${stats.totalSamplesReceived}, packets ${stats.packetsReceived}, `
        + `packets lost ${stats.packetsLost}`;
  }
  const sent = await outboundStats();
  const layers = sent.filter((stats) => stats.kind === 'video' && stats.framesEncoded > 0);
  document.getElementById('local-lines').replaceChildren(...sent.map((stats) => {
    const line = document.createElement('li');
    line.textContent = stats.kind === 'video'
      ? `video ${stats.rid ?? ''} ${stats.frameWidth}x${stats.frameHeight}, frames encoded ${stats.framesEncoded}`
      : `audio: packets sent ${stats.packetsSent}`;
    return line;
  }));
  const sending = demo.sendTransport
    ? `sending ${layers.length} video layer(s) and audio (${demo.sendTransport.connectionState})`
    : 'not sending';
  const receiving = demo.recvTransport
    ? `receiving ${demo.consumers.size} track(s) (${demo.recvTransport.connectionState})` : '';
  setStatus(`peer ${demo.peerId}: ${sending}; ${receiving}`);
}
