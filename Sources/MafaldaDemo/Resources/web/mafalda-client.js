// mafalda-client.js: a small mediasoup client for browsers, of our own.
//
// It turns what a mediasoup server hands out (a router's RTP capabilities, a
// WebRtcTransport's iceParameters, iceCandidates and dtlsParameters, a
// consumer's rtpParameters) into SDP for the browser's RTCPeerConnection, in
// the Unified Plan style mediasoup-client uses, and back:
//
//   - a send transport: the browser offers; the remote answer is written from
//     the transport's parameters and the router's capabilities; produce()
//     returns the rtpParameters read from the local offer (the first codec the
//     router supports and its RTX, the header extensions the router takes,
//     encodings with SSRC and RTX SSRC, or with RIDs for simulcast, the MID,
//     the RTCP CNAME), ready for the server's transport.produce();
//   - a receive transport: the remote offer is written from each consumer's
//     rtpParameters (one m-section per consumer, MID from mediasoup), the
//     browser answers;
//   - the first negotiation of each transport calls `connect` with the DTLS
//     parameters of the local SDP: its fingerprint, and the role the browser
//     takes (a=setup:active means role "client", passive means "server").
//
// What it supports: audio and video (no data channels), Opus and VP8 (any
// codec the router and the browser share is matched by MIME type, clock rate
// and channels; H.264 profiles and VP9 SVC are not negotiated), one encoding,
// or simulcast with RIDs (three on VP8: send encodings with `rid`s, which the
// answer receives with a=rid and a=simulcast:recv). The server's transports
// are ICE-lite: the browser is always the ICE controlling side. Tested with
// Chromium (156, headless, in the acceptance suite's `browser` case).
//
// Bandwidth: the send answer negotiates transport-cc (the SFU sends the
// browser transport-cc feedback on what it receives) but not REMB (the SFU
// sends none); the browser's estimate starts at `startBitrate`
// (x-google-start-bitrate). Consumers negotiate what the router offers, so a
// receiving browser sends transport-cc feedback, from which the SFU estimates
// what it can send it and picks simulcast layers.
//
//   const device = new Device();
//   await device.load(routerRtpCapabilities);
//   const send = device.createSendTransport(transportInfo, { connect: (dtls) => post('connect', dtls) });
//   const { rtpParameters } = await send.produce({ track, encodings });
//   const recv = device.createRecvTransport(transportInfo, { connect: ... });
//   const { track } = await recv.consume({ id, kind, rtpParameters });

/** Feedback and extensions the SFU does not answer yet: never negotiated on a send transport. */
const UNANSWERED_FEEDBACK = new Set(['goog-remb']);
const UNANSWERED_EXTENSIONS = new Set([]);

/** The browser's side of one mediasoup router. */
export class Device {
  /** Keeps the router's RTP capabilities and works out what the browser can receive of them. */
  async load(routerRtpCapabilities) {
    this.routerRtpCapabilities = routerRtpCapabilities;
    this.rtpCapabilities = receivableCapabilities(routerRtpCapabilities);
  }

  /** Whether the router has a codec of `kind` ('audio' or 'video') the browser can send. */
  canProduce(kind) {
    const local = RTCRtpSender.getCapabilities(kind)?.codecs ?? [];
    return this.routerRtpCapabilities.codecs.some(
      (codec) => codec.kind === kind && local.some((mine) => sameCodec(codec, mine)));
  }

  /**
   * A transport that sends the browser's tracks. `info` is the server transport's
   * `{ id, iceParameters, iceCandidates, dtlsParameters }`; `connect(dtlsParameters)`
   * must call the server transport's connect() and resolve when it has.
   */
  createSendTransport(info, { connect, startBitrate = 1000 }) {
    return new SendTransport(info, this.routerRtpCapabilities, connect, startBitrate);
  }

  /** A transport that receives consumers; same arguments as createSendTransport. */
  createRecvTransport(info, { connect }) {
    return new RecvTransport(info, connect);
  }
}

