import Glibc
import KafkaCore

/// The yardstick for the log's append speed: the same batches written by a bare loop that
/// computes each batch's CRC32C and calls write(2) once per batch, with no log around it.
enum WriteBaseline {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `count` copies of `batch` to a new file at `path`; returns the seconds it took.
    static func run(path: String, batch: RecordBatch, count: Int) throws(Failure) -> Double {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(path): \(errorText())") }
        defer {
            close(descriptor)
            unlink(path)
        }
        var checksum: UInt32 = 0
        let start = ContinuousClock.now
        var failure: Failure?
        batch.bytes.withUnsafeBytes { bytes in
            for _ in 0..<count {
                checksum ^= batch.computedChecksum
                var written = 0
                while written < bytes.count {
                    let result = write(descriptor, bytes.baseAddress?.advanced(by: written), bytes.count - written)
                    if result < 0 {
                        if errno == EINTR { continue }
                        failure = Failure(description: "write to \(path) failed: \(errorText())")
                        return
                    }
                    written += result
                }
            }
        }
        if let failure { throw failure }
        let seconds = (ContinuousClock.now - start).seconds
        // Every copy has the same CRC: an odd count leaves it, an even one zero. Checking that keeps
        // the optimiser from dropping the CRC work.
        precondition(checksum == (count % 2 == 1 ? batch.crc : 0), "baseline CRC mismatch")
        return seconds
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

extension Swift.Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
