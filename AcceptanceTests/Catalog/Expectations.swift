import Mediasoup

/// A failed expectation: what was expected, and where.
public struct ExpectationFailure: Error, CustomStringConvertible {
    public let message: String
    public let file: String
    public let line: Int
    public var description: String { "\(file):\(line): \(message)" }
}

/// Fails the case unless `condition` holds.
public func expect(
    _ condition: Bool, _ message: @autoclosure () -> String = "expectation failed",
    file: String = #fileID, line: Int = #line
) throws {
    guard condition else { throw ExpectationFailure(message: message(), file: file, line: line) }
}

/// Fails the case unless `actual == expected` (Jest's `toEqual`/`toBe`).
public func expectEqual<T: Equatable>(
    _ actual: T, _ expected: T, _ what: @autoclosure () -> String = "value",
    file: String = #fileID, line: Int = #line
) throws {
    guard actual == expected else {
        throw ExpectationFailure(
            message: "\(what()): expected \(expected), got \(actual)", file: file, line: line)
    }
}

/// Unwraps `value`, failing the case when it is nil.
public func expectNotNil<T>(
    _ value: T?, _ what: @autoclosure () -> String = "value", file: String = #fileID, line: Int = #line
) throws -> T {
    guard let value else { throw ExpectationFailure(message: "\(what()) is nil", file: file, line: line) }
    return value
}

/// Fails the case unless `body` throws an error of the given kind; returns it
/// (Jest's `toThrow(TypeError)` / `rejects.toThrow(…)`).
@discardableResult
public func expectThrows<E: MediasoupContractError>(
    _ kind: E.Type, file: String = #fileID, line: Int = #line, _ body: () async throws -> Void
) async throws -> E {
    do {
        try await body()
    } catch let error as E {
        return error
    } catch {
        throw ExpectationFailure(message: "expected \(E.kind.rawValue), got \(error)", file: file, line: line)
    }
    throw ExpectationFailure(message: "expected \(E.kind.rawValue), nothing was thrown", file: file, line: line)
}

/// Fails the case unless `body` throws an error whose description contains
/// `text` (Jest's `toThrow('text')`).
public func expectThrows(
    containing text: String, file: String = #fileID, line: Int = #line, _ body: () async throws -> Void
) async throws {
    do {
        try await body()
    } catch {
        guard String(describing: error).contains(text) else {
            throw ExpectationFailure(message: "expected an error containing '\(text)', got \(error)", file: file, line: line)
        }
        return
    }
    throw ExpectationFailure(message: "expected an error containing '\(text)', nothing was thrown", file: file, line: line)
}
