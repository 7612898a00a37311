"""The wire benchmark of issue 8 §5: a confluent-kafka producer (100-byte records, acks=all,
linger.ms=5) against `flightdeck serve` and, in the same run, against librdkafka's in-process mock
cluster (`test.mock.num.brokers=3`, which keeps nothing on disk), plus produce latency at idle
load (one record at a time, linger.ms=0, timed to its delivery report) on both.

Usage: python3 Tests/Scripts/wire_bench.py FLIGHTDECK_BINARY [--records N] [--latency-samples N]
                                            [--runs N] [--port-base P] [--smoke]

Prints `name value unit` lines (a block per run, then the medians when --runs > 1):
  wire_flightdeck_msgs_per_s, wire_mock_msgs_per_s, wire_ratio_to_mock,
  wire_flightdeck_latency_p50_us / _p99_us, wire_mock_latency_p50_us / _p99_us, and (on Linux)
  wire_flightdeck_server_cpu_s_per_million / _cpu_wait_s_per_million: the serve process's CPU
  time, and its time ready to run but waiting for a CPU, per million records of the rate run.
Both clusters get the same workload: one partition with three replicas (explicit partition 0;
Flightdeck's topic `bench` is created with replication factor 3, min.insync.replicas 2).
The port base is a free one found from --port-base on (never a fixed port).
--smoke: a few thousand records and a few hundred latency samples, checks that every record was
acknowledged, and exits 1 if anything failed (CI runs this so the benchmark cannot rot).
"""
import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time

from confluent_kafka import KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic

TOPIC = "bench"
PAYLOAD = b"x" * 100
BROKERS = 3


def free_port_base(start):
    """The first base from `start` on (in steps of 10) whose three broker ports bind."""
    for base in range(start, start + 2000, 10):
        sockets = []
        try:
            for broker in range(1, BROKERS + 1):
                probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(probe)
                probe.bind(("127.0.0.1", base + broker))
            return base
        except OSError:
            continue
        finally:
            for probe in sockets:
                probe.close()
    sys.exit("wire bench: no free port base from %d on" % start)


