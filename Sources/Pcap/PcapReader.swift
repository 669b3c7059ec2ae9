import CPcap

/// Reads the UDP datagrams of a capture file (pcap, or pcapng with one interface) through
/// libpcap (`pcap_open_offline`, `pcap_next_ex`), with link, IP and UDP headers stripped.
///
/// Records that carry no whole UDP datagram (other protocols, IP fragments, frames cut short by
/// the snapshot length) are skipped and counted in ``skipped``. A file that ends inside a record
/// is an error: ``nextPacket()`` throws it, and iteration stops there and keeps it in ``error``.
///
/// ```swift
/// let reader = try PcapReader(path: "Fixtures/vp8.pcap")
/// for packet in reader where packet.destination.port == 40002 {
///     handle(packet.payload)  // one RTP packet
/// }
/// if let error = reader.error { throw error }
/// ```
///
/// - Important: The reader holds one open file. Copies of it, and its iterators, share that
///   file and its position: each record is read once. It is not `Sendable`; use it on one task.
public struct PcapReader: Sequence {
    /// The capture's link type (`pcap_datalink`).
    public let linkType: PcapLinkType
    /// The capture's snapshot length: the most bytes of any packet the file holds.
    public let snapshotLength: Int

    private let file: File

    /// Opens the capture at `path`. Throws ``PcapError/open(path:message:)`` with libpcap's
    /// message when libpcap cannot open or recognise it, and
    /// ``PcapError/unsupportedLinkType(_:name:)`` for a link type ``PcapUDPDatagram`` does not decode.
    public init(path: String) throws(PcapError) {
        var message = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        let opened = message.withUnsafeMutableBufferPointer { buffer in
            pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_MICRO), buffer.baseAddress)
        }
        guard let pcap = opened else {
            let text = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            throw .open(path: path, message: String(decoding: text, as: UTF8.self))
        }
        let linkType = PcapLinkType(rawValue: pcap_datalink(pcap))
        guard PcapLinkType.supported.contains(linkType) else {
            let name = pcap_datalink_val_to_name(linkType.rawValue).map { String(cString: $0) }
            pcap_close(pcap)
            throw .unsupportedLinkType(linkType, name: name)
        }
        self.linkType = linkType
        self.snapshotLength = Int(pcap_snapshot(pcap))
        self.file = File(pcap: pcap, linkType: linkType)
    }

    /// Records skipped so far, by reason.
    public var skipped: PcapSkipCounts { file.skipped }

    /// Records read so far, skipped ones included.
    public var recordsRead: Int { file.records }

    /// The error that ended iteration, or `nil` if it ended at the end of the file (or has not ended).
    public var error: PcapError? { file.error }

    /// Reads records up to the next UDP datagram and returns it with its payload copied, or
    /// `nil` at the end of the file.
    public func nextPacket() throws(PcapError) -> PcapPacket? {
        try file.withNextDatagram(Self.packet)
    }

    /// Copies a lent datagram into a ``PcapPacket``.
    private static func packet(
        _ timestamp: PcapTimestamp, _ datagram: PcapUDPDatagram, _ frame: UnsafeRawBufferPointer, _ record: Int
    ) -> PcapPacket {
        PcapPacket(
            timestamp: timestamp, source: datagram.source, destination: datagram.destination,
            payload: Array(frame[datagram.payload]), recordIndex: record
        )
    }

    /// Reads records up to the next UDP datagram and lends `body` its timestamp, its decoded
    /// headers, the whole frame (``PcapUDPDatagram/payload`` is a range in it) and the record's
    /// index, copying nothing. Returns `body`'s result, or `nil` at the end of the file.
    ///
    /// - Important: The frame belongs to libpcap and is valid only during `body`.
    public func withNextDatagram<Result>(
        _ body: (PcapTimestamp, PcapUDPDatagram, UnsafeRawBufferPointer, Int) -> Result
    ) throws(PcapError) -> Result? {
        try file.withNextDatagram(body)
    }

    /// An iterator over the remaining UDP datagrams. It ends at the end of the file or at the
    /// first read error, which ``PcapReader/error`` then holds.
    public func makeIterator() -> Iterator { Iterator(file: file) }

    /// Iterates over the UDP datagrams of the capture (see ``PcapReader/makeIterator()``).
    public struct Iterator: IteratorProtocol {
        fileprivate let file: File

        /// The next UDP datagram, or `nil` at the end of the file or after a read error.
        public mutating func next() -> PcapPacket? {
            do {
                return try file.withNextDatagram(PcapReader.packet)
            } catch {
                return nil
            }
        }
    }

    /// The open libpcap handle, closed when the last reader or iterator sharing it goes away.
    fileprivate final class File {
        let pcap: OpaquePointer
        let linkType: PcapLinkType
        var skipped = PcapSkipCounts()
        var records = 0
        var error: PcapError?
        var finished = false

        init(pcap: OpaquePointer, linkType: PcapLinkType) {
            self.pcap = pcap
            self.linkType = linkType
        }

        deinit { pcap_close(pcap) }

        func withNextDatagram<Result>(
            _ body: (PcapTimestamp, PcapUDPDatagram, UnsafeRawBufferPointer, Int) -> Result
        ) throws(PcapError) -> Result? {
            if let error { throw error }
            while !finished {
                var header: UnsafeMutablePointer<pcap_pkthdr>?
                var data: UnsafePointer<UInt8>?
                let status = pcap_next_ex(pcap, &header, &data)
                guard status == 1 else {
                    finished = true
                    if status == PCAP_ERROR_BREAK { return nil }  // the end of the file
                    let failure = PcapError.read(record: records, message: String(cString: pcap_geterr(pcap)))
                    error = failure
                    throw failure
                }
                let record = records
                records += 1
                guard let header, let data else {
                    skipped.truncated += 1
                    continue
                }
                let frame = UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen))
                let datagram: PcapUDPDatagram
                do {
                    datagram = try PcapUDPDatagram(parsing: frame, linkType: linkType)
                } catch {
                    skipped[error] += 1
                    continue
                }
                let timestamp = PcapTimestamp(
                    seconds: Int64(header.pointee.ts.tv_sec),
                    microseconds: Int32(truncatingIfNeeded: header.pointee.ts.tv_usec)
                )
                return body(timestamp, datagram, frame, record)
            }
            return nil
        }
    }
}
