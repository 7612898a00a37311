import ClusterModel

/// The list a screen shows, from the snapshot and the history alone.
enum ListModel {
    static func content(for screen: Screen, snapshot: ClusterSnapshot, history: MetricHistory) -> ListContent? {
        switch (screen.view, screen.scope) {
        case (.brokers, _): BrokerRows.content(snapshot, history: history)
        case (.topics, _): TopicRows.content(snapshot, history: history)
        case (.partitions, let scope): PartitionRows.content(snapshot, scope: scope)
        case (.groups, .group(let id)):
            GroupRows.partitionContent(snapshot.groups.first { $0.groupID == id }, history: history)
        case (.groups, _): GroupRows.content(snapshot, history: history)
        case (.events, let scope): EventRows.content(snapshot, scope: scope)
        case (.overview, _), (.help, _): nil
        }
    }
}
