/// Entities by id, in creation order (dumps list ids in creation order).
struct OrderedEntities<Entity: AnyObject> {
    private(set) var ids: [String] = []
    private var byId: [String: Entity] = [:]

    var values: [Entity] { ids.compactMap { byId[$0] } }
    var isEmpty: Bool { ids.isEmpty }

    subscript(id: String) -> Entity? { byId[id] }

    mutating func add(_ id: String, _ entity: Entity) {
        if byId.updateValue(entity, forKey: id) == nil { ids.append(id) }
    }

    @discardableResult
    mutating func remove(_ id: String) -> Entity? {
        guard let entity = byId.removeValue(forKey: id) else { return nil }
        ids.removeAll { $0 == id }
        return entity
    }

    /// Empties the collection and returns what it held, in order.
    mutating func removeAll() -> [Entity] {
        defer {
            ids = []
            byId = [:]
        }
        return values
    }
}