/** What both directions share: the peer connection, one negotiation at a time, connect once. */
class Transport {
  constructor(info, connect) {
    this.id = info.id;
    this._remote = info;
    this._connect = connect;
    this._connected = false;
    this._sessionVersion = 0;
    this._queue = Promise.resolve();
    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  }

  /** The peer connection's state: 'new', 'connecting', 'connected', 'failed', … */
  get connectionState() {
    return this.pc.connectionState;
  }

  close() {
    this.pc.close();
  }

  /** Runs `task` after every negotiation already queued (SDP exchanges must not interleave). */
  _serialize(task) {
    const run = this._queue.then(task);
    this._queue = run.catch(() => {});
    return run;
  }

  /** Calls `connect` with the local SDP's DTLS parameters, the first time only. */
  async _connectOnce(localSdp, remoteSetup) {
    if (this._connected) return;
    const dtlsParameters = localDtlsParameters(parseSdp(localSdp), remoteSetup);
    await this._connect(dtlsParameters);
    this._connected = true;
  }

  /** The session part of a remote description: ICE-lite, fingerprint, BUNDLE of the open sections. */
  _sessionLines(bundleMids, extmapAllowMixed) {
    const { iceParameters, dtlsParameters } = this._remote;
    const fingerprint = dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256')
      ?? dtlsParameters.fingerprints[dtlsParameters.fingerprints.length - 1];
    this._sessionVersion += 1;
    const lines = [
      'v=0',
      `o=mafalda-client 10000 ${this._sessionVersion} IN IP4 0.0.0.0`,
      's=-',
      't=0 0',
    ];
    if (iceParameters.iceLite) lines.push('a=ice-lite');
    lines.push(`a=fingerprint:${fingerprint.algorithm} ${fingerprint.value}`);
    lines.push('a=msid-semantic: WMS *');
    lines.push(`a=group:BUNDLE ${bundleMids.join(' ')}`);
    if (extmapAllowMixed) lines.push('a=extmap-allow-mixed');
    return lines;
  }

  /** ICE lines of the remote side, the same in every m-section. */
  _iceLines() {
    const { iceParameters, iceCandidates } = this._remote;
    const lines = [`a=ice-ufrag:${iceParameters.usernameFragment}`, `a=ice-pwd:${iceParameters.password}`];
    for (const candidate of iceCandidates) {
      let line = `a=candidate:${candidate.foundation} 1 ${candidate.protocol} ${candidate.priority} `
        + `${candidate.address ?? candidate.ip} ${candidate.port} typ ${candidate.type}`;
      if (candidate.tcpType) line += ` tcptype ${candidate.tcpType}`;
      lines.push(line);
    }
    lines.push('a=end-of-candidates', 'a=ice-options:renomination');
    return lines;
  }
}

/** Sends tracks: the browser offers, the answer is the server transport's. */
class SendTransport extends Transport {
  constructor(info, routerRtpCapabilities, connect, startBitrate) {
    super(info, connect);
    this._router = routerRtpCapabilities;
    this._startBitrate = startBitrate;
    this._stream = new MediaStream();
  }

  /**
   * Sends `track`. `encodings`: omitted or one for a single stream; several
   * with a `rid` each (lowest resolution first) for simulcast. Resolves with
   * the rtpParameters for the server's produce() and the transceiver.
   */
  produce({ track, encodings }) {
    return this._serialize(async () => {
      const transceiver = this.pc.addTransceiver(track, {
        direction: 'sendonly', streams: [this._stream], sendEncodings: encodings,
      });
      const offer = await this.pc.createOffer();
      await this._connectOnce(offer.sdp, 'passive');
      await this.pc.setLocalDescription(offer);
      const local = parseSdp(this.pc.localDescription.sdp);
      const section = local.media.find((media) => media.mid === transceiver.mid);
      const rtpParameters = sendRtpParameters(section, this._router, encodings);
      await this.pc.setRemoteDescription({ type: 'answer', sdp: this._answer(local) });
      return { rtpParameters, transceiver };
    });
  }

