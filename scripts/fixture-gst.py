#!/usr/bin/python3
"""Sends the GStreamer-made fixture streams to 127.0.0.1 (used by scripts/make-fixtures).

    fixture-gst.py opus PORT        Opus 48 kHz stereo from libopus (opusenc), PT 100, SSRC 11111111,
                                    with ssrc-audio-level (RFC 6464, id 10) and mid "0" (id 1).
                                    3 s: 1 s tone, 1 s silence, 1 s quieter tone.
    fixture-gst.py simulcast PORT   three VP8 encodings (160x90, 320x180, 640x360, 30 fps, 3 s),
                                    PT 96, SSRCs 2001/2002/2003, rid r0/r1/r2 (RFC 8852, id 2) and
                                    mid "1" (RFC 8843, id 1) on every packet, one UDP flow (rtpfunnel).
    fixture-gst.py temporal PORT    VP8 with three temporal layers (L1T3: layer ids 0,2,1,2 repeating,
                                    libvpx's own pattern), 320x240 at 30 fps, 3 s, PT 96, SSRC 5555,
                                    15-bit picture ids; the payloader writes TID, Y and TL0PICIDX
                                    (RFC 7741) from the encoder's temporal-layer meta.

The header extensions are added with the payloaders' `add-extension` action: plain gst-launch
cannot set their ids and values. Needs python3-gi and gir1.2-gstreamer-1.0 (GStreamer 1.22).
The ids follow mediasoup's supported RTP capabilities (mid 1, rid 2, ssrc-audio-level 10).
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtp", "1.0")
gi.require_version("GstAudio", "1.0")
from gi.repository import GLib, Gst, GstAudio, GstRtp  # noqa: E402

MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid"
RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"


def extension(uri, ext_id, **properties):
    ext = GstRtp.RTPHeaderExtension.create_from_uri(uri)
    if ext is None:
        sys.exit(f"fixture-gst: GStreamer has no header extension for {uri}")
    ext.set_id(ext_id)
    for name, value in properties.items():
        ext.set_property(name, value)
    return ext


def run(pipeline):
    loop = GLib.MainLoop()
    failure = []

    def on_message(_bus, message):
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            failure.append(f"{error.message} ({debug})")
            loop.quit()
        elif message.type == Gst.MessageType.EOS:
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    pipeline.set_state(Gst.State.PLAYING)
    GLib.timeout_add_seconds(30, loop.quit)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    if failure:
        sys.exit("fixture-gst: " + failure[0])


def opus(port):
    # 20 ms buffers so that one buffer is one Opus frame and one RTP packet.
    pipeline = Gst.parse_launch(
        "audiotestsrc name=src is-live=true wave=sine freq=440 volume=0.5 samplesperbuffer=960 num-buffers=150"
        " ! audio/x-raw,rate=48000,channels=2"
        " ! level audio-level-meta=true"
        " ! opusenc name=encoder bitrate=32000 frame-size=20"
        " ! rtpopuspay name=pay pt=100 ssrc=11111111"
        f" ! udpsink host=127.0.0.1 port={port} sync=false async=false"
    )
    pay = pipeline.get_by_name("pay")
    pay.emit("add-extension", extension(MID_URI, 1, mid="0"))
    pay.emit("add-extension", extension(AUDIO_LEVEL_URI, 10))

    # Tone (buffers 0-49), silence (50-99), a quieter tone (100-149): the volume is set from
    # the source's own buffer count so the pattern does not depend on wall-clock timing.
    source = pipeline.get_by_name("src")
    count = [0]

    def on_buffer(_pad, _info):
        count[0] += 1
        source.set_property("volume", 0.0 if 49 <= count[0] < 99 else (0.5 if count[0] < 49 else 0.05))
        return Gst.PadProbeReturn.OK

    source.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_buffer)

    # GStreamer 1.22's level element writes 187 for digital silence into GstAudioLevelMeta, a
    # value outside RFC 6464's 0-127 (-dBov) that the extension then truncates to 7 bits (59).
    # Clamp it to 127, the level RFC 6464 gives to silence, before the encoder carries it on.
    def clamp_level(_pad, info):
        meta = GstAudio.buffer_get_audio_level_meta(info.get_buffer())
        if meta is not None and meta.level > 127:
            meta.level = 127
        return Gst.PadProbeReturn.OK

    pipeline.get_by_name("encoder").get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, clamp_level)
    run(pipeline)


def simulcast(port):
    layers = [("r0", 2001, 160, 90, 80000), ("r1", 2002, 320, 180, 200000), ("r2", 2003, 640, 360, 500000)]
    branches = []
    for index, (rid, ssrc, width, height, bitrate) in enumerate(layers):
        branches.append(
            f" t. ! queue ! videoscale ! video/x-raw,width={width},height={height}"
            f" ! vp8enc deadline=1 cpu-used=8 threads=1 end-usage=cbr target-bitrate={bitrate} keyframe-max-dist=30"
            f" ! rtpvp8pay name=pay{index} pt=96 ssrc={ssrc} mtu=1200 picture-id-mode=15-bit"
            f" ! funnel.sink_{index}"
        )
    pipeline = Gst.parse_launch(
        "videotestsrc is-live=true pattern=smpte horizontal-speed=4 num-buffers=90"
        " ! video/x-raw,width=640,height=360,framerate=30/1 ! tee name=t"
        f" rtpfunnel name=funnel ! udpsink host=127.0.0.1 port={port} sync=false async=false"
        + "".join(branches)
    )
    for index, (rid, _ssrc, _w, _h, _b) in enumerate(layers):
        pay = pipeline.get_by_name(f"pay{index}")
        pay.emit("add-extension", extension(MID_URI, 1, mid="1"))
        pay.emit("add-extension", extension(RID_URI, 2, rid=rid))
    run(pipeline)


def temporal(port):
    # Layer 0 every 4th frame (7.5 fps), layer 1 between (15 fps), layer 2 the rest (30 fps);
    # target bitrates are cumulative per layer, in bits/s. The layer properties are value
    # arrays, which gst-launch syntax cannot set: they are set on the element.
    pipeline = Gst.parse_launch(
        "videotestsrc is-live=true pattern=smpte horizontal-speed=4 num-buffers=90"
        " ! video/x-raw,width=320,height=240,framerate=30/1"
        " ! vp8enc name=encoder deadline=1 cpu-used=8 threads=1 end-usage=cbr target-bitrate=300000"
        " keyframe-max-dist=30 temporal-scalability-number-layers=3 temporal-scalability-periodicity=4"
        # Per frame of the period: what it references and updates (libvpx's 3-layer pattern:
        # layer 0 refs and updates last; layer 1 refs last, updates golden; layer 2 updates nothing).
        " temporal-scalability-layer-flags=\"<no-ref-golden+no-ref-alt+no-upd-golden+no-upd-alt,"
        "no-ref-golden+no-ref-alt+no-upd-last+no-upd-golden+no-upd-alt+no-upd-entropy,"
        "no-ref-golden+no-ref-alt+no-upd-last+no-upd-alt,"
        "no-ref-alt+no-upd-last+no-upd-golden+no-upd-alt+no-upd-entropy>\""
        " temporal-scalability-layer-sync-flags=\"<false,true,true,false>\""
        " ! rtpvp8pay pt=96 ssrc=5555 mtu=1200 picture-id-mode=15-bit"
        f" ! udpsink host=127.0.0.1 port={port} sync=false async=false"
    )
    encoder = pipeline.get_by_name("encoder")
    encoder.set_property("temporal-scalability-layer-id", [0, 2, 1, 2])
    encoder.set_property("temporal-scalability-rate-decimator", [4, 2, 1])
    encoder.set_property("temporal-scalability-target-bitrate", [120000, 200000, 300000])
    run(pipeline)


def main():
    senders = {"opus": opus, "simulcast": simulcast, "temporal": temporal}
    if len(sys.argv) != 3 or sys.argv[1] not in senders:
        sys.exit(__doc__)
    Gst.init(None)
    senders[sys.argv[1]](int(sys.argv[2]))


if __name__ == "__main__":
    main()
