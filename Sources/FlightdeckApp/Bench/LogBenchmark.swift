import Foundation
import KafkaCore

/// `flightdeck bench log` (in progress: the log part lands with PartitionLog).
enum LogBenchmark {
    static func run(_ options: BenchOptions) throws -> [BenchFigure] {
        let workload = BenchWorkload()
        let directory = options.directory ?? NSTemporaryDirectory()
        let count = workload.batchCount(forBytes: options.logMebibytes << 20)
        let seconds = try WriteBaseline.run(path: directory + "/baseline.bin", batch: workload.batch, count: count)
        let records = Double(count * workload.recordsPerBatch)
        return [BenchFigure(name: "baseline_write_records_per_s", value: records / seconds, unit: "records/s")]
    }
}
