"""A real-client failover drill: `flightdeck serve` in a subprocess, a confluent-kafka producer
sending keyed records with acks=all while this script kills the partition leaders one after
another through serve's command input (and restarts them), then a consumer group of two reading
the topic. Every acknowledged record must be present exactly once, in order per key.

Usage: python3 Tests/Scripts/failover_drill.py FLIGHTDECK_BINARY [RECORDS] [PORT_BASE]
Prints `drill: passed` (exit 0) or what went wrong (exit 1)."""
import logging
import os
import subprocess
import sys
import threading
import time

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient

binary = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
port_base = int(sys.argv[3]) if len(sys.argv) > 3 else 41000
serve = subprocess.Popen(
    [binary, "serve", "--port-base", str(port_base), "--seed", "21"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
lines = []


def read_output():
    for line in serve.stdout:
        lines.append(line.rstrip())


threading.Thread(target=read_output, daemon=True).start()


def command(text):
    serve.stdin.write(text + "\n")
    serve.stdin.flush()


deadline = time.time() + 60
while not any(line.startswith("ready:") for line in lines):
    if time.time() > deadline or serve.poll() is not None:
        print("drill: serve did not get ready:", lines)
        sys.exit(1)
    time.sleep(0.1)
bootstrap = ",".join("127.0.0.1:%d" % (port_base + broker) for broker in (1, 2, 3))

acked = {}
failed = []


def report(err, message):
    if err is None:
        acked[message.value().decode()] = (message.key().decode(), message.partition(), message.offset())
    else:
        failed.append(str(err))


producer = Producer({
    "bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True, "linger.ms": 5,
    "message.timeout.ms": 180000, "queue.buffering.max.messages": 1000000})
keys = 97


def produce():
    for i in range(total):
        while True:
            try:
                producer.produce("orders", key="key-%d" % (i % keys), value="%d" % i, on_delivery=report)
                break
            except BufferError:
                producer.poll(0.05)
        if i % 1000 == 0:
            producer.poll(0)
    producer.flush(300)


sender = threading.Thread(target=produce)
sender.start()
admin = AdminClient({"bootstrap.servers": bootstrap})
killed = []
for round_number in range(3):
    time.sleep(3)
    metadata = admin.list_topics("orders", timeout=20)
    leaders = sorted({p.leader for p in metadata.topics["orders"].partitions.values() if p.leader >= 0})
    victims = [b for b in leaders if b not in killed]
    if not victims:
        break
    victim = victims[0]
    killed.append(victim)
    command("kill %d" % victim)
    time.sleep(12)
    command("restart %d" % victim)
sender.join()
print("produced: %d acknowledged, %d failed, leaders killed %s" % (len(acked), len(failed), killed))

consumed = {}
# Checked before every poll, so a set that shrinks (checking `acked` against `consumed` each time
# would be quadratic, and starve the consumers long enough to look like a stuck partition).
unconsumed = set(acked)
consumer_errors = []
order_problems = []
lock = threading.Lock()


def member(name):
    settings = {"bootstrap.servers": bootstrap, "group.id": "drill-group", "auto.offset.reset": "earliest",
                "client.id": name}
    log_dir = os.environ.get("DRILL_CLIENT_LOGS")
    if log_dir:
        # librdkafka's own account of the group protocol and fetches, one file per member.
        logger = logging.getLogger(name)
        logger.addHandler(logging.FileHandler(os.path.join(log_dir, name + ".log"), mode="w"))
        logger.setLevel(logging.DEBUG)
        settings.update({"debug": "cgrp,fetch,topic", "logger": logger})
    consumer = Consumer(settings)
    consumer.subscribe(["orders"])
    last_per_key = {}
    end = time.time() + 300
    while time.time() < end:
        with lock:
            if not unconsumed:
                break
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            with lock:
                consumer_errors.append("%s: %s" % (name, message.error()))
            continue
        value = message.value().decode()
        key = message.key().decode()
        with lock:
            consumed.setdefault(value, []).append((name, message.partition(), message.offset()))
            unconsumed.discard(value)
            previous = last_per_key.get(key)
            if previous is not None and int(value) < previous:
                order_problems.append((key, previous, int(value)))
            last_per_key[key] = int(value)
    consumer.close()


members = [threading.Thread(target=member, args=("m%d" % n,)) for n in (1, 2)]
for thread in members:
    thread.start()
for thread in members:
    thread.join()
if any(value not in consumed for value in acked):
    # What the cluster says about the topic, to tell a stuck high watermark from a stuck fetch.
    probe = Consumer({"bootstrap.servers": bootstrap, "group.id": "drill-group"})
    from confluent_kafka import TopicPartition
    partitions = [TopicPartition("orders", p) for p in range(6)]
    for tp in partitions:
        print("  watermarks orders-%d: %s" % (tp.partition, probe.get_watermark_offsets(tp, timeout=10)))
    print("  committed:", [(tp.partition, tp.offset) for tp in probe.committed(partitions, timeout=10)])
    probe.close()
    print("  consumer errors (%d): %s" % (len(consumer_errors), consumer_errors[:10]))
    stuck = {}
    for value in acked:
        if value not in consumed:
            _, partition, offset = acked[value]
            stuck[partition] = min(stuck.get(partition, offset), offset)
    for partition, offset in sorted(stuck.items()):
        trace = subprocess.run(
            ["kcat", "-C", "-b", bootstrap, "-t", "orders", "-p", str(partition), "-o", str(offset), "-c", "3",
             "-e", "-d", "fetch,msg,protocol", "-f", "%o %k %s\\n"],
            capture_output=True, text=True, timeout=60)
        print("  kcat at orders-%d offset %d: exit %d" % (partition, offset, trace.returncode))
        print("\n".join("    " + line for line in (trace.stdout + trace.stderr).splitlines()[-60:]))
    seen = len(lines)
    command("describe orders")
    command("status")
    time.sleep(1)
    print("\n".join("  serve: " + line for line in lines[seen:]))
command("quit")
serve.wait(timeout=30)

missing = [value for value in acked if value not in consumed]
if missing:
    # Where the missing records were acknowledged, against what the consumers reached.
    by_partition = {}
    for value in missing:
        key, partition, offset = acked[value]
        by_partition.setdefault(partition, []).append(offset)
    reached = {}
    for places in consumed.values():
        for _, partition, offset in places:
            reached[partition] = max(reached.get(partition, -1), offset)
    for partition, offsets in sorted(by_partition.items()):
        print("  partition %d: %d missing at offsets %d..%d; consumers reached offset %d" % (
            partition, len(offsets), min(offsets), max(offsets), reached.get(partition, -1)))
duplicates = [value for value, places in consumed.items() if len({(p, o) for _, p, o in places}) > 1]
print("consumed: %d distinct, %d missing acknowledged, %d at two offsets, %d out of order per key" % (
    len(consumed), len(missing), len(duplicates), len(order_problems)))
if len(acked) < total * 0.9:
    print("drill: too few acknowledged (%d of %d): %s" % (len(acked), total, failed[:5]))
    sys.exit(1)
if missing or duplicates or order_problems:
    print("drill: FAILED", missing[:5], duplicates[:5], order_problems[:5])
    sys.exit(1)
print("drill: passed")