  /** Stops sending what `produce` started (the server's producer is closed separately). */
  stopProducing(transceiver) {
    return this._serialize(async () => {
      transceiver.stop();
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      await this.pc.setRemoteDescription({ type: 'answer', sdp: this._answer(parseSdp(offer.sdp)) });
    });
  }

  /** The remote answer to the local offer `local`: one receiving m-section per sending one. */
  _answer(local) {
    const open = local.media.filter((media) => media.port !== 0).map((media) => media.mid);
    const lines = this._sessionLines(open, local.session.some((line) => line === 'a=extmap-allow-mixed'));
    for (const media of local.media) {
      const negotiated = media.port === 0 ? null : negotiateSend(media, this._router);
      if (!negotiated) {
        lines.push(`m=${media.kind} 0 ${media.protocol} ${media.formats.join(' ')}`, 'c=IN IP4 0.0.0.0',
          `a=mid:${media.mid}`, 'a=inactive');
        continue;
      }
      const { codecs, extensions } = negotiated;
      lines.push(`m=${media.kind} 7 ${media.protocol} ${codecs.map((codec) => codec.payloadType).join(' ')}`);
      lines.push('c=IN IP4 127.0.0.1', ...this._iceLines(), 'a=setup:passive', `a=mid:${media.mid}`, 'a=recvonly');
      for (const codec of codecs) {
        const parameters = { ...codec.parameters };
        if (media.kind === 'video' && !isRtx(codec) && this._startBitrate) {
          parameters['x-google-start-bitrate'] = this._startBitrate;
        }
        lines.push(...codecLines(codec, parameters));
      }
      for (const extension of extensions) lines.push(`a=extmap:${extension.id} ${extension.uri}`);
      const rids = attributeValues(media.lines, 'rid')
        .map((value) => value.split(' ')).filter(([, direction]) => direction === 'send');
      if (rids.length > 0) {
        for (const [rid] of rids) lines.push(`a=rid:${rid} recv`);
        lines.push(`a=simulcast:recv ${rids.map(([rid]) => rid).join(';')}`);
      }
      lines.push('a=rtcp-mux', 'a=rtcp-rsize');
    }
    return lines.join('\r\n') + '\r\n';
  }
}

/** Receives consumers: the offer is the server transport's, the browser answers. */
class RecvTransport extends Transport {
  constructor(info, connect) {
    super(info, connect);
    this._sections = [];
  }

  /**
   * Receives a consumer: `id`, `kind` and `rtpParameters` as the server's
   * transport.consume() made them; `streamId` groups tracks for lip sync
   * (default: the RTCP CNAME, one per sending peer). Resolves with the track.
   */
  consume({ id, kind, rtpParameters, streamId }) {
    return this._serialize(async () => {
      const mid = rtpParameters.mid ?? `c${this._sections.length}`;
      const cname = rtpParameters.rtcp?.cname || 'mafalda';
      this._sections.push({ id, mid, kind, rtpParameters, streamId: streamId ?? cname, closed: false });
      await this._negotiate();
      const transceiver = this.pc.getTransceivers().find((candidate) => candidate.mid === mid);
      return { track: transceiver.receiver.track, receiver: transceiver.receiver, mid };
    });
  }

  /** Stops receiving the consumer `id` (its m-section is closed). */
  closeConsumer(id) {
    return this._serialize(async () => {
      const section = this._sections.find((candidate) => candidate.id === id && !candidate.closed);
      if (!section) return;
      section.closed = true;
      await this._negotiate();
    });
  }

