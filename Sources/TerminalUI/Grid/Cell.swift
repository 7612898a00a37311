/// One terminal cell: a character and the role that styles it.
///
/// A wide character occupies two cells: its own, and a *continuation* cell to its right that
/// holds no character of its own (`isContinuation`). The terminal draws the wide character
/// across both.
public struct Cell: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var role: StyleRole

    public init(_ scalar: Unicode.Scalar, role: StyleRole = .text) {
        self.scalar = scalar
        self.role = role
    }

    /// A space in the ordinary text role.
    public static let blank = Cell(" ")

    static let continuationScalar: Unicode.Scalar = "\u{0}"

    /// The right half of a wide character.
    public var isContinuation: Bool { scalar == Self.continuationScalar }

    static func continuation(role: StyleRole) -> Cell { Cell(continuationScalar, role: role) }
}
