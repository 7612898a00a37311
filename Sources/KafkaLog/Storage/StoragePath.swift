/// A path inside a `LogStorage`, relative to the storage's root directory.
///
/// Paths are lists of components (`broker-1/orders-0/00000000000000000000.log`). They never
/// escape the root: a component is never empty, `.` or `..`, and never holds `/` or NUL. Paths
/// compare component by component, so sorted listings never depend on hash order.
public struct StoragePath: Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The components from the root down; empty for the root itself.
    public let components: [String]

    /// The storage's root directory.
    public static let root = StoragePath(components: [])

    /// A path from its components; each must be a valid component (see the type's summary).
    public init(components: [String]) {
        for component in components {
            precondition(
                StoragePath.isValidComponent(component),
                "invalid storage path component '\(component)' in \(components)")
        }
        self.components = components
    }

    /// A path from `a/b/c` text; empty components (doubled or leading slashes) are skipped.
    public init(_ text: String) {
        self.init(components: text.split(separator: "/").map(String.init))
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// Whether `name` can be one component of a path.
    public static func isValidComponent(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.utf8.contains(where: { $0 == 0x2F || $0 == 0 })
    }

    /// This path with `name` appended as its last component.
    public func appending(_ name: String) -> StoragePath {
        StoragePath(components: components + [name])
    }

    /// The last component; `nil` for the root.
    public var name: String? { components.last }

    /// The directory holding this path; the root is its own parent.
    public var parent: StoragePath { StoragePath(components: Array(components.dropLast())) }

    /// Whether this path is `prefix` or lies inside it.
    public func isInside(_ prefix: StoragePath) -> Bool {
        components.count >= prefix.components.count
            && zip(components, prefix.components).allSatisfy { $0 == $1 }
    }

    public static func < (lhs: StoragePath, rhs: StoragePath) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }

    /// `a/b/c`, or `.` for the root.
    public var description: String { components.isEmpty ? "." : components.joined(separator: "/") }
}
