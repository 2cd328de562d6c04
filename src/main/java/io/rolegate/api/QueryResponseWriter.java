package io.rolegate.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rolegate.error.ErrorCode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Renders Query-protocol responses: the XML envelopes of docs/aws-behaviour.md §1, and the legacy JSON variant. */
public final class QueryResponseWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final char REPLACEMENT = '\uFFFD';

    private QueryResponseWriter() {
    }

    public static String xmlSuccess(String action, String namespace, Result result, String requestId) {
        StringBuilder sb = new StringBuilder(2048); // an AssumeRole answer is ~1.8 KB
        sb.append("<").append(action).append("Response xmlns=\"").append(namespace).append("\">\n");
        if (result != null) {
            sb.append("  <").append(action).append("Result>\n");
            members(sb, result, 2);
            sb.append("  </").append(action).append("Result>\n");
        }
        sb.append("  <ResponseMetadata>\n    <RequestId>").append(requestId).append("</RequestId>\n  </ResponseMetadata>\n");
        sb.append("</").append(action).append("Response>\n");
        return sb.toString();
    }

    public static String xmlError(String namespace, ErrorCode code, String message, String requestId) {
        return xmlError(namespace, code, message, null, requestId);
    }

    /** With an encoded authorization message (AccessDenied) in its own element, after the AWS members. */
    public static String xmlError(String namespace, ErrorCode code, String message, String encodedAuthorization,
                                  String requestId) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<ErrorResponse xmlns=\"").append(namespace).append("\">\n  <Error>\n    <Type>")
                .append(code.faultType()).append("</Type>\n    <Code>").append(code.code()).append("</Code>\n");
        if (message != null) {
            sb.append("    <Message>");
            escape(sb, message);
            sb.append("</Message>\n");
        }
        if (encodedAuthorization != null) {
            sb.append("    <EncodedAuthorizationMessage>").append(encodedAuthorization).append("</EncodedAuthorizationMessage>\n");
        }
        sb.append("  </Error>\n  <RequestId>").append(requestId).append("</RequestId>\n</ErrorResponse>\n");
        return sb.toString();
    }

    private static void members(StringBuilder sb, Result r, int depth) {
        for (Map.Entry<String, Object> e : r.members().entrySet()) {
            element(sb, e.getKey(), e.getValue(), depth);
        }
    }

    private static void element(StringBuilder sb, String name, Object value, int depth) {
        indent(sb, depth);
        sb.append('<').append(name).append('>');
        if (value instanceof Result nested) {
            sb.append('\n');
            members(sb, nested, depth + 1);
            indent(sb, depth);
        } else if (value instanceof List<?> list) {
            sb.append('\n');
            for (Object item : list) {
                element(sb, "member", item, depth + 1);
            }
            indent(sb, depth);
        } else if (value instanceof Map<?, ?> map) { // a Query-protocol map: entry/key/value
            sb.append('\n');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                element(sb, "entry", Result.of().put("key", e.getKey()).put("value", e.getValue()), depth + 1);
            }
            indent(sb, depth);
        } else {
            escape(sb, Result.format(value));
        }
        sb.append("</").append(name).append(">\n");
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    private static boolean plainChar(char c) {
        return c >= 0x20 && c < Character.MIN_SURROGATE && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
    }

    /**
     * Character data that stays well-formed XML 1.0 whatever the caller sent: markup characters are escaped, CR is a
     * character reference (a literal one would be read back as LF), and what XML 1.0 cannot carry at all (C0 controls
     * other than tab, LF and CR, U+FFFE, U+FFFF, unpaired surrogates) becomes U+FFFD. Every value and message of a
     * response goes through here.
     */
    static void escape(StringBuilder sb, String s) {
        int plain = 0;
        while (plain < s.length() && plainChar(s.charAt(plain))) {
            plain++;
        }
        sb.append(s, 0, plain); // most values (tokens, ids, ARNs) need no escaping at all
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\r' -> sb.append("&#13;");
                case '\t', '\n' -> sb.append(c);
                case '\uFFFE', '\uFFFF' -> sb.append(REPLACEMENT);
                default -> {
                    if (c < 0x20) {
                        sb.append(REPLACEMENT);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append(REPLACEMENT);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    public static String jsonSuccess(String action, Result result, String requestId) {
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart(action + "Response");
            if (result != null) {
                g.writeFieldName(action + "Result");
                writeJson(g, result);
            }
            g.writeObjectFieldStart("ResponseMetadata");
            g.writeStringField("RequestId", requestId);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    public static String jsonError(ErrorCode code, String message, String requestId) {
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("Error");
            g.writeStringField("Code", code.code());
            g.writeStringField("Message", message);
            g.writeStringField("Type", code.faultType());
            g.writeEndObject();
            g.writeStringField("RequestId", requestId);
            g.writeEndObject();
        });
    }

    private static void writeJson(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Result r) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : r.members().entrySet()) {
                g.writeFieldName(e.getKey());
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeJson(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(Result.format(value));
        }
    }

    private interface JsonWork {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(JsonWork work) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            work.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
