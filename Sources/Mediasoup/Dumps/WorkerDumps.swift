/// `worker.dump()`.
public struct WorkerDump: Sendable, Hashable, Codable {
    /// Ids of every live entity registered in the worker's channel.
    public struct ChannelMessageHandlers: Sendable, Hashable, Codable {
        /// Ids of the live entities (routers, WebRtcServers, transports, producers, …) that handle channel requests.
        public var channelRequestHandlers: [String]
        /// Ids of the entities that handle channel notifications.
        public var channelNotificationHandlers: [String]
        /// Creates the lists; both default to empty.
        public init(channelRequestHandlers: [String] = [], channelNotificationHandlers: [String] = []) {
            self.channelRequestHandlers = channelRequestHandlers
            self.channelNotificationHandlers = channelNotificationHandlers
        }
    }

    /// io_uring counters, where the worker uses io_uring.
    public struct Liburing: Sendable, Hashable, Codable {
        /// io_uring submission queue entries processed.
        public var sqeProcessCount: Int
        /// Times io_uring had no free submission queue entry for a send.
        public var sqeMissCount: Int
        /// Times no free user-data slot was available for an io_uring send.
        public var userDataMissCount: Int
        /// Creates the io_uring counters.
        public init(sqeProcessCount: Int, sqeMissCount: Int, userDataMissCount: Int) {
            self.sqeProcessCount = sqeProcessCount
            self.sqeMissCount = sqeMissCount
            self.userDataMissCount = userDataMissCount
        }
    }

    /// Process id (`getpid()`) of the process running the worker.
    public var pid: Int
    /// Ids of the worker's WebRtcServers.
    public var webRtcServerIds: [String]
    /// Ids of the worker's routers.
    public var routerIds: [String]
    /// Ids of the entities registered on the worker's channel.
    public var channelMessageHandlers: ChannelMessageHandlers
    /// io_uring counters; absent where the worker does not use io_uring.
    public var liburing: Liburing?

    /// Creates a worker dump; the id lists default to empty and `liburing` to absent.
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
    /// User CPU time used, in milliseconds.
    public var ru_utime: Double
    /// System CPU time used, in milliseconds.
    public var ru_stime: Double
    /// Maximum resident set size, as getrusage(2) gives it (kilobytes on Linux, bytes on macOS).
    public var ru_maxrss: Int
    /// Integral shared memory size (0 where the OS does not maintain it, as on Linux).
    public var ru_ixrss: Int
    /// Integral unshared data size (0 where the OS does not maintain it, as on Linux).
    public var ru_idrss: Int
    /// Integral unshared stack size (0 where the OS does not maintain it, as on Linux).
    public var ru_isrss: Int
    /// Page reclaims (soft page faults).
    public var ru_minflt: Int
    /// Page faults that needed I/O (hard page faults).
    public var ru_majflt: Int
    /// Swaps (0 where the OS does not maintain it, as on Linux).
    public var ru_nswap: Int
    /// Block input operations.
    public var ru_inblock: Int
    /// Block output operations.
    public var ru_oublock: Int
    /// IPC messages sent (0 where the OS does not maintain it, as on Linux).
    public var ru_msgsnd: Int
    /// IPC messages received (0 where the OS does not maintain it, as on Linux).
    public var ru_msgrcv: Int
    /// Signals received (0 where the OS does not maintain it, as on Linux).
    public var ru_nsignals: Int
    /// Voluntary context switches.
    public var ru_nvcsw: Int
    /// Involuntary context switches.
    public var ru_nivcsw: Int

    /// Creates a usage record; every field defaults to 0.
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
    /// IP address the socket or TCP server is bound to.
    public var ip: String
    /// Port it is bound to.
    public var port: UInt16
    /// Creates an `{ip, port}` pair.
    public init(ip: String, port: UInt16) {
        self.ip = ip
        self.port = port
    }
}

/// `webRtcServer.dump()`.
public struct WebRtcServerDump: Sendable, Hashable, Codable {
    /// One `{localIceUsernameFragment, webRtcTransportId}` entry: the transport an ICE username fragment belongs to.
    public struct IceUsernameFragment: Sendable, Hashable, Codable {
        /// Local ICE username fragment of a WebRtcTransport (after `restartIce`, old and new ones are listed).
        public var localIceUsernameFragment: String
        /// Id of the WebRtcTransport it belongs to.
        public var webRtcTransportId: String
        /// Creates an entry mapping `localIceUsernameFragment` to `webRtcTransportId`.
        public init(localIceUsernameFragment: String, webRtcTransportId: String) {
            self.localIceUsernameFragment = localIceUsernameFragment
            self.webRtcTransportId = webRtcTransportId
        }
    }

    /// One `{tupleHash, webRtcTransportId}` entry: the transport a connected tuple belongs to.
    public struct TupleHash: Sendable, Hashable, Codable {
        /// Hash the worker computes to identify the tuple.
        public var tupleHash: UInt64
        /// Id of the WebRtcTransport the tuple belongs to.
        public var webRtcTransportId: String
        /// Creates an entry mapping `tupleHash` to `webRtcTransportId`.
        public init(tupleHash: UInt64, webRtcTransportId: String) {
            self.tupleHash = tupleHash
            self.webRtcTransportId = webRtcTransportId
        }
    }

    /// Id of the WebRtcServer.
    public var id: String
    /// The server's UDP sockets.
    public var udpSockets: [IpPort]
    /// The server's listening TCP servers.
    public var tcpServers: [IpPort]
    /// Ids of the WebRtcTransports using the server.
    public var webRtcTransportIds: [String]
    /// Which transport each local ICE username fragment belongs to.
    public var localIceUsernameFragments: [IceUsernameFragment]
    /// Which transport each connected tuple belongs to.
    public var tupleHashes: [TupleHash]

    /// Creates a WebRtcServer dump; the lists default to empty.
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
    /// Id of the router.
    public var id: String
    /// Ids of the router's transports.
    public var transportIds: [String]
    /// Ids of the router's RTP observers (ActiveSpeakerObserver, AudioLevelObserver).
    public var rtpObserverIds: [String]
    /// Every live producer has an entry, with `values: []` when nothing consumes it.
    public var mapProducerIdConsumerIds: [KeyValues<String, String>]
    /// `{key: consumer id, value: producer id}` for every consumer.
    public var mapConsumerIdProducerId: [KeyValue<String, String>]
    /// `{key: producer id, values: ids of the RTP observers watching it}`.
    public var mapProducerIdObserverIds: [KeyValues<String, String>]
    /// `{key: data producer id, values: data consumer ids}` for every data producer, `values: []` when none.
    public var mapDataProducerIdDataConsumerIds: [KeyValues<String, String>]
    /// `{key: data consumer id, value: data producer id}` for every data consumer.
    public var mapDataConsumerIdDataProducerId: [KeyValue<String, String>]

    /// Creates a router dump; the lists default to empty.
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
