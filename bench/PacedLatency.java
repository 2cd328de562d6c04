import io.rolegate.sigv4.HttpRequestParts;

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
 * A paced AssumeRole client that keeps every latency (wrk only reports percentiles per run, which cannot be pooled
 * over rounds). CONNS keep-alive connections, each sending one signed cross-account AssumeRole (SignAssumeRole's
 * request) every INTERVAL_MS; a request is due INTERVAL_MS after the previous one was sent, or at once when the previous
 * answer took longer. Appends one latency in microseconds per line to OUT (the answers' status is checked: anything
 * but 200 is counted and reported, not recorded). Run as bench/lib.sh runs SignAssumeRole:
 * java -cp "$SIGNER_CP" bench/PacedLatency.java HOST:PORT AKID SECRET ROLE_ARN EXTERNAL_ID CONNS INTERVAL_MS SECONDS OUT
 */
public class PacedLatency {
    public static void main(String[] a) throws Exception {
        HttpRequestParts signed = SignAssumeRole.sign(a, a[3]);
        byte[] request = raw(a[0], signed);
        int conns = Integer.parseInt(a[5]);
        long intervalNanos = Long.parseLong(a[6]) * 1_000_000L;
        long end = System.nanoTime() + Long.parseLong(a[7]) * 1_000_000_000L;
        String[] hostPort = a[0].split(":");
        List<long[]> perThread = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            long[] lat = new long[(int) (Long.parseLong(a[7]) * 1000 / Long.parseLong(a[6]) + 16)];
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
        try (PrintWriter out = new PrintWriter(new FileWriter(a[8], true))) {
            for (long[] lat : perThread) {
                for (long l : lat) {
                    if (l == 0) {
                        break;
                    }
                    out.println(l);
                    n++;
                }
            }
        }
        System.out.printf("%d answers in %s s (%.1f/s), %d not 200%n", n, a[7], n / Double.parseDouble(a[7]),
                failures.get());
    }

    private static void run(String host, int port, byte[] request, long interval, long end, long[] lat,
                            AtomicInteger failures) {
        int i = 0;
        try (Socket s = new Socket(host, port)) {
            s.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            InputStream in = s.getInputStream();
            long next = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                if (now < next) {
                    Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
                }
                long sent = System.nanoTime();
                if (sent >= end || i >= lat.length) {
                    return;
                }
                next = sent + interval;
                out.write(request);
                out.flush();
                int status = readResponse(in);
                long took = (System.nanoTime() - sent) / 1000;
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
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
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
