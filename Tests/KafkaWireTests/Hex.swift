/// Hex helpers for the wire tests: spaces in hex strings are ignored so that golden bytes can be
/// written field by field.
enum Hex {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = hex.filter { !$0.isWhitespace }.map { $0 }
        precondition(digits.count % 2 == 0, "odd number of hex digits in \(hex)")
        return stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else {
                preconditionFailure("not hex: \(digits[index...index + 1])")
            }
            return byte
        }
    }

    static func string(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
