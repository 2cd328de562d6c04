package io.rolegate.iam;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * Companion to {@link AuthorizeEvaluationBenchmark} for a shared machine: the same operations, counted per second of
 * the thread's own CPU time (other processes' load does not count; cache contention still does).
 * Run: java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.rolegate.iam.AuthorizeCpuTime [warm-up CPU-seconds=20]
 */
public final class AuthorizeCpuTime {
    public static void main(String[] args) {
        long warmupNanos = (args.length > 0 ? Long.parseLong(args[0]) : 20) * 1_000_000_000L;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String scenario : new String[] {"FEDERATED_SAME_ACCOUNT", "ROLE_CROSS_ACCOUNT"}) {
            AuthorizeEvaluationBenchmark b = new AuthorizeEvaluationBenchmark();
            b.scenario = scenario;
            b.setup();
            run(mx, scenario + " authorize", b::authorize, warmupNanos);
            run(mx, scenario + " evaluateOnly", b::evaluateOnly, warmupNanos);
            run(mx, scenario + " contextOnly", b::contextOnly, warmupNanos);
        }
    }

    private static void run(ThreadMXBean mx, String name, Supplier<Object> op, long warmupNanos) {
        measure(mx, op, warmupNanos);
        for (int round = 0; round < 5; round++) {
            long w0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            long n = measure(mx, op, 2_000_000_000L);
            long cpu = mx.getCurrentThreadCpuTime() - c0;
            System.out.printf("%s round %d: %.0f ops per CPU-second, %.3f us CPU/op (on CPU %.0f%% of wall time)%n",
                    name, round, n * 1e9 / cpu, cpu / 1e3 / n, 100.0 * cpu / (System.nanoTime() - w0));
        }
    }

    private static long measure(ThreadMXBean mx, Supplier<Object> op, long cpuNanos) {
        long c0 = mx.getCurrentThreadCpuTime();
        long n = 0;
        int sink = 0;
        while (mx.getCurrentThreadCpuTime() - c0 < cpuNanos) {
            for (int i = 0; i < 500; i++) {
                sink += System.identityHashCode(op.get()) & 1;
            }
            n += 500;
        }
        if (sink == 42) {
            System.out.print("");
        }
        return n;
    }
}
