/// Kafka's rules for topic names (`Topic.validate`): 1 to 249 characters from `[a-zA-Z0-9._-]`,
/// and not `.` or `..`.
public enum TopicName {
    public static let maxLength = 249

    /// Why `name` is not a legal topic name, or `nil` when it is.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a topic name cannot be empty" }
        if name == "." || name == ".." { return "a topic name cannot be '.' or '..'" }
        if name.utf8.count > maxLength { return "topic name \(name) is longer than \(maxLength) characters" }
        let legal = name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        return legal ? nil : "topic name \(name) has characters other than ASCII letters, digits, '.', '_' and '-'"
    }
}
