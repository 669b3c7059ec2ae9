import AcceptanceSuite
import Mediasoup
import MediasoupGetStats
import MediasoupLocal
import MediasoupVertical

#if canImport(Glibc)
import Glibc
#endif

extension TargetRegistry {
    /// MediasoupVertical over the local engine, with its default placement
    /// (a 60 % watermark: the suite's light load concentrates on one real
    /// worker per settings set). Its worker pids are virtual. The host's
    /// worker set is a file of this process's own, so a run does not count
    /// the workers of other programs using MediasoupVertical on the machine.
    public static let vertical = ImplementationTarget(name: "vertical", traits: [.virtualPids, .virtualPipes]) {
        let options = VerticalOptions(
            hostWorkerSet: HostWorkerSet(path: "\(HostWorkerSet.defaultPath)-acceptance-\(getpid())"))
        let vertical = try MediasoupVertical(
            manager: PlainMediasoupManager(mediasoup: LocalMediasoup()), options: options)
        guard let mediasoup = vertical.mediasoup else {
            throw MediasoupError("MediasoupVertical over the local engine has no mediasoup object")
        }
        return (
            mediasoup: mediasoup,
            teardown: {
                try? vertical.destroy()
            }
        )
    }
}
