/// A layer that offers a mediasoup object when it is available: Mafalda's
/// "Mediasoup manager" (remote client, mock, vertical, horizontal).
///
/// `mediasoup` is nil while unavailable (not yet connected, or destroyed).
/// ``ManagerEvent/mediasoup(_:)`` fires with the object when it becomes
/// available and with nil when it goes away. After ``destroy()``, the manager
/// is final.
public protocol MediasoupManager: AnyObject, Sendable {
    var mediasoup: (any MediasoupAPI)? { get }
    var events: EventEmitter<ManagerEvent> { get }
    var destroyed: Bool { get }
    /// Host and process figures; nil while unavailable.
    func getStats() async throws -> MediasoupStats?
    /// Closes everything the manager owns. - Throws: ``InvalidStateError`` when already destroyed.
    func destroy() throws
}

/// Events of a ``MediasoupManager``.
public enum ManagerEvent: Sendable {
    /// The mediasoup object became available (non-nil) or went away (nil).
    case mediasoup((any MediasoupAPI)?)
    case error(any Error)
}

/// What `getStats()` of a manager returns (Mafalda's getStats factory shape).
public struct MediasoupStats: Sendable, Hashable, Codable {
    /// The whole host.
    public struct OS: Sendable, Hashable, Codable {
        public struct CPU: Sendable, Hashable, Codable {
            /// Milliseconds spent in each mode since boot.
            public struct Times: Sendable, Hashable, Codable {
                public var user: Double
                public var nice: Double
                public var sys: Double
                public var idle: Double
                public var irq: Double
                public init(user: Double, nice: Double, sys: Double, idle: Double, irq: Double) {
                    self.user = user
                    self.nice = nice
                    self.sys = sys
                    self.idle = idle
                    self.irq = irq
                }
            }
            public var model: String
            /// MHz.
            public var speed: Double
            public var times: Times
            public init(model: String, speed: Double, times: Times) {
                self.model = model
                self.speed = speed
                self.times = times
            }
        }
        public var availableParallelism: Int
        public var cpus: [CPU]
        public var freemem: Int
        public var totalmem: Int
        /// 1, 5 and 15 minutes.
        public var loadavg: [Double]
        /// Seconds.
        public var uptime: Double
        public init(
            availableParallelism: Int, cpus: [CPU], freemem: Int, totalmem: Int, loadavg: [Double], uptime: Double
        ) {
            self.availableParallelism = availableParallelism
            self.cpus = cpus
            self.freemem = freemem
            self.totalmem = totalmem
            self.loadavg = loadavg
            self.uptime = uptime
        }
    }

    /// One worker process.
    public struct PidUsage: Sendable, Hashable, Codable {
        /// Percent of one core (0 to 100 × cores).
        public var cpu: Double
        /// Resident bytes.
        public var memory: Int
        public var ppid: Int
        public var pid: Int
        /// Milliseconds of user plus system time.
        public var ctime: Double
        /// Milliseconds since the process started.
        public var elapsed: Double
        /// Milliseconds since the epoch.
        public var timestamp: Double
        public init(cpu: Double, memory: Int, ppid: Int, pid: Int, ctime: Double, elapsed: Double, timestamp: Double) {
            self.cpu = cpu
            self.memory = memory
            self.ppid = ppid
            self.pid = pid
            self.ctime = ctime
            self.elapsed = elapsed
            self.timestamp = timestamp
        }
    }

    /// The control process itself.
    public struct Process: Sendable, Hashable, Codable {
        public struct CPUUsage: Sendable, Hashable, Codable {
            /// Microseconds.
            public var user: Double
            /// Microseconds.
            public var system: Double
            public init(user: Double, system: Double) {
                self.user = user
                self.system = system
            }
        }
        public var availableMemory: Int?
        public var constrainedMemory: Int?
        public var cpuUsage: CPUUsage
        /// Monotonic nanoseconds.
        public var hrtime: UInt64
        /// `rss` always; more keys with full memory usage.
        public var memoryUsage: [String: Int]
        public var resourceUsage: WorkerResourceUsage?
        /// Seconds.
        public var uptime: Double
        public init(
            availableMemory: Int? = nil, constrainedMemory: Int? = nil, cpuUsage: CPUUsage, hrtime: UInt64,
            memoryUsage: [String: Int], resourceUsage: WorkerResourceUsage? = nil, uptime: Double
        ) {
            self.availableMemory = availableMemory
            self.constrainedMemory = constrainedMemory
            self.cpuUsage = cpuUsage
            self.hrtime = hrtime
            self.memoryUsage = memoryUsage
            self.resourceUsage = resourceUsage
            self.uptime = uptime
        }
    }

    public var os: OS
    /// By worker pid (as a string key); nil when no worker is tracked.
    public var pidusages: [String: PidUsage]?
    public var process: Process
    public init(os: OS, pidusages: [String: PidUsage]? = nil, process: Process) {
        self.os = os
        self.pidusages = pidusages
        self.process = process
    }
}
