/// Where the network keeps one link's state: a stable handle, valid for the network's lifetime.
public struct LinkSlot: Hashable, Sendable {
    let index: Int
}
