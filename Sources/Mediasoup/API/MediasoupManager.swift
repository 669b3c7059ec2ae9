/// A layer that offers a mediasoup object when it is available: Mafalda's
/// "Mediasoup manager" (remote client, mock, vertical, horizontal).
///
/// `mediasoup` is nil while unavailable (not yet connected, or destroyed).
/// ``ManagerEvent/mediasoup(_:)`` fires with the object when it becomes
/// available and with nil when it goes away. After ``destroy()``, the manager
/// is final.
public protocol MediasoupManager: AnyObject, Sendable {
    /// The mediasoup object, or nil while unavailable (not yet connected, or destroyed).
    var mediasoup: (any MediasoupAPI)? { get }
    /// The manager's events: availability changes and errors (see ``ManagerEvent``).
    var events: EventEmitter<ManagerEvent> { get }
    /// Whether ``destroy()`` was called; a destroyed manager stays so.
    var destroyed: Bool { get }
    /// Host and process figures; nil while unavailable.
    func getStats() async throws -> MediasoupStats?
    /// Closes everything the manager owns. - Throws: `InvalidStateError` when already destroyed.
    func destroy() throws
}

/// Events of a ``MediasoupManager``.
public enum ManagerEvent: Sendable {
    /// The mediasoup object became available (non-nil) or went away (nil).
    case mediasoup((any MediasoupAPI)?)
    /// An error not tied to any call, such as a connection failure or an unreadable message from the
    /// server.
    case error(any Error)
}

/// What `getStats()` of a manager returns (Mafalda's getStats factory shape).
public struct MediasoupStats: Sendable, Hashable, Codable {
    /// The whole host.
    public struct OS: Sendable, Hashable, Codable {
        /// One logical CPU of the host, as an element of Node's `os.cpus()`.
        public struct CPU: Sendable, Hashable, Codable {
            /// Milliseconds spent in each mode since boot.
            public struct Times: Sendable, Hashable, Codable {
                /// Milliseconds in user mode.
                public var user: Double
                /// Milliseconds in user mode at low priority (nice).
                public var nice: Double
                /// Milliseconds in kernel mode.
                public var sys: Double
                /// Milliseconds idle.
                public var idle: Double
                /// Milliseconds servicing hardware interrupts.
                public var irq: Double
                /// Times per mode, in milliseconds.
                public init(user: Double, nice: Double, sys: Double, idle: Double, irq: Double) {
                    self.user = user
                    self.nice = nice
                    self.sys = sys
                    self.idle = idle
                    self.irq = irq
                }
            }
            /// The processor's model name, as Node's `os.cpus()[i].model`.
            public var model: String
            /// MHz.
            public var speed: Double
            /// Time the CPU spent in each mode since boot.
            public var times: Times
            /// A CPU with its model, speed (MHz) and times.
            public init(model: String, speed: Double, times: Times) {
                self.model = model
                self.speed = speed
                self.times = times
            }
        }
        /// How many CPUs this process may run on, as Node's `os.availableParallelism()`.
        public var availableParallelism: Int
        /// Every logical CPU of the host, in order, as Node's `os.cpus()`.
        public var cpus: [CPU]
        /// Available memory in bytes, as Node's `os.freemem()`.
        public var freemem: Int
        /// Total memory in bytes, as Node's `os.totalmem()`.
        public var totalmem: Int
        /// 1, 5 and 15 minutes.
        public var loadavg: [Double]
        /// Seconds.
        public var uptime: Double
        /// The host's figures; see each property for its unit.
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
        /// The parent process id of the worker process.
        public var ppid: Int
        /// The worker's process id.
        public var pid: Int
        /// Milliseconds of user plus system time.
        public var ctime: Double
        /// Milliseconds since the process started.
        public var elapsed: Double
        /// Milliseconds since the epoch.
        public var timestamp: Double
        /// One worker process's figures, in the `pidusage` package's shape.
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
        /// CPU time of the control process, as Node's `process.cpuUsage()`.
        public struct CPUUsage: Sendable, Hashable, Codable {
            /// Microseconds.
            public var user: Double
            /// Microseconds.
            public var system: Double
            /// User and system CPU time, in microseconds.
            public init(user: Double, system: Double) {
                self.user = user
                self.system = system
            }
        }
        /// Bytes the process can still use (within its cgroup limit, if any), as Node's
        /// `process.availableMemory()`; nil when not reported.
        public var availableMemory: Int?
        /// The memory limit on the process (cgroup) in bytes, as Node's `process.constrainedMemory()`;
        /// nil when there is none.
        public var constrainedMemory: Int?
        /// CPU time the process has used.
        public var cpuUsage: CPUUsage
        /// Monotonic nanoseconds.
        public var hrtime: UInt64
        /// `rss` always; more keys with full memory usage.
        public var memoryUsage: [String: Int]
        /// getrusage(2) of the process, in the shape of a worker's `getResourceUsage()` (times in ms);
        /// nil when not reported.
        public var resourceUsage: WorkerResourceUsage?
        /// Seconds.
        public var uptime: Double
        /// The control process's figures; see each property for its unit.
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

    /// Figures of the whole host.
    public var os: OS
    /// By worker pid (as a string key); nil when no worker is tracked.
    public var pidusages: [String: PidUsage]?
    /// Figures of the control process itself.
    public var process: Process
    /// Host, worker and control-process figures.
    public init(os: OS, pidusages: [String: PidUsage]? = nil, process: Process) {
        self.os = os
        self.pidusages = pidusages
        self.process = process
    }
}
