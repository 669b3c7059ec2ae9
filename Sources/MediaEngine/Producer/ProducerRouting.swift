import Mediasoup
import RTP

/// What a producer's packet path needs of its parameters, resolved once
/// when the first packet arrives instead of per packet: per codec its
/// payload type, RTX flag, router payload type and payload parser; per
/// encoding its SSRCs and RID; the header extension ids by URI. A class:
/// the packet path holds it with one reference, not one per array.
package final class ProducerRouting {
    /// The most header extensions of a producer whose values are handed to consumers.
    package static let maxExtensions = 32

    // Per codec, in the order of the producer's rtpParameters.codecs.
    package let payloadTypes: [UInt8]
    package let isRtx: [Bool]
    /// For an RTX codec, the payload type it repairs (`apt`).
    package let repairedPayloadTypes: [UInt8?]
    /// The router's payload type (rtpMapping), nil when the mapping has none.
    package let mappedPayloadTypes: [UInt8?]
    package let payloadCodecs: [CodecPayload.Codec?]
    package let mimeTypes: [String]
    package let clockRates: [Int]

    // Per encoding.
    package let ssrcs: [UInt32]
    package let rtxSsrcs: [UInt32?]
    package let rids: [String?]
    /// The mapped SSRC (rtpMapping), nil past the mapping's encodings.
    package let mappedSsrcs: [UInt32?]
    /// Whether the encoding's codec negotiated generic NACK.
    package let usesNack: [Bool]

    /// The producer's header extensions (at most ``maxExtensions``), in order.
    package let extensionIds: [UInt8]
    package let extensionUris: [RtpHeaderExtensionUri]
    package let ridExtensionId: UInt8?
    package let audioLevelExtensionId: UInt8?

    package init(_ parameters: WorkerRtpParameters, mapping: RtpMapping) {
        payloadTypes = parameters.codecs.map(\.payloadType)
        isRtx = parameters.mimeTypes.map(\.isRtx)
        repairedPayloadTypes = parameters.codecs.indices.map { index in
            guard parameters.mimeTypes[index].isRtx else { return nil }
            return parameters.codecs[index].parameters?["apt"]?.intValue.flatMap { UInt8(exactly: $0) }
        }
        mappedPayloadTypes = parameters.codecs.map { codec in
            mapping.codecs.first { $0.payloadType == codec.payloadType }?.mappedPayloadType
        }
        mimeTypes = parameters.mimeTypes.map(\.string)
        payloadCodecs = mimeTypes.map { CodecPayload.Codec(mimeType: $0) }
        clockRates = parameters.codecs.map(\.clockRate)
        ssrcs = parameters.encodings.map(\.ssrc)
        rtxSsrcs = parameters.encodings.map(\.rtxSsrc)
        rids = parameters.encodings.map(\.rid)
        mappedSsrcs = parameters.encodings.indices.map { index in
            index < mapping.encodings.count ? mapping.encodings[index].mappedSsrc : nil
        }
        usesNack = parameters.encodings.map(parameters.usesNack)
        let extensions = parameters.headerExtensions.prefix(Self.maxExtensions)
        extensionIds = extensions.map(\.id)
        extensionUris = extensions.map(\.uri)
        ridExtensionId = parameters.headerExtensions.first { $0.uri == .rtpStreamId }?.id
        audioLevelExtensionId = parameters.headerExtensions.first { $0.uri == .audioLevel }?.id
    }

    /// The index of the codec with `payloadType`.
    package func codecIndex(payloadType: UInt8) -> Int? {
        payloadTypes.firstIndex(of: payloadType)
    }

    /// Finds the value of each header extension in `packet` (the first
    /// element with its id, as ``RTPHeaderFields/extensionValueRange(id:in:)``)
    /// and writes where it lies into `values` (``maxExtensions`` of them).
    package func locateExtensions(
        in packet: UnsafeRawBufferPointer, header: RTPHeaderFields, into values: UnsafeMutablePointer<ExtensionValue>
    ) {
        let count = extensionIds.count
        for index in 0..<count { values[index] = .absent }
        guard header.extension, count > 0 else { return }
        for element in header.extensionElements(in: packet) {
            for index in 0..<count where extensionIds[index] == element.id && !values[index].isPresent {
                values[index] = ExtensionValue(
                    start: Int32(element.valueRange.lowerBound), count: Int32(element.valueRange.count))
            }
        }
    }
}
