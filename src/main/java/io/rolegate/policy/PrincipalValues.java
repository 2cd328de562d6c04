package io.rolegate.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The principal values of a policy document as written: the strings under {@code Statement[].Principal.<type>} and
 * {@code Statement[].NotPrincipal.<type>} (one string or an array of them). Read and replaced on the document's own
 * text, so everything else stays byte for byte as the caller wrote it. A document that is not JSON has none.
 */
public final class PrincipalValues {
    private static final JsonFactory JSON = new JsonFactory();

    private PrincipalValues() {
    }

    /** The values of one principal type ({@code AWS}, {@code Federated}, ...), in document order. */
    public static List<String> of(String document, String type) {
        List<String> out = new ArrayList<>();
        walk(document, type, (start, end, value) -> out.add(value));
        return out;
    }

    /**
     * The document with each {@code type} principal value found in {@code replacements} replaced by its mapped value
     * (the other values, and the rest of the text, untouched).
     */
    public static String replace(String document, String type, Map<String, String> replacements) {
        if (replacements.isEmpty()) {
            return document;
        }
        StringBuilder sb = new StringBuilder(document.length() + 64);
        int[] copied = {0};
        walk(document, type, (start, end, value) -> {
            String with = replacements.get(value);
            if (with != null) {
                sb.append(document, copied[0], start).append('"')
                        .append(JsonStringEncoder.getInstance().quoteAsString(with)).append('"');
                copied[0] = end;
            }
        });
        return sb.append(document, copied[0], document.length()).toString();
    }

    private interface Visitor {
        /** A principal string value spanning [start, end) of the document text, quotes included. */
        void value(int start, int end, String value);
    }

    private static void walk(String document, String type, Visitor visitor) {
        if (document == null) {
            return;
        }
        try (JsonParser p = JSON.createParser(document)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING && isPrincipalValue(p.getParsingContext(), type)) {
                    int start = (int) p.getTokenLocation().getCharOffset();
                    String value = p.getText();
                    int end = (int) p.currentLocation().getCharOffset();
                    visitor.value(start, end, value);
                }
            }
        } catch (IOException e) {
            // not JSON: no principals (the grammar check reports the document itself)
        }
    }

    /**
     * Statement[.N].(Principal|NotPrincipal).type[.N] under the root object. An object context's current name is the
     * member being read inside it, so each level names the member one level down.
     */
    private static boolean isPrincipalValue(JsonStreamContext ctx, String type) {
        if (ctx.inArray()) {
            ctx = ctx.getParent();
        }
        if (!ctx.inObject() || !type.equals(ctx.getCurrentName())) {
            return false; // ctx: the Principal object
        }
        JsonStreamContext statement = ctx.getParent();
        if (statement == null || !statement.inObject()
                || !("Principal".equals(statement.getCurrentName()) || "NotPrincipal".equals(statement.getCurrentName()))) {
            return false;
        }
        JsonStreamContext root = statement.getParent();
        if (root != null && root.inArray()) {
            root = root.getParent();
        }
        return root != null && root.inObject() && "Statement".equals(root.getCurrentName()) && root.getParent() != null
                && root.getParent().inRoot();
    }
}
