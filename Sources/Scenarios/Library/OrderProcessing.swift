extension ScenarioLibrary {
    static let orderProcessing = Entry(
        name: "order-processing",
        summary: "Order processing: orders feed inventory and analytics consumers through a broker failure",
        text: #"""
            # The seed document's example: an order service and two consumer groups.
            scenario order-processing
            title "Order processing: orders feed inventory and analytics consumers through a broker failure"
            description "The order service writes orders keyed by customer (acks=all, idempotent). The"
            description "inventory group keeps up; the analytics group processes slowly and its lag grows."
            description "Midway the leader of orders-0 dies: what does each group notice?"
            duration 4m
            seed 100

            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            topic order-events partitions 3 rf 3 cleanup compact
            producer order-service topic orders rate 100/s wave 60s 30% keys uniform 1000 acks all idempotence on
            producer order-status topic order-events rate 20/s keys uniform 200 value 200B
            group inventory topic orders members 3 assignor range
            group analytics topic orders members 2 assignor cooperative-sticky rate 30/s commit manual

            at 5s say "Orders arrive at 70-130 per second, keyed by customer, so a customer's orders stay in order."
            at 20s say "inventory (3 members) keeps up; analytics (2 x 30/s) cannot, and its lag climbs steadily."
            at 60s say "The broker leading orders-0 is about to die." wait
            at 60s kill leader of orders-0 for 60s
            at 75s say "A new leader was elected from the ISR; the producer retried, idempotence kept one copy each."
            at 120s say "The broker is back and catching up. analytics is still behind: it needs more members."
            at 150s add-consumer analytics count 2
            at 150s say "Two more analytics members join; the cooperative rebalance moves only what it must."

            expect no-loss
            expect no-duplicates order-service
            expect leader orders-0 within 15s
            expect lag inventory below 300 within 30s
            expect replicated all within 60s
            """#)
}
