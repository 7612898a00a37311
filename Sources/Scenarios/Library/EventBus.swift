extension ScenarioLibrary {
    static let eventBus = Entry(
        name: "event-bus",
        summary: "Microservices event bus: services publish and subscribe across topics through client failures",
        text: #"""
            scenario event-bus
            title "Microservices event bus: services publish and subscribe across topics through client failures"
            description "Services talk through events: users and payments publish, email, fraud detection"
            description "and audit subscribe. A consumer crashes and a service loses its network; the"
            description "bus absorbs both and nobody loses an event."
            duration 4m
            seed 104

            brokers 3
            topic user-events partitions 3 rf 3 min.insync 2
            topic payment-events partitions 6 rf 3 min.insync 2
            topic notifications partitions 3 rf 3 min.insync 2
            producer user-service topic user-events rate 50/s keys uniform 10000 acks all
            producer payment-service topic payment-events rate 120/s keys uniform 10000 acks all
            producer email-service topic notifications rate 30/s acks all
            group mailer topic user-events,payment-events members 2
            group fraud-detector topic payment-events members 3 assignor cooperative-sticky rate 100/s
            group audit topic user-events,payment-events,notifications members 1 commit manual

            at 5s say "Three topics, three producers, three groups; audit reads everything."
            at 40s say "A fraud-detector instance crashes (an out-of-memory kill)." wait
            at 40s crash-consumer fraud-detector for 30s
            at 75s say "Its replacement starts; the group rebalances again. Payments were never blocked."
            at 100s say "The payment service loses its network for 20 seconds." wait
            at 100s isolate payment-service for 20s
            at 105s say "Its sends queue up in the producer's buffer; retries deliver them once the link is back."
            at 130s say "The backlog arrives in a rush; fraud-detector works through it."

            expect no-loss
            expect no-duplicates
            expect rebalances fraud-detector at most 6
            expect lag audit below 2000 within 60s
            expect lag fraud-detector below 2000 within 90s
            """#)
}