  async _negotiate() {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: this._offer() });
    const answer = await this.pc.createAnswer();
    await this._connectOnce(answer.sdp, 'actpass');
    await this.pc.setLocalDescription(answer);
  }

  /**
   * The remote offer: a sending m-section per consumer. A closed one keeps its
   * place with port 0, out of the BUNDLE group; the first one, which carries
   * the BUNDLE transport, is only made inactive.
   */
  _offer() {
    const first = this._sections[0]?.mid;
    const bundled = this._sections.filter((section) => !section.closed || section.mid === first);
    const lines = this._sessionLines(bundled.map((section) => section.mid), true);
    for (const section of this._sections) {
      const { codecs, headerExtensions = [], encodings = [], rtcp = {} } = section.rtpParameters;
      const port = section.closed && section.mid !== first ? 0 : 7;
      lines.push(`m=${section.kind} ${port} UDP/TLS/RTP/SAVPF ${codecs.map((codec) => codec.payloadType).join(' ')}`);
      lines.push('c=IN IP4 127.0.0.1', ...this._iceLines(), 'a=setup:actpass', `a=mid:${section.mid}`);
      if (section.closed) {
        lines.push('a=inactive');
        if (port !== 0) lines.push('a=rtcp-mux', 'a=rtcp-rsize');
        for (const codec of codecs) lines.push(...codecLines(codec, codec.parameters ?? {}));
        continue;
      }
      lines.push('a=sendonly', `a=msid:${section.streamId} ${section.id}`, 'a=rtcp-mux', 'a=rtcp-rsize');
      for (const codec of codecs) lines.push(...codecLines(codec, codec.parameters ?? {}));
      for (const extension of headerExtensions) lines.push(`a=extmap:${extension.id} ${extension.uri}`);
      const encoding = encodings[0] ?? {};
      const cname = rtcp.cname || 'mafalda';
      if (encoding.ssrc !== undefined) lines.push(`a=ssrc:${encoding.ssrc} cname:${cname}`);
      if (encoding.rtx?.ssrc !== undefined) {
        lines.push(`a=ssrc:${encoding.rtx.ssrc} cname:${cname}`);
        lines.push(`a=ssrc-group:FID ${encoding.ssrc} ${encoding.rtx.ssrc}`);
      }
    }
    return lines.join('\r\n') + '\r\n';
  }
}

// MARK: Capabilities and parameters

/** The router's codecs and header extensions the browser can receive (for the server's consume()). */
function receivableCapabilities(router) {
  const codecs = [];
  const headerExtensions = [];
  for (const kind of ['audio', 'video']) {
    const local = RTCRtpReceiver.getCapabilities(kind) ?? { codecs: [], headerExtensions: [] };
    for (const codec of router.codecs) {
      if (codec.kind === kind && local.codecs.some((mine) => sameCodec(codec, mine))) codecs.push(codec);
    }
    const uris = new Set(local.headerExtensions.map((extension) => extension.uri));
    for (const extension of router.headerExtensions) {
      if (extension.kind !== kind || !uris.has(extension.uri)) continue;
      if (extension.direction === 'recvonly' || extension.direction === 'inactive') continue;
      headerExtensions.push(extension);
    }
  }
  return { codecs, headerExtensions };
}

/**
 * What a send answer accepts of the offered m-section `media`: the first
 * offered codec the router has and its RTX (the browser's payload types), the
 * offered header extensions the router receives; null when no codec matches.
 */
function negotiateSend(media, router) {
  const offered = mediaCodecs(media);
  const routerCodecs = router.codecs.filter((codec) => codec.kind === media.kind);
  const chosen = offered.find((codec) => !isRtx(codec) && routerCodecs.some((mine) => sameCodec(mine, codec)));
  if (!chosen) return null;
  const routerCodec = routerCodecs.find((mine) => sameCodec(mine, chosen));
  const codecs = [withFeedbackOf(chosen, routerCodec)];
  const rtx = offered.find((codec) => isRtx(codec) && Number(codec.parameters.apt) === chosen.payloadType);
  if (rtx && routerCodecs.some(isRtx)) codecs.push({ ...rtx, rtcpFeedback: [] });
  const extensions = extmaps(media).filter(({ uri }) => !UNANSWERED_EXTENSIONS.has(uri)
    && router.headerExtensions.some((mine) => mine.kind === media.kind && mine.uri === uri
      && (mine.direction === undefined || mine.direction === 'sendrecv' || mine.direction === 'recvonly')));
  return { codecs, extensions };
}

