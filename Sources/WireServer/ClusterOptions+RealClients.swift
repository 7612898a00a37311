import KafkaCore
import Simulation

extension ClusterOptions {
    /// A cluster for real clients on simulated storage.
    ///
    /// Virtual time starts at 0 (1970) while real clients stamp CreateTime records with the
    /// wall clock, which Kafka 4's `message.timestamp.after.max.ms` (1 hour) would refuse with
    /// `INVALID_TIMESTAMP`; the brokers' default is therefore unlimited, as it was before
    /// Kafka 4.
    public static func realClients(brokers: Int, seed: UInt64) -> ClusterOptions {
        var options = ClusterOptions(brokers: brokers, seed: seed, storage: .simulated)
        options.server.log.messageTimestampAfterMaxMilliseconds = Int64.max
        return options
    }
}
