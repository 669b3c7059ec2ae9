import AcceptanceSuite
import Mediasoup
import MediasoupLocal

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The implementations of the contract the acceptance suite knows, each with
/// a factory for its mediasoup object.
public enum TargetRegistry {
    /// The environment variable that selects targets: a comma-separated list of names.
    public static let environmentVariable = "MAFALDA_TARGETS"

    /// Every target that exists, in stacking order.
    public static let all: [ImplementationTarget] = [local, mock, remote, vertical, horizontal, verticalOnHorizontal]

    /// Targets selectable by name that `all` leaves out.
    public static let optional: [ImplementationTarget] = [remoteInMemory, remoteVertical]

    /// The local engine in this process.
    public static let local = ImplementationTarget(name: "local") {
        (mediasoup: LocalMediasoup(), teardown: {})
    }

    /// The targets named in `names` (comma-separated), or in `MAFALDA_TARGETS`,
    /// or all of them.
    ///
    /// - Throws: ``TypeError`` naming an unknown target.
    public static func selected(_ names: String? = nil) throws -> [ImplementationTarget] {
        let requested = names ?? ProcessInfo.processInfo.environment[environmentVariable] ?? ""
        let list = requested.split(separator: ",").map { String($0.filter { $0 != " " }) }
            .filter { !$0.isEmpty }
        guard !list.isEmpty else { return all }
        return try list.map { name in
            guard let target = (all + optional).first(where: { $0.name == name }) else {
                throw TypeError(
                    "unknown target '\(name)'; known targets: \((all + optional).map(\.name).joined(separator: ", "))")
            }
            return target
        }
    }
}