/** The producer's rtpParameters from the local offer's m-section (see the module comment). */
function sendRtpParameters(media, router, encodings) {
  const { codecs, extensions } = negotiateSend(media, router)
    ?? fail(`the router has no ${media.kind} codec the browser offers`);
  const parameters = {
    mid: media.mid,
    codecs: codecs.map(({ mimeType, payloadType, clockRate, channels, parameters, rtcpFeedback }) => (
      { mimeType, payloadType, clockRate, ...(channels ? { channels } : {}), parameters, rtcpFeedback })),
    headerExtensions: extensions.map(({ uri, id }) => ({ uri, id })),
    encodings: [],
    rtcp: { reducedSize: true },
  };
  const ssrcLines = attributeValues(media.lines, 'ssrc').map((value) => value.match(/^(\d+) ([^:]+):?(.*)$/))
    .filter(Boolean);
  const cname = ssrcLines.find((match) => match[2] === 'cname')?.[3];
  if (cname) parameters.rtcp.cname = cname;
  const rids = attributeValues(media.lines, 'rid').map((value) => value.split(' '))
    .filter(([, direction]) => direction === 'send').map(([rid]) => rid);
  if (rids.length > 1) {
    // Simulcast: RIDs instead of SSRCs, in the offer's order (lowest first, as the app gave them).
    parameters.encodings = rids.map((rid) => {
      const wanted = encodings?.find((encoding) => encoding.rid === rid) ?? {};
      const encoding = { rid, scalabilityMode: 'L1T3' };
      if (wanted.maxBitrate) encoding.maxBitrate = wanted.maxBitrate;
      if (wanted.scaleResolutionDownBy) encoding.scaleResolutionDownBy = wanted.scaleResolutionDownBy;
      return encoding;
    });
  } else {
    const fid = attributeValues(media.lines, 'ssrc-group').find((value) => value.startsWith('FID '));
    const [ssrc, rtxSsrc] = fid ? fid.split(' ').slice(1).map(Number) : [Number(ssrcLines[0]?.[1])];
    if (!Number.isFinite(ssrc)) fail(`no SSRC in the offer's m-section ${media.mid}`);
    const encoding = { ssrc };
    if (rtxSsrc && codecs.some(isRtx)) encoding.rtx = { ssrc: rtxSsrc };
    const wanted = encodings?.[0] ?? {};
    if (wanted.maxBitrate) encoding.maxBitrate = wanted.maxBitrate;
    parameters.encodings = [encoding];
  }
  return parameters;
}

/** The DTLS parameters of a local description, for the server's transport.connect(). */
function localDtlsParameters(local, remoteSetup) {
  const lines = [...local.session, ...local.media.flatMap((media) => media.lines)];
  const [algorithm, value] = (attributeValues(lines, 'fingerprint')[0] ?? fail('no fingerprint in the local SDP'))
    .split(' ');
  const setup = attributeValues(lines, 'setup')[0];
  // actpass: the browser offers and the remote answer decides; our answers are passive, so it is active.
  const active = setup === 'active' || (setup === 'actpass' && remoteSetup === 'passive');
  return { role: active ? 'client' : 'server', fingerprints: [{ algorithm: algorithm.toLowerCase(), value }] };
}

function withFeedbackOf(codec, routerCodec) {
  const rtcpFeedback = codec.rtcpFeedback.filter((feedback) => !UNANSWERED_FEEDBACK.has(feedback.type)
    && (routerCodec.rtcpFeedback ?? []).some((mine) => mine.type === feedback.type
      && (mine.parameter ?? '') === (feedback.parameter ?? '')));
  return { ...codec, rtcpFeedback };
}

