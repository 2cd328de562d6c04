package io.rolegate.sts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * PackedPolicySize: AWS's packing is proprietary (docs/aws-behaviour.md §8), so ours is defined here: the session
 * policy text, the policy ARNs and the session tags, DEFLATE-compressed, as a percentage of a
 * {@value #BUDGET_BYTES}-byte budget (rounded up). Above 100 the request fails with PackedPolicyTooLarge. Transitive
 * status does not count.
 */
public final class PackedSize {
    public static final int BUDGET_BYTES = 2048;

    private PackedSize() {
    }

    public static int percent(String policy, List<String> policyArns, Map<String, String> tags) {
        StringBuilder sb = new StringBuilder();
        if (policy != null) {
            sb.append(policy);
        }
        for (String arn : policyArns) {
            sb.append('\n').append(arn);
        }
        tags.forEach((k, v) -> sb.append('\n').append(k).append('=').append(v));
        if (sb.length() == 0) {
            return 0;
        }
        byte[] input = sb.toString().getBytes(StandardCharsets.UTF_8);
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            d.setInput(input);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return (int) Math.ceil(out.size() * 100.0 / BUDGET_BYTES);
        } finally {
            d.end();
        }
    }
}
