package io.rolegate.credentials;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Companion to {@link SessionTokenBenchmark} for a shared machine: measures CPU time per operation of the current
 * thread (ThreadMXBean), which other tenants' load disturbs far less than wall-clock throughput.
 * Run: java -cp ... io.rolegate.credentials.SessionTokenCpuTime [seconds-per-measurement]
 */
public final class SessionTokenCpuTime {
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%-16s %14s %14s %14s %14s%n", "variant", "mint us/op", "mint ops/cpu-s", "verify us/op",
                "verify ops/cpu-s");
        for (String variant : new String[] {"ES256_BC", "ES256_NIMBUS_BC", "ES256_JDK", "EDDSA_BC", "RS256_JDK"}) {
            SessionTokenBenchmark b = new SessionTokenBenchmark();
            b.variant = variant;
            b.setUp();
            double[] mint = new double[2];
            double[] verify = new double[2];
            for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
                mint[round] = measure(mx, seconds, () -> b.mint());
                verify[round] = measure(mx, seconds, () -> b.verify());
            }
            System.out.printf("%-16s %14.1f %14.0f %14.1f %14.0f%n", variant, mint[1], 1e6 / mint[1], verify[1],
                    1e6 / verify[1]);
        }
    }

    private static double measure(ThreadMXBean mx, double seconds, Runnable op) {
        long cpuStart = mx.getCurrentThreadCpuTime();
        long budget = (long) (seconds * 1e9);
        long ops = 0;
        while (mx.getCurrentThreadCpuTime() - cpuStart < budget) {
            for (int i = 0; i < 50; i++) {
                op.run();
            }
            ops += 50;
        }
        return (mx.getCurrentThreadCpuTime() - cpuStart) / 1e3 / ops;
    }
}