function sameCodec(a, b) {
  if (a.mimeType.toLowerCase() !== b.mimeType.toLowerCase() || a.clockRate !== b.clockRate) return false;
  return !a.mimeType.toLowerCase().startsWith('audio/') || (a.channels ?? 1) === (b.channels ?? 1);
}

function isRtx(codec) {
  return /\/rtx$/i.test(codec.mimeType);
}

function fail(message) {
  throw new Error(message);
}

// MARK: SDP text

/**
 * An SDP split in a session part and m-sections:
 * `{ session: [lines], media: [{ kind, port, protocol, formats, mid, lines }] }`.
 */
export function parseSdp(text) {
  const sdp = { session: [], media: [] };
  for (const line of text.split(/\r?\n/).filter((candidate) => candidate.length > 0)) {
    if (line.startsWith('m=')) {
      const [kind, port, protocol, ...formats] = line.slice(2).split(' ');
      sdp.media.push({ kind, port: Number(port), protocol, formats, mid: undefined, lines: [] });
    } else if (sdp.media.length > 0) {
      const media = sdp.media[sdp.media.length - 1];
      media.lines.push(line);
      if (line.startsWith('a=mid:')) media.mid = line.slice(6);
    } else {
      sdp.session.push(line);
    }
  }
  return sdp;
}

/** The values of `a=name:value` lines. */
function attributeValues(lines, name) {
  const prefix = `a=${name}:`;
  return lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
}

/** The codecs of an m-section in order: `{ mimeType, payloadType, clockRate, channels, parameters, rtcpFeedback }`. */
function mediaCodecs(media) {
  const codecs = [];
  for (const value of attributeValues(media.lines, 'rtpmap')) {
    const match = value.match(/^(\d+) ([^/]+)\/(\d+)(?:\/(\d+))?$/);
    if (!match) continue;
    const payloadType = Number(match[1]);
    const codec = {
      mimeType: `${media.kind}/${match[2]}`, payloadType, clockRate: Number(match[3]), parameters: {}, rtcpFeedback: [],
    };
    if (media.kind === 'audio') codec.channels = match[4] ? Number(match[4]) : 1;
    for (const fmtp of attributeValues(media.lines, 'fmtp').filter((line) => line.startsWith(`${payloadType} `))) {
      for (const pair of fmtp.slice(fmtp.indexOf(' ') + 1).split(';')) {
        const [key, parameter] = pair.trim().split('=');
        if (!key) continue;
        codec.parameters[key] = /^\d+$/.test(parameter ?? '') ? Number(parameter) : parameter;
      }
    }
    const feedbackLines = attributeValues(media.lines, 'rtcp-fb').filter((line) => line.startsWith(`${payloadType} `));
    for (const feedback of feedbackLines) {
      const [, type, parameter] = feedback.split(' ');
      codec.rtcpFeedback.push(parameter ? { type, parameter } : { type });
    }
    codecs.push(codec);
  }
  return codecs;
}

/** The header extensions of an m-section: `{ id, uri }`. */
function extmaps(media) {
  return attributeValues(media.lines, 'extmap').map((value) => {
    const [id, uri] = value.split(' ');
    return { id: Number(id.split('/')[0]), uri };
  });
}

/** a=rtpmap, a=rtcp-fb and a=fmtp lines of one codec. */
function codecLines(codec, parameters) {
  const name = codec.mimeType.split('/')[1];
  const channels = codec.channels > 1 ? `/${codec.channels}` : '';
  const lines = [`a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`];
  for (const feedback of codec.rtcpFeedback ?? []) {
    lines.push(`a=rtcp-fb:${codec.payloadType} ${feedback.type}${feedback.parameter ? ` ${feedback.parameter}` : ''}`);
  }
  const fmtp = Object.entries(parameters).map(([key, value]) => `${key}=${value}`).join(';');
  if (fmtp) lines.push(`a=fmtp:${codec.payloadType} ${fmtp}`);
  return lines;
}
