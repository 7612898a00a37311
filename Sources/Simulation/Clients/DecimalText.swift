/// Integers as decimal text written straight into byte buffers: scenario values and keys are
/// built per record, and a `String` per record cost more than everything else in building them.
enum DecimalText {
    /// The characters `number` takes in decimal, a leading `-` included.
    static func length(_ number: Int) -> Int {
        var magnitude = number.magnitude
        var length = number < 0 ? 2 : 1
        while magnitude >= 10 {
            magnitude /= 10
            length += 1
        }
        return length
    }

    /// Writes `number` in decimal into the `digits` bytes at `start` (`digits` from `length`).
    static func write(_ number: Int, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var magnitude = number.magnitude
        var position = start + digits
        repeat {
            position -= 1
            buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if number < 0 { buffer[start] = UInt8(ascii: "-") }
    }
}