class Serve:
    """`flightdeck serve` in a subprocess, with its output collected."""

    def __init__(self, binary, port_base):
        self.process = subprocess.Popen(
            [binary, "serve", "--port-base", str(port_base), "--seed", "1", "--brokers", str(BROKERS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()
        self.bootstrap = ",".join("127.0.0.1:%d" % (port_base + b) for b in range(1, BROKERS + 1))

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_ready(self, seconds=60):
        deadline = time.time() + seconds
        while not any(line.startswith("ready:") for line in self.lines):
            if time.time() > deadline or self.process.poll() is not None:
                sys.exit("wire bench: flightdeck serve did not get ready: %s" % self.lines)
            time.sleep(0.05)

    def stop(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
                self.process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def create_topic(bootstrap):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics(
        [NewTopic(TOPIC, num_partitions=1, replication_factor=3, config={"min.insync.replicas": "2"})])
    for future in futures.values():
        future.result(30)
    # The new partition's leader must be known to every broker before the clock starts.
    deadline = time.time() + 30
    while time.time() < deadline:
        partitions = admin.list_topics(TOPIC, timeout=10).topics[TOPIC].partitions
        if partitions and all(p.leader >= 0 and len(p.isrs) == 3 for p in partitions.values()):
            return
        time.sleep(0.1)
    sys.exit("wire bench: topic %s never had a leader and a full ISR" % TOPIC)


def producer_config(cluster, **settings):
    config = {
        "acks": "all", "compression.codec": "none", "queue.buffering.max.messages": 2_000_000,
        "queue.buffering.max.kbytes": 2_097_151,
    }
    config.update(cluster)
    config.update(settings)
    return config


def schedstat(pid):
    """(CPU seconds, seconds waiting for a CPU) of process `pid` so far; None off Linux."""
    try:
        with open("/proc/%d/schedstat" % pid) as f:
            running, waiting, _slices = f.read().split()
        return int(running) / 1e9, int(waiting) / 1e9
    except (OSError, ValueError):
        return None


def throughput(cluster, records, server_pid=None):
    """Records acknowledged per second: produce `records`, then flush; every one must succeed.
    With `server_pid`, also the server's CPU seconds and run-queue wait (seconds it was ready to
    run but had no CPU) during the run, per million records."""
    failures = []

    def report(err, _message):
        if err is not None:
            failures.append(str(err))

    producer = Producer(producer_config(cluster, **{"linger.ms": 5, "batch.size": 1_000_000}))
    # Warm up: metadata, connections, the partition's leader.
    producer.produce(TOPIC, PAYLOAD, partition=0, on_delivery=report)
    if producer.flush(30) != 0:
        sys.exit("wire bench: the warm-up record was not acknowledged within 30 s")
    before = schedstat(server_pid) if server_pid else None
    start = time.perf_counter()
    for _ in range(records):
        while True:
            try:
                producer.produce(TOPIC, PAYLOAD, partition=0, on_delivery=report)
                break
            except BufferError:
                producer.poll(0.001)
    left = producer.flush(120)
    elapsed = time.perf_counter() - start
    after = schedstat(server_pid) if server_pid else None
    if left or failures:
        sys.exit("wire bench: %d records unacknowledged, %d failed (first: %s)"
                 % (left, len(failures), failures[:1]))
    if before and after:
        per_million = 1e6 / records
        return records / elapsed, ((after[0] - before[0]) * per_million, (after[1] - before[1]) * per_million)
    return records / elapsed, None


def latency(cluster, samples):
    """Produce latency in µs at idle load: one record at a time, timed to its delivery report."""
    done = []
    producer = Producer(producer_config(cluster, **{"linger.ms": 0}))
    producer.produce(TOPIC, PAYLOAD, partition=0, on_delivery=lambda err, _m: done.append(err))
    if producer.flush(30) != 0 or done[0] is not None:
        sys.exit("wire bench: the latency warm-up record failed: %s" % done)
    times = []
    for _ in range(samples):
        done.clear()
        start = time.perf_counter()
        producer.produce(TOPIC, PAYLOAD, partition=0, on_delivery=lambda err, _m: done.append(err))
        deadline = start + 10
        while not done and time.perf_counter() < deadline:
            producer.poll(1)
        if not done or done[0] is not None:
            sys.exit("wire bench: a latency record failed or timed out: %s" % done)
        times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def one_run(binary, port_base, records, samples):
    figures = []
    mock = {"bootstrap.servers": "", "test.mock.num.brokers": BROKERS}
    mock_rate, _ = throughput(mock, records)
    mock_p50, mock_p99 = latency(mock, samples)
    serve = Serve(binary, free_port_base(port_base))
    try:
        serve.wait_ready()
        create_topic(serve.bootstrap)
        ours = {"bootstrap.servers": serve.bootstrap}
        rate, server = throughput(ours, records, serve.process.pid)
        p50, p99 = latency(ours, samples)
    finally:
        serve.stop()
    figures.append(("wire_flightdeck_msgs_per_s", rate, "msg/s"))
    figures.append(("wire_mock_msgs_per_s", mock_rate, "msg/s"))
    figures.append(("wire_ratio_to_mock", rate / mock_rate, "ratio"))
    figures.append(("wire_flightdeck_latency_p50_us", p50, "us"))
    figures.append(("wire_flightdeck_latency_p99_us", p99, "us"))
    figures.append(("wire_mock_latency_p50_us", mock_p50, "us"))
    figures.append(("wire_mock_latency_p99_us", mock_p99, "us"))
    if server:
        # What bounds the rate: the server's own work, and how long it waited for a CPU.
        figures.append(("wire_flightdeck_server_cpu_s_per_million", server[0], "s"))
        figures.append(("wire_flightdeck_server_cpu_wait_s_per_million", server[1], "s"))
    return figures


def line(name, value, unit):
    text = str(int(round(value))) if abs(value) >= 100 else "%.3f" % value
    return "%s %s %s" % (name, text, unit)


def main():
    parser = argparse.ArgumentParser(description="confluent-kafka producer: Flightdeck vs librdkafka's mock")
    parser.add_argument("binary", help="the flightdeck executable (a release build for real figures)")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--latency-samples", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--port-base", type=int, default=43300)
    parser.add_argument("--smoke", action="store_true", help="a quick check: 5,000 records, 200 samples")
    options = parser.parse_args()
    if options.smoke:
        options.records, options.latency_samples, options.runs = 5000, 200, 1
    runs = []
    for run in range(1, options.runs + 1):
        figures = one_run(options.binary, options.port_base, options.records, options.latency_samples)
        if options.runs > 1:
            print("# run %d of %d" % (run, options.runs))
        for figure in figures:
            print(line(*figure), flush=True)
        runs.append(figures)
    if options.runs > 1:
        print("# median of %d runs" % options.runs)
        for index, (name, _value, unit) in enumerate(runs[0]):
            print(line(name, statistics.median(run[index][1] for run in runs), unit))
    if options.smoke:
        print("wire bench smoke: passed")


if __name__ == "__main__":
    try:
        main()
    except KafkaException as error:
        sys.exit("wire bench: %s" % error)
