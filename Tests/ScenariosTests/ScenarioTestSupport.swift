import KafkaCore
import Testing

@testable import Scenarios

/// Parses `text` (a few lines, with the header added when `header` is true) or records the
/// diagnostics as a test issue.
func parse(_ body: String, header: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> Scenario {
    let text = header ? "scenario test\nduration 5m\n" + body : body
    do {
        return try ScenarioParser.parse(text, file: "test.scenario")
    } catch {
        Issue.record("unexpected diagnostics:\n\(error.rendered(source: text))", sourceLocation: sourceLocation)
        throw error
    }
}

/// The diagnostics `text` gives (empty when it parses).
func diagnostics(_ text: String) -> [ScenarioDiagnostic] {
    do {
        _ = try ScenarioParser.parse(text, file: "test.scenario")
        return []
    } catch {
        return error.diagnostics
    }
}

/// The declarations shared by the timeline and expectation tests: three brokers, topic
/// `orders` with 6 partitions, producer `order-service`, group `inventory`.
let declarations = """
    scenario test
    duration 5m
    brokers 3
    topic orders partitions 6 rf 3 min.insync 2
    producer order-service topic orders rate 200/s
    group inventory topic orders members 3

    """

extension Scenario {
    /// The scenario with every line number zeroed and no source, to compare parses of different
    /// texts that mean the same thing.
    var withoutLines: Scenario {
        var copy = self
        copy.source = ""
        copy.cluster.configs = copy.cluster.configs.map { ConfigSetting($0.name, $0.value) }
        copy.topics = copy.topics.map { topic in
            var topic = topic
            topic.line = 0
            topic.configs = topic.configs.map { ConfigSetting($0.name, $0.value) }
            return topic
        }
        copy.producers = copy.producers.map { producer in
            var producer = producer
            producer.line = 0
            return producer
        }
        copy.groups = copy.groups.map { group in
            var group = group
            group.line = 0
            return group
        }
        copy.timeline = copy.timeline.map { step in
            var step = step
            step.line = 0
            if case .createTopic(var topic) = step.action {
                topic.line = 0
                topic.configs = topic.configs.map { ConfigSetting($0.name, $0.value) }
                step.action = .createTopic(topic)
            }
            return step
        }
        copy.expectations = copy.expectations.map { Scenarios.Expectation($0.kind) }
        return copy
    }
}
