package io.rolegate.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway answered the service's own call with an error (its credentials refused, a question it could not read):
 * never a decision about the client's request. The error's code and message are read from a JSON error body
 * ({@code {"error": {"code", "message"}}}, {@code {"__type"|"code", "message"}}) or an AWS Query XML one.
 */
final class GatewayRefusal extends RuntimeException {
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    final int status;
    final String code;
    final String detail;

    private GatewayRefusal(int status, String code, String detail) {
        super("the gateway answered HTTP " + status + " " + code + ": " + detail);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    static GatewayRefusal of(int status, byte[] body, ObjectMapper json) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode doc = json.readTree(text);
            if (doc != null && doc.isObject()) {
                JsonNode e = doc.has("error") && doc.get("error").isObject() ? doc.get("error") : doc;
                String code = first(e, "code", "Code", "__type");
                String message = first(e, "message", "Message");
                return new GatewayRefusal(status, code, message);
            }
        } catch (java.io.IOException notJson) {
            // an XML error document, or no body
        }
        return new GatewayRefusal(status, group(XML_CODE.matcher(text)), group(XML_MESSAGE.matcher(text)));
    }

    private static String first(JsonNode node, String... fields) {
        for (String f : fields) {
            if (node.hasNonNull(f)) {
                return node.get(f).asText();
            }
        }
        return null;
    }

    private static String group(Matcher m) {
        return m.find() ? m.group(1) : null;
    }
}
