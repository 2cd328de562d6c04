package io.rolegate.policy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Companion to {@link PolicyBenchmark} for an oversubscribed machine: runs the same three operations and divides by
 * the thread's CPU time instead of wall time, so other processes' load does not count (cache contention still does).
 * Run: java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.rolegate.policy.PolicyCpuTime
 */
public final class PolicyCpuTime {
    public static void main(String[] args) {
        PolicyBenchmark b = new PolicyBenchmark();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = {"a_crossAccountAssumeRole", "b_hundredPoliciesThousandStatements", "c_compileSixKbPolicy"};
        for (int which = 0; which < 3; which++) {
            for (int round = 0; round < 5; round++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                long n = 0;
                while (mx.getCurrentThreadCpuTime() - c0 < 2_000_000_000L) {
                    for (int i = 0; i < 200; i++) {
                        switch (which) {
                            case 0 -> b.a_crossAccountAssumeRole();
                            case 1 -> b.b_hundredPoliciesThousandStatements();
                            default -> b.c_compileSixKbPolicy();
                        }
                    }
                    n += 200;
                }
                long cpu = mx.getCurrentThreadCpuTime() - c0;
                System.out.printf("%s round %d: %.0f ops per CPU-second, %.2f us CPU/op (on CPU %.0f%% of wall time)%n",
                        names[which], round, n * 1e9 / cpu, cpu / 1e3 / n, 100.0 * cpu / (System.nanoTime() - w0));
            }
        }
    }
}
