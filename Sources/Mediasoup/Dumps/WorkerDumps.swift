/// `worker.dump()`.
public struct WorkerDump: Sendable, Hashable, Codable {
    /// Ids of every live entity registered in the worker's channel.
    public struct ChannelMessageHandlers: Sendable, Hashable, Codable {
        public var channelRequestHandlers: [String]
        public var channelNotificationHandlers: [String]
        public init(channelRequestHandlers: [String] = [], channelNotificationHandlers: [String] = []) {
            self.channelRequestHandlers = channelRequestHandlers
            self.channelNotificationHandlers = channelNotificationHandlers
        }
    }

    /// io_uring counters, where the worker uses io_uring.
    public struct Liburing: Sendable, Hashable, Codable {
        public var sqeProcessCount: Int
        public var sqeMissCount: Int
        public var userDataMissCount: Int
        public init(sqeProcessCount: Int, sqeMissCount: Int, userDataMissCount: Int) {
            self.sqeProcessCount = sqeProcessCount
            self.sqeMissCount = sqeMissCount
            self.userDataMissCount = userDataMissCount
        }
    }

    public var pid: Int
    public var webRtcServerIds: [String]
    public var routerIds: [String]
    public var channelMessageHandlers: ChannelMessageHandlers
    public var liburing: Liburing?

    public init(
        pid: Int,
        webRtcServerIds: [String] = [],
        routerIds: [String] = [],
        channelMessageHandlers: ChannelMessageHandlers = .init(),
        liburing: Liburing? = nil
    ) {
        self.pid = pid
        self.webRtcServerIds = webRtcServerIds
        self.routerIds = routerIds
        self.channelMessageHandlers = channelMessageHandlers
        self.liburing = liburing
    }
}

/// `worker.getResourceUsage()`: getrusage(2) of the worker process (times in ms).
public struct WorkerResourceUsage: Sendable, Hashable, Codable {
    public var ru_utime: Double
    public var ru_stime: Double
    public var ru_maxrss: Int
    public var ru_ixrss: Int
    public var ru_idrss: Int
    public var ru_isrss: Int
    public var ru_minflt: Int
    public var ru_majflt: Int
    public var ru_nswap: Int
    public var ru_inblock: Int
    public var ru_oublock: Int
    public var ru_msgsnd: Int
    public var ru_msgrcv: Int
    public var ru_nsignals: Int
    public var ru_nvcsw: Int
    public var ru_nivcsw: Int

    public init(
        ru_utime: Double = 0, ru_stime: Double = 0, ru_maxrss: Int = 0, ru_ixrss: Int = 0, ru_idrss: Int = 0,
        ru_isrss: Int = 0, ru_minflt: Int = 0, ru_majflt: Int = 0, ru_nswap: Int = 0, ru_inblock: Int = 0,
        ru_oublock: Int = 0, ru_msgsnd: Int = 0, ru_msgrcv: Int = 0, ru_nsignals: Int = 0, ru_nvcsw: Int = 0,
        ru_nivcsw: Int = 0
    ) {
        self.ru_utime = ru_utime
        self.ru_stime = ru_stime
        self.ru_maxrss = ru_maxrss
        self.ru_ixrss = ru_ixrss
        self.ru_idrss = ru_idrss
        self.ru_isrss = ru_isrss
        self.ru_minflt = ru_minflt
        self.ru_majflt = ru_majflt
        self.ru_nswap = ru_nswap
        self.ru_inblock = ru_inblock
        self.ru_oublock = ru_oublock
        self.ru_msgsnd = ru_msgsnd
        self.ru_msgrcv = ru_msgrcv
        self.ru_nsignals = ru_nsignals
        self.ru_nvcsw = ru_nvcsw
        self.ru_nivcsw = ru_nivcsw
    }
}

/// An `{ip, port}` pair in a WebRtcServer dump.
public struct IpPort: Sendable, Hashable, Codable {
    public var ip: String
    public var port: UInt16
    public init(ip: String, port: UInt16) {
        self.ip = ip
        self.port = port
    }
}

/// `webRtcServer.dump()`.
public struct WebRtcServerDump: Sendable, Hashable, Codable {
    public struct IceUsernameFragment: Sendable, Hashable, Codable {
        public var localIceUsernameFragment: String
        public var webRtcTransportId: String
        public init(localIceUsernameFragment: String, webRtcTransportId: String) {
            self.localIceUsernameFragment = localIceUsernameFragment
            self.webRtcTransportId = webRtcTransportId
        }
    }

    public struct TupleHash: Sendable, Hashable, Codable {
        public var tupleHash: UInt64
        public var webRtcTransportId: String
        public init(tupleHash: UInt64, webRtcTransportId: String) {
            self.tupleHash = tupleHash
            self.webRtcTransportId = webRtcTransportId
        }
    }

    public var id: String
    public var udpSockets: [IpPort]
    public var tcpServers: [IpPort]
    public var webRtcTransportIds: [String]
    public var localIceUsernameFragments: [IceUsernameFragment]
    public var tupleHashes: [TupleHash]

    public init(
        id: String, udpSockets: [IpPort] = [], tcpServers: [IpPort] = [], webRtcTransportIds: [String] = [],
        localIceUsernameFragments: [IceUsernameFragment] = [], tupleHashes: [TupleHash] = []
    ) {
        self.id = id
        self.udpSockets = udpSockets
        self.tcpServers = tcpServers
        self.webRtcTransportIds = webRtcTransportIds
        self.localIceUsernameFragments = localIceUsernameFragments
        self.tupleHashes = tupleHashes
    }
}

/// `router.dump()`: the router's entities and how they are wired.
public struct RouterDump: Sendable, Hashable, Codable {
    public var id: String
    public var transportIds: [String]
    public var rtpObserverIds: [String]
    /// Every live producer has an entry, with `values: []` when nothing consumes it.
    public var mapProducerIdConsumerIds: [KeyValues<String, String>]
    public var mapConsumerIdProducerId: [KeyValue<String, String>]
    public var mapProducerIdObserverIds: [KeyValues<String, String>]
    public var mapDataProducerIdDataConsumerIds: [KeyValues<String, String>]
    public var mapDataConsumerIdDataProducerId: [KeyValue<String, String>]

    public init(
        id: String, transportIds: [String] = [], rtpObserverIds: [String] = [],
        mapProducerIdConsumerIds: [KeyValues<String, String>] = [],
        mapConsumerIdProducerId: [KeyValue<String, String>] = [],
        mapProducerIdObserverIds: [KeyValues<String, String>] = [],
        mapDataProducerIdDataConsumerIds: [KeyValues<String, String>] = [],
        mapDataConsumerIdDataProducerId: [KeyValue<String, String>] = []
    ) {
        self.id = id
        self.transportIds = transportIds
        self.rtpObserverIds = rtpObserverIds
        self.mapProducerIdConsumerIds = mapProducerIdConsumerIds
        self.mapConsumerIdProducerId = mapConsumerIdProducerId
        self.mapProducerIdObserverIds = mapProducerIdObserverIds
        self.mapDataProducerIdDataConsumerIds = mapDataProducerIdDataConsumerIds
        self.mapDataConsumerIdDataProducerId = mapDataConsumerIdDataProducerId
    }
}
