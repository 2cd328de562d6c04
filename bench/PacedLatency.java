import io.rolegate.sigv4.HttpRequestParts;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A paced client that keeps every latency (wrk only reports percentiles per run, which cannot be pooled over rounds,
 * and its delay() pacing adds each answer's latency to the interval, so it under-delivers a target rate). CONNS
 * keep-alive connections, each sending one signed request every INTERVAL_MS on a fixed schedule (a request late
 * because the previous answer was slow goes at once). Appends one latency in microseconds per line to OUT (answers
 * other than 200 are counted and reported, not recorded). Compiled with SignAssumeRole (bench/noisy-tenant.sh):
 * java -cp CLASSES:$SIGNER_CP PacedLatency CONNS INTERVAL_MS SECONDS OUT HOST:PORT AKID SECRET ROLE_ARN EXTERNAL_ID
 * java -cp CLASSES:$SIGNER_CP PacedLatency CONNS INTERVAL_MS SECONDS OUT HOST:PORT --query SERVICE AKID SECRET BODY
 * java -cp CLASSES:$SIGNER_CP PacedLatency CONNS INTERVAL_MS SECONDS OUT HOST:PORT --get PATH   (unsigned, e.g. the no-op)
 * With SLOW_MS set, every answer slower than that is also printed to standard error with its wall-clock time
 * ("slow EPOCH_MILLIS LATENCY_MICROS"), to line tail latencies up with GC and database logs.
 */
public class PacedLatency {
    private static final long SLOW_MICROS = System.getenv("SLOW_MS") == null ? Long.MAX_VALUE
            : Long.parseLong(System.getenv("SLOW_MS")) * 1000;

    public static void main(String[] a) throws Exception {
        int conns = Integer.parseInt(a[0]);
        long intervalNanos = Long.parseLong(a[1]) * 1_000_000L;
        long seconds = Long.parseLong(a[2]);
        String out = a[3];
        String[] spec = java.util.Arrays.copyOfRange(a, 4, a.length);
        byte[] request = spec[1].equals("--get") ? ("GET " + spec[2] + " HTTP/1.1\r\nHost: " + spec[0] + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)
                : raw(spec[0], spec[1].equals("--query") ? SignAssumeRole.signedQuery(spec)
                        : SignAssumeRole.sign(spec, spec[3]));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String[] hostPort = spec[0].split(":");
        List<long[]> perThread = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            long[] lat = new long[(int) (seconds * 1_000_000_000L / intervalNanos + 16)];
            perThread.add(lat);
            Thread t = new Thread(() -> run(hostPort[0], Integer.parseInt(hostPort[1]), request, intervalNanos, end, lat,
                    failures));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int n = 0;
        try (PrintWriter lines = new PrintWriter(new FileWriter(out, true))) {
            for (long[] lat : perThread) {
                for (long l : lat) {
                    if (l == 0) {
                        break;
                    }
                    lines.println(l);
                    n++;
                }
            }
        }
        System.out.printf("%d answers in %d s (%.1f/s), %d not 200%n", n, seconds, n / (double) seconds,
                failures.get());
    }

    private static void run(String host, int port, byte[] request, long interval, long end, long[] lat,
                            AtomicInteger failures) {
        int i = 0;
        try (Socket s = new Socket(host, port)) {
            s.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            // buffered: reading the answer's head a byte per read() was a system call per byte, which made this
            // client (not the gateway) the busiest process on the machine at 1,000 requests/s
            InputStream in = new BufferedInputStream(s.getInputStream());
            long next = System.nanoTime() + (long) (Math.random() * interval); // connections spread over the interval
            while (true) {
                long now = System.nanoTime();
                if (now < next) {
                    Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
                }
                long sent = System.nanoTime();
                if (sent >= end || i >= lat.length) {
                    return;
                }
                next += interval;
                out.write(request);
                out.flush();
                int status = readResponse(in);
                long took = (System.nanoTime() - sent) / 1000;
                if (took > SLOW_MICROS) {
                    System.err.printf("slow %d %d%n", System.currentTimeMillis() - took / 1000, took);
                }
                if (status == 200) {
                    lat[i++] = Math.max(1, took);
                } else {
                    failures.incrementAndGet();
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        int b;
        int last4 = 0;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) { // "\r\n\r\n"
                break;
            }
        }
        String h = head.toString();
        int status = Integer.parseInt(h.substring(9, 12));
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return status;
    }

    private static byte[] raw(String host, HttpRequestParts signed) {
        StringBuilder r = new StringBuilder("POST / HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        signed.headers().forEach((k, v) -> {
            if (!k.equals("host")) {
                r.append(k).append(": ").append(v.get(0)).append("\r\n");
            }
        });
        r.append("Content-Length: ").append(signed.body().length).append("\r\n\r\n");
        byte[] head = r.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + signed.body().length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(signed.body(), 0, all, head.length, signed.body().length);
        return all;
    }
}
